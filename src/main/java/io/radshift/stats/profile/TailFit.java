package io.radshift.stats.profile;

import io.radshift.stats.math.Distributions;
import java.util.OptionalDouble;

/**
 * A scaled chi-square {@code scale * chi2(df)} fitted to a null's empirical 95% and 99% quantiles: the shape (df)
 * is set by the ratio q99 / q95, the scale by q99. For a weighted sum of chi-squares the far tail is governed
 * by its largest weights; the empirical upper quantiles see them, the mean and variance (Satterthwaite) dilute
 * them among the small ones. With equal weights the two fits agree (the ratio recovers the true degrees of
 * freedom), so where the moments were right the tail fit costs no power; an exponential through the same two
 * quantiles, tried before, was up to twenty times too conservative at 1e-5 for such near-isotropic nulls and
 * missed half-shifted windows.
 *
 * @param scale scale of the fitted chi-square
 * @param degreesOfFreedom its (fractional) degrees of freedom
 */
public record TailFit(double scale, double degreesOfFreedom) {

    /** Upper tail levels whose quantiles the fit matches. */
    private static final double LOWER_LEVEL = 0.05;
    private static final double UPPER_LEVEL = 0.01;

    /** Degrees of freedom from 0.05 (a far heavier tail than chi2(1)) to 10,000 (nearly normal), log-spaced. */
    private static final double MIN_DF = 0.05;
    private static final double MAX_DF = 1e4;
    private static final int GRID = 400;
    private static final double[] LOG_DF = new double[GRID];
    private static final double[] RATIO = new double[GRID];

    static {
        for (int i = 0; i < GRID; i++) {
            LOG_DF[i] = Math.log(MIN_DF) + i * (Math.log(MAX_DF) - Math.log(MIN_DF)) / (GRID - 1);
            final double df = Math.exp(LOG_DF[i]);
            RATIO[i] = Distributions.chiSquaredUpperQuantile(UPPER_LEVEL, df) / Distributions.chiSquaredUpperQuantile(LOWER_LEVEL, df);
        }
    }

    /**
     * Degrees of freedom of the scaled chi-square whose 99% and 95% quantiles have the ratio q99 / q95 (clamped to
     * 0.05 - 10,000), or empty when the quantiles cannot carry one (not both positive and increasing, as for
     * profiles without stored quantiles).
     */
    public static OptionalDouble degreesOfFreedom(final double q95, final double q99) {
        if (!(q95 > 0) || !(q99 > q95)) {
            return OptionalDouble.empty();
        }
        // The quantile ratio falls as the degrees of freedom grow.
        final double ratio = q99 / q95;
        final int last = GRID - 1;
        if (ratio >= RATIO[0]) {
            return OptionalDouble.of(MIN_DF);
        }
        if (ratio <= RATIO[last]) {
            return OptionalDouble.of(MAX_DF);
        }
        int i = 0;
        while (RATIO[i + 1] > ratio) {
            i++;
        }
        final double t = (RATIO[i] - ratio) / (RATIO[i] - RATIO[i + 1]);
        return OptionalDouble.of(Math.exp(LOG_DF[i] + t * (LOG_DF[i + 1] - LOG_DF[i])));
    }

    /** The scaled chi-square with these degrees of freedom whose 99% quantile is q99. */
    public static TailFit through(final double q99, final double degreesOfFreedom) {
        return Shape.of(degreesOfFreedom).through(q99);
    }

    /**
     * The shape of a fit without its scale: its degrees of freedom and the 99% quantile of chi2(df), found by
     * bisection once, so that fits of one shape at many window sizes cost a division each.
     *
     * @param degreesOfFreedom the (fractional) degrees of freedom
     * @param upperQuantile    the 99% quantile of chi2(degreesOfFreedom)
     */
    public record Shape(double degreesOfFreedom, double upperQuantile) {

        /** The shape with these degrees of freedom. */
        public static Shape of(final double degreesOfFreedom) {
            return new Shape(degreesOfFreedom, Distributions.chiSquaredUpperQuantile(UPPER_LEVEL, degreesOfFreedom));
        }

        /** The fit of this shape whose 99% quantile is q99. */
        public TailFit through(final double q99) {
            return new TailFit(q99 / upperQuantile, degreesOfFreedom);
        }
    }

    /** Upper-tail probability of the fitted scaled chi-square at x. */
    public double pValue(final double x) {
        return Distributions.chiSquaredSurvival(x / scale, degreesOfFreedom);
    }

    /** The x whose upper-tail probability under the fit is alpha. */
    public double threshold(final double alpha) {
        return scale * Distributions.chiSquaredUpperQuantile(alpha, degreesOfFreedom);
    }
}
