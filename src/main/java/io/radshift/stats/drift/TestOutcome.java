package io.radshift.stats.drift;

import java.util.Map;

/**
 * One test of one window; the first nine components mirror the Avro TestResult record 1:1 (nullable Avro
 * fields are nullable boxed values here). {@code details} carries extra numbers that do not fit the wire record
 * (e.g. Wilson interval bounds, reference rates, the rare-label excess over prevalence).
 *
 * @param test test name, e.g. centroid-euclidean, mmd2-rff, label-prior, quality-contrast
 * @param label label, metadata field or quality feature; null for whole-embedding tests
 * @param statistic observed statistic
 * @param threshold critical value at this n and level alpha (unadjusted), where the test has one
 * @param pValue unadjusted p-value
 * @param adjustedPValue p-value after Holm / Benjamini-Hochberg across the window's tests
 * @param effectSize effect size
 * @param effectSizeName what the effect size measures
 * @param drift whether the drift is material: significant after correction and beyond the tolerance
 * @param details extra named numbers
 * @param effectTolerance practical tolerance of the effect size; null where none is defined
 * @param significant whether the adjusted p-value is at or below alpha, whatever the effect size
 * @param severity size of the effect against its tolerances
 * @param effectStandardError standard error of the effect's estimate; null where none is known
 */
public record TestOutcome(String test, String label, double statistic, Double threshold, Double pValue,
                          Double adjustedPValue, double effectSize, String effectSizeName, boolean drift,
                          Map<String, Double> details, Double effectTolerance, boolean significant,
                          EffectSeverity severity, Double effectStandardError) {

    /** Copies details. */
    public TestOutcome {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** An outcome without a tolerance: significance alone decides, a drift is a warning. */
    public TestOutcome(final String test, final String label, final double statistic, final Double threshold,
                       final Double pValue, final Double adjustedPValue, final double effectSize,
                       final String effectSizeName, final boolean drift, final Map<String, Double> details) {
        this(test, label, statistic, threshold, pValue, adjustedPValue, effectSize, effectSizeName, drift, details,
            null, drift, drift ? EffectSeverity.WARNING : EffectSeverity.NONE, null);
    }

    /** An outcome with a tolerance whose effect has no known standard error (operational checks). */
    public TestOutcome(final String test, final String label, final double statistic, final Double threshold,
                       final Double pValue, final Double adjustedPValue, final double effectSize,
                       final String effectSizeName, final boolean drift, final Map<String, Double> details,
                       final Double effectTolerance, final boolean significant, final EffectSeverity severity) {
        this(test, label, statistic, threshold, pValue, adjustedPValue, effectSize, effectSizeName, drift, details,
            effectTolerance, significant, severity, null);
    }

    /**
     * A copy with the multiple-testing result and the tolerance filled in: significant when the adjusted p-value
     * is at most alpha; drift (material) when also {@code magnitude} is beyond the tolerance; severity from the
     * magnitude when material, NONE otherwise; and the standard error of the effect's estimate (NaN: unknown).
     */
    TestOutcome judged(final double adjusted, final boolean isSignificant, final Tolerance tolerance,
                       final double magnitude, final double standardError) {
        final boolean material = isSignificant && tolerance.exceededBy(magnitude);
        return new TestOutcome(test, label, statistic, threshold, pValue, adjusted, effectSize, effectSizeName,
            material, details, tolerance.tolerance(), isSignificant,
            material ? tolerance.severity(magnitude) : EffectSeverity.NONE,
            Double.isFinite(standardError) ? standardError : null);
    }
}
