package io.radshift.stats.profile;

/**
 * Reference mean and standard deviation of each quality feature (order of QualityFeatures.NAMES).
 *
 * @param means feature means
 * @param sds feature standard deviations (sample, n - 1)
 * @param counts studies where the feature was finite
 */
public record QualityReference(double[] means, double[] sds, long[] counts) {

    /** The smallest spread a feature is measured against, relative to its scale (see {@link #scale}). */
    static final double MIN_RELATIVE_SD = 1e-3;

    /**
     * The standard deviation effects and z-statistics of a feature are expressed in: the reference's, but at least
     * {@value #MIN_RELATIVE_SD} of the feature's magnitude (at least 1). A feature that is constant in the
     * reference (every image 224 px, so the resolution's sd is rounding noise of 1e-15) would otherwise turn a real
     * change into an effect of 1e14 sd, and floating-point noise into a significant one.
     */
    public double scale(final int feature) {
        return Math.max(sds[feature], MIN_RELATIVE_SD * Math.max(1, Math.abs(means[feature])));
    }
}
