package io.radshift.ingest.registry;

import java.util.Arrays;
import java.util.Locale;

/**
 * Schema evolution rules a registry enforces when a new version is registered under a subject.
 *
 * <p>Same names and meaning as Confluent Schema Registry: BACKWARD means consumers using the new schema
 * can read data written with the previous one; FORWARD means consumers of the previous schema can read
 * data written with the new one; FULL is both. The TRANSITIVE variants check every earlier version
 * instead of only the latest.
 */
public enum CompatibilityLevel {
    /** No check. */
    NONE(false, false, false),
    /** The new schema reads data written with the latest version. */
    BACKWARD(true, false, false),
    /** The new schema reads data written with every earlier version. */
    BACKWARD_TRANSITIVE(true, false, true),
    /** The latest version reads data written with the new schema. */
    FORWARD(false, true, false),
    /** Every earlier version reads data written with the new schema. */
    FORWARD_TRANSITIVE(false, true, true),
    /** BACKWARD and FORWARD against the latest version. */
    FULL(true, true, false),
    /** BACKWARD and FORWARD against every earlier version. */
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(final boolean backward, final boolean forward, final boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Whether the new schema must be able to read the old ones. */
    public boolean backward() {
        return backward;
    }

    /** Whether the old schemas must be able to read the new one. */
    public boolean forward() {
        return forward;
    }

    /** Whether every earlier version is checked rather than only the latest. */
    public boolean transitive() {
        return transitive;
    }

    /**
     * Parses a level name case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values when the name is unknown
     */
    public static CompatibilityLevel parse(final String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown compatibility level '" + name + "'; expected one of "
                    + Arrays.toString(values()), e);
        }
    }
}
