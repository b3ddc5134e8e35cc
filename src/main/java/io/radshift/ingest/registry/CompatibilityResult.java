package io.radshift.ingest.registry;

import java.util.List;

/**
 * Outcome of a compatibility test of a candidate schema against a subject.
 *
 * @param compatible whether the registry would accept the schema as a new version
 * @param messages   the reasons when it would not (empty when compatible or when the registry gives none)
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    /** Copies the message list. */
    public CompatibilityResult {
        messages = List.copyOf(messages);
    }

    /** A compatible result with no messages. */
    public static CompatibilityResult ok() {
        return new CompatibilityResult(true, List.of());
    }
}
