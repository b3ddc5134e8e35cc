package io.radshift.stats.profile;

/**
 * A tolerance derived from the reference's own variation between groups of patients, for one test (and label):
 * the held-out calibration patients are split into groups, each group's debiased effect against the fit split
 * is computed as a window's would be, and the mean of their unbiased squared effects, kappa, is the typical
 * squared difference between groups of the reference's own patients. The tolerance is twice the between-group
 * standard deviation: 2 sqrt(kappa) for a linear effect (a standardised difference), 4 kappa for a squared-scale
 * one (a divergence or squared distance), about the 95th percentile of a one-dimensional random group effect.
 *
 * @param key       test key, {@link ReferenceProfile#effectKey}
 * @param meanSquare kappa, the mean unbiased squared effect over the groups (may be slightly negative)
 * @param groups    number of groups it was averaged over
 * @param tolerance derived tolerance on the effect's scale (0 when kappa is not positive)
 */
public record GroupTolerance(String key, double meanSquare, int groups, double tolerance) {

    /** The tolerance of a mean squared between-group effect on a linear or squared effect scale. */
    public static double toleranceOf(final double meanSquare, final boolean linear) {
        final double kappa = Math.max(0, meanSquare);
        return linear ? 2 * Math.sqrt(kappa) : 4 * kappa;
    }
}
