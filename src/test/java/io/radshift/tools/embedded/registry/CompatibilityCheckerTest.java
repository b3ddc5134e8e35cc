package io.radshift.tools.embedded.registry;

import io.radshift.ingest.registry.CompatibilityLevel;
import io.radshift.ingest.registry.RegisteredSchema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** The level semantics, on schemas whose compatibility is known from the Avro specification's resolution rules. */
class CompatibilityCheckerTest {

    private static final Schema V1 = SchemaBuilder.record("R").fields().requiredInt("a").endRecord();
    private static final Schema ADDS_DEFAULTED = SchemaBuilder.record("R").fields().requiredInt("a")
            .name("b").type().stringType().stringDefault("x").endRecord();
    private static final Schema ADDS_REQUIRED = SchemaBuilder.record("R").fields().requiredInt("a")
            .requiredString("b").endRecord();
    private static final Schema DROPS_A = SchemaBuilder.record("R").fields().optionalString("c").endRecord();
    private static final Schema WIDENS_A = SchemaBuilder.record("R").fields().requiredLong("a").endRecord();

    @Test
    void addingAFieldWithADefaultIsFullyCompatible() {
        for (final CompatibilityLevel level : CompatibilityLevel.values()) {
            assertThat(check(level, ADDS_DEFAULTED, V1)).as(level.name()).isEmpty();
        }
    }

    @Test
    void addingARequiredFieldBreaksBackwardOnly() {
        assertThat(check(CompatibilityLevel.BACKWARD, ADDS_REQUIRED, V1)).singleElement().asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("version 1").contains("b");
        assertThat(check(CompatibilityLevel.FORWARD, ADDS_REQUIRED, V1)).isEmpty();
        assertThat(check(CompatibilityLevel.FULL, ADDS_REQUIRED, V1)).hasSize(1);
        assertThat(check(CompatibilityLevel.NONE, ADDS_REQUIRED, V1)).isEmpty();
    }

    @Test
    void droppingARequiredFieldBreaksForwardOnly() {
        assertThat(check(CompatibilityLevel.BACKWARD, DROPS_A, V1)).isEmpty();
        assertThat(check(CompatibilityLevel.FORWARD, DROPS_A, V1)).singleElement().asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("cannot read data written with the new schema");
    }

    @Test
    void promotingIntToLongIsBackwardButNotForward() {
        assertThat(check(CompatibilityLevel.BACKWARD, WIDENS_A, V1)).isEmpty();
        assertThat(check(CompatibilityLevel.FORWARD, WIDENS_A, V1)).singleElement().asString()
                .contains("TYPE_MISMATCH");
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersionNotOnlyTheLatest() {
        // v1 {a}, v2 {a, b="x"}; a candidate with b required reads v2 data but not v1 data.
        final List<RegisteredSchema> history = List.of(new RegisteredSchema("s", 1, 1, V1),
                new RegisteredSchema("s", 2, 2, ADDS_DEFAULTED));
        assertThat(CompatibilityChecker.incompatibilities(CompatibilityLevel.BACKWARD, ADDS_REQUIRED, history)).isEmpty();
        assertThat(CompatibilityChecker.incompatibilities(CompatibilityLevel.BACKWARD_TRANSITIVE, ADDS_REQUIRED, history))
                .singleElement().asString().contains("version 1");
    }

    @Test
    void theFirstVersionIsAlwaysAccepted() {
        assertThat(CompatibilityChecker.incompatibilities(CompatibilityLevel.FULL_TRANSITIVE, V1, List.of())).isEmpty();
    }

    private static List<String> check(final CompatibilityLevel level, final Schema candidate, final Schema previous) {
        return CompatibilityChecker.incompatibilities(level, candidate, List.of(new RegisteredSchema("s", 1, 1, previous)));
    }
}
