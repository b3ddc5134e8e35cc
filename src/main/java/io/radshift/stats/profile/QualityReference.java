package io.radshift.stats.profile;

/**
 * Reference mean and standard deviation of each quality feature (order of QualityFeatures.NAMES).
 *
 * @param means feature means
 * @param sds feature standard deviations (sample, n - 1)
 * @param counts studies where the feature was finite
 */
public record QualityReference(double[] means, double[] sds, long[] counts) {

    /** The smallest spread a feature is measured against, relative to its mean (see {@link #scale}). */
    static final double MIN_RELATIVE_SD = 1e-3;

    /** The smallest spread of a feature whose mean is (near) 0, in the feature's own units. */
    static final double MIN_ABSOLUTE_SD = 1e-6;

    /**
     * The standard deviation effects and z-statistics of a feature are expressed in: the reference's, but at least
     * {@value #MIN_RELATIVE_SD} of the feature's mean and at least {@value #MIN_ABSOLUTE_SD}. A feature that is
     * constant in the reference (every image 224 px, so the resolution's sd is rounding noise of 1e-15) would
     * otherwise turn a real change into an effect of 1e14 sd, and floating-point noise into a significant one. The
     * floor is relative, not an absolute 1e-3: the noise feature of real X-rays varies by 6e-4 between images (in
     * [0, 1] intensity units), and an absolute floor above that shrank JPEG recompression's effect on it from 0.48 to
     * 0.30 sd, under its tolerance (BENCHMARKS.md, Detection).
     */
    public double scale(final int feature) {
        return Math.max(sds[feature], Math.max(MIN_RELATIVE_SD * Math.abs(means[feature]), MIN_ABSOLUTE_SD));
    }
}
