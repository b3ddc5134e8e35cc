package io.radshift.stats.profile;

import io.radshift.stats.math.Distributions;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Null distribution of one window statistic as a function of window size n, calibrated by drawing windows from
 * the held-out part of the reference. For each grid size the mean and variance of the statistic and its
 * empirical upper quantiles (levels {@link #LEVELS}) are stored. The statistics calibrated this way (squared
 * centroid distance, cosine distance, RFF-MMD^2) are quadratic forms of a window mean, so under the null they
 * are close to a weighted sum of chi-squares, fitted by a scaled chi-square g * chi2(h) whose g and h are matched
 * to the mean and variance at n (Satterthwaite); p-values must reach far into the tail, which Holm needs (alpha /
 * number of tests is below 1 / windows drawn), and for these statistics a second scaled chi-square matched to the
 * empirical 95% and 99% quantiles keeps the large weights that the two moments lose ({@link
 * #pValueWithTailFit}).
 * Between grid points mean and variance are interpolated linearly in (log n, log value); beyond the grid they
 * are extrapolated at the rates the theory gives for such quadratic forms: mean ~ 1/n, variance ~ 1/n^2 (so a
 * threshold on the squared statistic falls like 1/n and on a distance like 1/sqrt(n)).
 *
 * <p>The evaluator asks one distribution for its mean, variance and quantiles at the same n many times per window
 * (threshold, p-value, tail fit, standard error), and each interpolation costs logarithms and exponentials. The
 * values at the last n asked are therefore memoised ({@link AtSize}); they are computed by the same arithmetic as
 * before, so every result is bit for bit what it was. The arrays are shared, not copied, and must not be changed.
 */
public final class NullDistribution {

    /** Upper quantile levels stored per size. */
    public static final double[] LEVELS = {0.9, 0.95, 0.99, 0.999};

    private static final int Q95 = 1;
    private static final int Q99 = 2;
    /** Upper-tail level of {@link #Q99} (1 - 0.99 is not exactly 0.01 in floating point). */
    private static final double TAIL_LEVEL = 0.01;

    private final String statistic;
    private final int[] sizes;
    private final double[] means;
    private final double[] variances;
    private final double[][] quantiles;
    private final int windows;
    /** quantiles transposed: the grid column of each level, built once instead of on every interpolation. */
    private final double[][] columns;
    /**
     * The interpolated values at the last n asked. Not final: a one-entry cache, replaced as a whole (an immutable
     * {@link AtSize}) so that threads sharing this distribution never see a half-built entry.
     */
    private volatile AtSize last;
    /** Shape of the {@linkplain TailFit tail fit}, empty when the quantiles carry none; see {@link #tailFit}. */
    private final Optional<TailFit.Shape> tailShape;

    /**
     * Mean, variance and empirical quantiles interpolated to one window size n.
     *
     * @param n window size
     * @param mean interpolated null mean
     * @param variance interpolated null variance
     * @param quantiles interpolated empirical quantile per level of {@link #LEVELS}
     */
    private record AtSize(long n, double mean, double variance, double[] quantiles) {
    }

    /**
     * Checks shapes.
     *
     * @param statistic statistic name, e.g. centroid-euclidean2, centroid-cosine, mmd2-rff
     * @param sizes grid of window sizes, ascending
     * @param means mean of the statistic at each size
     * @param variances variance of the statistic at each size
     * @param quantiles empirical quantiles at {@link #LEVELS} per size: quantiles[size][level]
     * @param windows number of windows drawn per size
     */
    public NullDistribution(final String statistic, final int[] sizes, final double[] means,
                            final double[] variances, final double[][] quantiles, final int windows) {
        if (sizes.length == 0 || means.length != sizes.length || variances.length != sizes.length
            || quantiles.length != sizes.length) {
            throw new IllegalArgumentException("null distribution arrays must be non-empty and of equal length");
        }
        this.statistic = statistic;
        this.sizes = sizes;
        this.means = means;
        this.variances = variances;
        this.quantiles = quantiles;
        this.windows = windows;
        this.columns = transpose(quantiles);
        this.tailShape = tailShape(quantiles);
    }

    private static double[][] transpose(final double[][] quantiles) {
        final double[][] columns = new double[LEVELS.length][quantiles.length];
        for (int size = 0; size < quantiles.length; size++) {
            if (quantiles[size].length != LEVELS.length) {
                throw new IllegalArgumentException("expected " + LEVELS.length + " quantiles per size");
            }
            for (int level = 0; level < LEVELS.length; level++) {
                columns[level][size] = quantiles[size][level];
            }
        }
        return columns;
    }

    /** Statistic name, e.g. centroid-euclidean2, centroid-cosine, mmd2-rff. */
    public String statistic() {
        return statistic;
    }

    /** Grid of window sizes, ascending (shared, do not change). */
    public int[] sizes() {
        return sizes;
    }

    /** Mean of the statistic at each grid size (shared, do not change). */
    public double[] means() {
        return means;
    }

    /** Variance of the statistic at each grid size (shared, do not change). */
    public double[] variances() {
        return variances;
    }

    /** Empirical quantiles at {@link #LEVELS} per grid size, quantiles[size][level] (shared, do not change). */
    public double[][] quantiles() {
        return quantiles;
    }

    /** Number of windows drawn per grid size. */
    public int windows() {
        return windows;
    }

    /** The interpolated values at n, from the memo when n was the last size asked. */
    private AtSize at(final long n) {
        final AtSize memo = last;
        if (memo != null && memo.n() == n) {
            return memo;
        }
        final double[] levels = new double[LEVELS.length];
        for (int level = 0; level < LEVELS.length; level++) {
            levels[level] = interpolate(columns[level], n, 1);
        }
        final AtSize computed = new AtSize(n, interpolate(means, n, 1), interpolate(variances, n, 2), levels);
        last = computed;
        return computed;
    }

    /** Interpolated null mean at window size n. */
    public double mean(final long n) {
        return at(n).mean();
    }

    /** Interpolated null variance at window size n. */
    public double variance(final long n) {
        return at(n).variance();
    }

    /** Interpolated empirical quantile at level index (into {@link #LEVELS}) and size n. */
    public double empiricalQuantile(final int level, final long n) {
        return at(n).quantiles()[level];
    }

    /** Upper-tail p-value of an observed statistic at size n from the fitted scaled chi-square. */
    public double pValue(final double observed, final long n) {
        return scaledChiSquaredPValue(observed, n);
    }

    /**
     * Upper-tail p-value of a quadratic form of the window's mean embedding (centroid distance, cosine distance,
     * RFF-MMD^2): beyond the empirical 99% quantile the larger of the moment-matched scaled chi-square's and the
     * {@linkplain TailFit tail-matched} one's, below it the moment fit's alone (which has the nominal size there).
     * Such a statistic is a weighted sum of chi-squares whose weights (the embedding covariance's eigenvalues) can
     * be very uneven; matched on mean and variance alone (Satterthwaite) its far tail then falls
     * too fast, and stable sites' windows reached p-values below 1e-4 twenty to thirty times more often than that
     * (BENCHMARKS.md, Alerts). A squared quality difference (one weight) and a chi-squared over a label's cells
     * (nearly equal weights) are what the moment fit fits; they keep {@link #pValueWithEmpiricalFloor}.
     */
    public double pValueWithTailFit(final double observed, final long n) {
        final double fitted = scaledChiSquaredPValue(observed, n);
        if (!(observed > empiricalQuantile(Q99, n))) {
            return fitted;
        }
        return tailFit(n).map(tail -> Math.max(fitted, tail.pValue(observed))).orElse(fitted);
    }

    /**
     * Critical value at size n for upper-tail level alpha where {@link #pValueWithTailFit} falls to alpha: below
     * 1% the larger of the two scaled chi-squares' quantiles.
     */
    public double thresholdWithTailFit(final double alpha, final long n) {
        final double fitted = threshold(alpha, n);
        if (alpha >= TAIL_LEVEL) {
            return fitted;
        }
        return tailFit(n).map(tail -> Math.max(fitted, tail.threshold(alpha))).orElse(fitted);
    }

    /**
     * The tail-matched scaled chi-square at n: its shape is the median over the grid sizes of the shapes their
     * 95% and 99% quantiles give (the shape of n times a quadratic form hardly depends on n, and a 99% quantile
     * of a thousand windows is noisy), its scale puts its 99% quantile on the one interpolated to n.
     */
    private Optional<TailFit> tailFit(final long n) {
        final double q99 = empiricalQuantile(Q99, n);
        return q99 > 0 ? tailShape.map(shape -> shape.through(q99)) : Optional.empty();
    }

    /** The median over the grid sizes of the shapes their 95% and 99% quantiles give; empty when none gives one. */
    private static Optional<TailFit.Shape> tailShape(final double[][] quantiles) {
        final double[] shapes = Arrays.stream(quantiles)
            .map(q -> TailFit.degreesOfFreedom(q[Q95], q[Q99]))
            .filter(OptionalDouble::isPresent)
            .mapToDouble(OptionalDouble::getAsDouble)
            .sorted()
            .toArray();
        if (shapes.length == 0) {
            return Optional.empty();
        }
        final int middle = shapes.length / 2;
        return Optional.of(TailFit.Shape.of(shapes.length % 2 == 1 ? shapes[middle]
            : Math.sqrt(shapes[middle - 1] * shapes[middle])));
    }

    private double scaledChiSquaredPValue(final double observed, final long n) {
        final double mean = mean(n);
        final double variance = variance(n);
        if (!(variance > 0) || !(mean > 0)) {
            return observed > mean ? 0 : 1;
        }
        final double scale = variance / (2 * mean);
        final double df = 2 * mean * mean / variance;
        return Distributions.chiSquaredSurvival(observed / scale, df);
    }

    /**
     * Upper-tail p-value that is never below what the stored empirical quantiles show: if the observed value
     * does not exceed the empirical quantile at level L (interpolated to n), the p-value is at least 1 - L.
     * For statistics that are not quadratic forms of a window mean (a squared mean difference of a skewed
     * quality feature, a chi-squared over merged cells of a rare label) the moment-matched scaled chi-square
     * can understate the upper tail; the empirical quantiles bound it where they reach, the fit extrapolates
     * beyond the highest level.
     */
    public double pValueWithEmpiricalFloor(final double observed, final long n) {
        double floor = 0;
        for (int level = 0; level < LEVELS.length; level++) {
            if (observed <= empiricalQuantile(level, n)) {
                floor = Math.max(floor, 1 - LEVELS[level]);
            }
        }
        return Math.max(floor, pValue(observed, n));
    }

    /** Critical value at size n for upper-tail level alpha from the fitted scaled chi-square. */
    public double threshold(final double alpha, final long n) {
        final double mean = mean(n);
        final double variance = variance(n);
        if (!(variance > 0) || !(mean > 0)) {
            return mean;
        }
        final double scale = variance / (2 * mean);
        return scale * Distributions.chiSquaredUpperQuantile(alpha, 2 * mean * mean / variance);
    }

    private double interpolate(final double[] values, final long n, final int rate) {
        final double logN = Math.log(n);
        final int last = sizes.length - 1;
        if (n <= sizes[0]) {
            return values[0] * Math.pow((double) sizes[0] / n, rate);
        }
        if (n >= sizes[last]) {
            return values[last] * Math.pow((double) sizes[last] / n, rate);
        }
        int i = 0;
        while (sizes[i + 1] < n) {
            i++;
        }
        final double t = (logN - Math.log(sizes[i])) / (Math.log(sizes[i + 1]) - Math.log(sizes[i]));
        if (values[i] <= 0 || values[i + 1] <= 0) {
            return values[i] + t * (values[i + 1] - values[i]);
        }
        return Math.exp(Math.log(values[i]) + t * (Math.log(values[i + 1]) - Math.log(values[i])));
    }
}
