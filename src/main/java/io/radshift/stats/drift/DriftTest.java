package io.radshift.stats.drift;

/** The families of tests a {@link WindowEvaluator} can run; each can be switched on or off. */
public enum DriftTest {
    /** Centroid distance, Euclidean and cosine (n-calibrated null). */
    CENTROID,
    /** RFF-MMD^2 (n-calibrated null). */
    MMD,
    /** Label prior shift from ground truth (exact binomial). */
    LABEL_PRIOR,
    /** Rare-label over-confidence (exact one-sided binomial). */
    RARE_OVERCONFIDENCE,
    /** Score histogram shift (chi-squared with PSI as effect size). */
    SCORE_HISTOGRAM,
    /** Metadata category shift (chi-squared). */
    METADATA,
    /** Image-quality mean shift (z-test). */
    QUALITY
}
