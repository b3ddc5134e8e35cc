package io.radshift.stats.drift;

import java.util.Map;

/**
 * The effect measure of each kind of test, with its default tolerances: the families that
 * {@code detection.tolerances} configures. Defaults and why (README, "How detection works"):
 * <ul>
 *   <li>score histograms and metadata: PSI 0.1 / 0.25, the population-stability bands of credit scoring
 *       (below 0.1 no real change, 0.1-0.25 moderate, above 0.25 major);
 *   <li>image quality: |standardised mean difference| 0.35 / 0.8, between Cohen's small (0.2) and medium (0.5)
 *       for the tolerance, Cohen's large for critical: unseen patients of the reference hospital differ from its
 *       training patients by 0.1-0.15 sd in contrast and saturated fraction (measured on kermany), which 0.2
 *       would call material in windows of 100-200 studies by sampling noise alone. The saturated fraction has its
 *       own default, 0.5 / 1.0: kermany's patients outside its training set differ from the training patients by
 *       0.26 sd in it (their median is twice as high), and at 0.35 windows of 50-200 such studies crossed the
 *       tolerance by sampling noise alone in 9-24% of windows and paged stable sites;
 *   <li>label prior and rare-label over-confidence: |Cohen's h| 0.2 / 0.5, Cohen's small and medium effects for
 *       proportions on the arcsine scale, where rare and common labels vary alike;
 *   <li>embedding tests: no established band; the tolerance comes from the reference's own variation between
 *       groups of patients (stored in the profile). The fixed values are the floor and the fallback for profiles
 *       built before that existed: a centroid shift of 0.1 (critical 0.2) total standard deviation, i.e. 0.01
 *       (0.04) of the total variance, and the same shift on the MMD^2 and cosine scales (about 0.5 and 0.3 times
 *       the squared shift for other hospitals' X-rays with the demo encoder).
 * </ul>
 */
public enum EffectFamily {
    /** Centroid distance: unbiased squared shift of the mean embedding over the reference's total variance. */
    CENTROID_EUCLIDEAN("centroidEuclidean", "squared-centroid-shift", new Tolerance(0.01, 0.04), false),
    /** Centroid direction: debiased cosine distance between the mean embeddings. */
    CENTROID_COSINE("centroidCosine", "cosine-distance", new Tolerance(0.003, 0.012), false),
    /** Kernel two-sample distance: unbiased RFF-MMD^2. */
    MMD("mmd", "mmd2", new Tolerance(0.005, 0.02), false),
    /** Label prevalence from ground truth: Cohen's h, two-sided. */
    LABEL_PRIOR("labelPrior", "cohens-h", new Tolerance(0.2, 0.5), true),
    /** Rate of high-confidence positives of a rare label: Cohen's h, increases only. */
    RARE_OVERCONFIDENCE("rareOverconfidence", "cohens-h", new Tolerance(0.2, 0.5), false),
    /** Score histogram of a label: debiased PSI. */
    SCORE_HISTOGRAM("scoreHistogram", "psi", new Tolerance(0.1, 0.25), false),
    /** Category mix of a metadata field: debiased PSI. */
    METADATA("metadata", "psi", new Tolerance(0.1, 0.25), false),
    /** Mean of an image-quality feature: debiased standardised mean difference, two-sided. */
    QUALITY("quality", "standardised-mean-difference", new Tolerance(0.35, 0.8), true);

    private final String configKey;
    private final String effectName;
    private final Tolerance defaultTolerance;
    private final boolean twoSided;

    EffectFamily(final String configKey, final String effectName, final Tolerance defaultTolerance,
                 final boolean twoSided) {
        this.configKey = configKey;
        this.effectName = effectName;
        this.defaultTolerance = defaultTolerance;
        this.twoSided = twoSided;
    }

    /**
     * Default tolerances of single labels, metadata fields or quality features that differ from the family's band
     * (see the class comment); like configured per-label tolerances they are used as they are.
     */
    public Map<String, Tolerance> defaultLabelTolerances() {
        return this == QUALITY ? Map.of("saturatedFraction", new Tolerance(0.5, 1.0)) : Map.of();
    }

    /** Key of the family under {@code detection.tolerances}. */
    public String configKey() {
        return configKey;
    }

    /** Name of the effect size, as written to WindowSummary.effectSizeName. */
    public String effectName() {
        return effectName;
    }

    /** Default tolerances (README table). */
    public Tolerance defaultTolerance() {
        return defaultTolerance;
    }

    /**
     * The magnitude compared with the tolerance: |effect| for a two-sided signed effect; the effect itself for a
     * one-sided or squared-scale one, whose negative values mean "less than sampling alone gives".
     */
    public double magnitude(final double effect) {
        return twoSided ? Math.abs(effect) : effect;
    }

    /** The family of a configuration key. */
    public static EffectFamily ofConfigKey(final String key) {
        for (final EffectFamily family : values()) {
            if (family.configKey.equals(key)) {
                return family;
            }
        }
        throw new IllegalArgumentException("unknown tolerance family '" + key + "'");
    }
}
