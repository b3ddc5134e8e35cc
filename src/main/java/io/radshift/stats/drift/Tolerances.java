package io.radshift.stats.drift;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The tolerances of every effect family: a band per family, whether the reference profile's own variation
 * between groups of patients may raise it, and per-label overrides (a label, metadata field or quality
 * feature, e.g. {@code Pneumothorax} or {@code contrast}).
 *
 * @param families settings per family; families not present use their defaults
 */
public record Tolerances(Map<EffectFamily, Family> families) {

    /**
     * Settings of one family.
     *
     * @param band          tolerance and critical tolerance
     * @param fromReference whether the profile's between-group variation raises the band (when larger)
     * @param labels        per-label tolerances, used as they are (not raised)
     */
    public record Family(Tolerance band, boolean fromReference, Map<String, Tolerance> labels) {
        /** Copies labels. */
        public Family {
            labels = Map.copyOf(labels);
        }
    }

    /** Fills in defaults and copies. */
    public Tolerances {
        final Map<EffectFamily, Family> all = new EnumMap<>(EffectFamily.class);
        for (final EffectFamily family : EffectFamily.values()) {
            all.put(family, families.getOrDefault(family, defaultFamily(family)));
        }
        families = Map.copyOf(all);
    }

    /** Every family at its default band, raised by the reference, with the default per-label tolerances only. */
    public static Tolerances defaults() {
        return new Tolerances(Map.of());
    }

    /** The default settings of a family. */
    public static Family defaultFamily(final EffectFamily family) {
        return new Family(family.defaultTolerance(), true, family.defaultLabelTolerances());
    }

    /** A copy with other settings for one family. */
    public Tolerances with(final EffectFamily family, final Family settings) {
        final Map<EffectFamily, Family> copy = new EnumMap<>(families);
        copy.put(family, settings);
        return new Tolerances(copy);
    }

    /**
     * The tolerances of one test: the label's override if configured; otherwise the family band, raised to the
     * reference-derived tolerance when the family allows it and the profile has one.
     *
     * @param family  the test's effect family
     * @param label   the test's label, field or feature; null for whole-embedding tests
     * @param derived tolerance derived from the reference profile, empty when it has none
     */
    public Tolerance resolve(final EffectFamily family, final String label, final OptionalDouble derived) {
        final Family settings = families.get(family);
        if (label != null && settings.labels().containsKey(label)) {
            return settings.labels().get(label);
        }
        return settings.fromReference() && derived.isPresent() ? settings.band().raisedTo(derived.getAsDouble())
            : settings.band();
    }
}
