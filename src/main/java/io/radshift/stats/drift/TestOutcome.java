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
 * @param drift whether the adjusted p-value is at or below alpha
 * @param details extra named numbers
 */
public record TestOutcome(String test, String label, double statistic, Double threshold, Double pValue,
                          Double adjustedPValue, double effectSize, String effectSizeName, boolean drift,
                          Map<String, Double> details) {

    /** Copies details. */
    public TestOutcome {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** A copy with the multiple-testing result filled in. */
    TestOutcome adjusted(final double adjusted, final boolean rejected) {
        return new TestOutcome(test, label, statistic, threshold, pValue, adjusted, effectSize, effectSizeName,
            rejected, details);
    }
}
