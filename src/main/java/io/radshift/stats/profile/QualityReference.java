package io.radshift.stats.profile;

/**
 * Reference mean and standard deviation of each quality feature (order of QualityFeatures.NAMES).
 *
 * @param means feature means
 * @param sds feature standard deviations (sample, n - 1)
 * @param counts studies where the feature was finite
 */
public record QualityReference(double[] means, double[] sds, long[] counts) {
}
