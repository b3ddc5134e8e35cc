package io.radshift.stats.drift;

/**
 * How large a test's effect is, judged against its practical tolerances, independent of the kind of test: an
 * on-call engineer reads the same word for an embedding shift and a label-prior shift of the same practical size.
 */
public enum EffectSeverity {
    /** Not material: within the tolerance, or not significant. */
    NONE,
    /** Material: significant and beyond the tolerance. */
    WARNING,
    /** Significant and beyond the critical tolerance. */
    CRITICAL
}
