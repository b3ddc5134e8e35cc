package io.radshift.tools.embedded.registry;

import io.radshift.ingest.registry.CompatibilityLevel;
import io.radshift.ingest.registry.RegisteredSchema;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;

/**
 * Applies a {@link CompatibilityLevel} with Avro's own {@link SchemaCompatibility} reader/writer rules, and
 * explains every incompatibility (type, location and the offending field or type).
 */
final class CompatibilityChecker {

    private CompatibilityChecker() {
    }

    /**
     * The reasons a candidate cannot follow the existing versions, empty when it can.
     *
     * @param existing the subject's versions, oldest first (may be empty)
     */
    static List<String> incompatibilities(final CompatibilityLevel level, final Schema candidate,
                                          final List<RegisteredSchema> existing) {
        if (level == CompatibilityLevel.NONE || existing.isEmpty()) {
            return List.of();
        }
        final List<RegisteredSchema> checked = level.transitive() ? existing : existing.subList(existing.size() - 1,
                existing.size());
        final List<String> reasons = new ArrayList<>();
        for (final RegisteredSchema previous : checked) {
            if (level.backward()) {
                explain(candidate, previous.schema(), "new schema cannot read data written with version "
                        + previous.version(), reasons);
            }
            if (level.forward()) {
                explain(previous.schema(), candidate, "version " + previous.version()
                        + " cannot read data written with the new schema", reasons);
            }
        }
        return reasons;
    }

    private static void explain(final Schema reader, final Schema writer, final String direction,
                                final List<String> reasons) {
        final SchemaCompatibilityResult result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        for (final Incompatibility incompatibility : result.getIncompatibilities()) {
            reasons.add(direction + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
                    + " (" + incompatibility.getMessage() + ")");
        }
    }
}
