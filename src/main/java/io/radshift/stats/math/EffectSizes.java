package io.radshift.stats.math;

import java.util.function.LongToDoubleFunction;

/**
 * Effect sizes of the drift tests, debiased for sampling so that they do not grow by themselves in small
 * windows. A plug-in effect (the PSI of a window's histogram, the squared distance of its mean embedding, the
 * MMD^2 of its feature mean) is a sum of squares of noisy window quantities: even when the window comes from
 * the reference distribution its expected value is about (cells or dimensions) / n, so a 20-study window looks
 * "shifted" by sampling noise alone. Each estimate here subtracts the expected value that independent sampling
 * of the window (n studies) and of the reference (N studies) adds, which makes it (nearly) unbiased for the
 * population effect at every n: under the null its mean is about 0 whatever n, and it may be slightly negative.
 *
 * <p>Signed effects on a linear scale (standardised mean difference, Cohen's h) are unbiased already; their
 * magnitude is not (E|d| grows like 1/sqrt(n)), so {@link #debiasedMagnitude} shrinks them by their sampling
 * variance on the squared scale, keeping the sign: sign(d) sqrt(max(0, d^2 - v)), whose mean under a
 * symmetric null is 0. Between-patient over-dispersion is deliberately not removed here: the reference's own
 * variation between groups of patients sets the tolerance the effect is compared with.
 */
public final class EffectSizes {

    /** Pseudo-count added to every histogram cell of the window and of the reference (Jeffreys prior). */
    public static final double PSI_PSEUDO_COUNT = 0.5;
    /** Binomial terms below this share of the largest are left out of the expected PSI. */
    private static final double NEGLIGIBLE = 1e-15;

    private EffectSizes() {
    }

    /**
     * Population stability index sum (w - r) ln(w / r) of the cell proportions, both smoothed with {@link
     * #PSI_PSEUDO_COUNT} per cell, so that an empty cell never gives log(0) and a single study in a cell the
     * reference never saw does not dominate it.
     */
    public static double smoothedPsi(final long[] window, final long[] reference) {
        checkCells(window, reference);
        final double n = sum(window);
        final double total = sum(reference);
        final int cells = window.length;
        double psi = 0;
        for (int i = 0; i < cells; i++) {
            final double w = smoothed(window[i], n, cells);
            final double r = smoothed(reference[i], total, cells);
            psi += (w - r) * Math.log(w / r);
        }
        return psi;
    }

    /**
     * Expected {@link #smoothedPsi} of a window of n studies drawn from the reference's own cell proportions:
     * exactly, over the binomial distribution of each cell's count, plus (cells - 1) / N for the sampling noise
     * of the reference's proportions (the first-order term of a chi-squared divergence).
     */
    public static double expectedPsi(final long n, final long[] reference) {
        final double total = sum(reference);
        final int cells = reference.length;
        if (n == 0 || total == 0) {
            return 0;
        }
        double expected = 0;
        int occupied = 0;
        for (int i = 0; i < cells; i++) {
            final double p = reference[i] / total;
            final double r = smoothed(reference[i], total, cells);
            expected += expectedCellTerm(n, p, r, cells);
            occupied += reference[i] > 0 ? 1 : 0;
        }
        return expected + Math.max(0, occupied - 1) / total;
    }

    /** PSI beyond what sampling alone gives: {@link #smoothedPsi} minus {@link #expectedPsi}; may be negative. */
    public static double debiasedPsi(final long[] window, final long[] reference) {
        return smoothedPsi(window, reference) - expectedPsi(sum(window), reference);
    }

    /**
     * First-order (delta-method) variance of {@link #smoothedPsi} at the observed proportions: the window's and the
     * reference's cells are multinomial, and PSI moves with a window cell by g = ln(w / r) + 1 - r / w and with a
     * reference cell by h = 1 - w / r - ln(w / r), so the variance is (sum w g^2 - (sum w g)^2) / n plus the same in
     * h over N. This is the part of the spread that grows with the shift (for a chi-squared divergence theta about
     * 4 theta / n); with no shift the derivatives vanish and the null's own spread is all there is.
     */
    public static double psiFirstOrderVariance(final long[] window, final long[] reference) {
        checkCells(window, reference);
        final double n = sum(window);
        final double total = sum(reference);
        final int cells = window.length;
        if (n == 0 || total == 0) {
            return 0;
        }
        double windowMean = 0;
        double windowSquare = 0;
        double referenceMean = 0;
        double referenceSquare = 0;
        for (int i = 0; i < cells; i++) {
            final double w = smoothed(window[i], n, cells);
            final double r = smoothed(reference[i], total, cells);
            final double logRatio = Math.log(w / r);
            final double g = logRatio + 1 - r / w;
            final double h = 1 - w / r - logRatio;
            windowMean += w * g;
            windowSquare += w * g * g;
            referenceMean += r * h;
            referenceSquare += r * h * h;
        }
        return Math.max(0, windowSquare - windowMean * windowMean) / n
            + Math.max(0, referenceSquare - referenceMean * referenceMean) / total;
    }

    /** E[(w(K) - r) (ln w(K) - ln r)] for K ~ Binomial(n, p). */
    private static double expectedCellTerm(final long n, final double p, final double r, final int cells) {
        final double logR = Math.log(r);
        return binomialMoments(n, p, k -> {
            final double w = smoothed(k, n, cells);
            return (w - r) * (Math.log(w) - logR);
        })[0];
    }

    /**
     * Mean and variance of f(K) for K ~ Binomial(n, p), summed outwards from the mode until the terms are
     * negligible.
     */
    private static double[] binomialMoments(final long n, final double p, final LongToDoubleFunction f) {
        if (p <= 0 || p >= 1) {
            return new double[] {f.applyAsDouble(p <= 0 ? 0 : n), 0};
        }
        final long mode = Math.min(n, (long) Math.floor((n + 1) * p));
        final double atMode = Math.exp(Distributions.binomialLogPmf(mode, n, p));
        final double odds = p / (1 - p);
        final double valueAtMode = f.applyAsDouble(mode);
        double mean = atMode * valueAtMode;
        double square = atMode * valueAtMode * valueAtMode;
        double pmf = atMode;
        for (long k = mode; k < n && pmf > NEGLIGIBLE * atMode; k++) {
            pmf *= (double) (n - k) / (k + 1) * odds;
            final double value = f.applyAsDouble(k + 1);
            mean += pmf * value;
            square += pmf * value * value;
        }
        pmf = atMode;
        for (long k = mode; k > 0 && pmf > NEGLIGIBLE * atMode; k--) {
            pmf *= (double) k / (n - k + 1) / odds;
            final double value = f.applyAsDouble(k - 1);
            mean += pmf * value;
            square += pmf * value * value;
        }
        return new double[] {mean, Math.max(0, square - mean * mean)};
    }

    private static double smoothed(final double count, final double total, final int cells) {
        return (count + PSI_PSEUDO_COUNT) / (total + cells * PSI_PSEUDO_COUNT);
    }

    /**
     * Unbiased estimate of the squared distance between the window's and the reference's population means:
     * ||window mean - reference mean||^2 - tr(S_window) / n - tr(S_reference) / N, where tr(S) is the sum of
     * per-dimension sample variances.
     *
     * @param squaredDistance ||window mean - reference mean||^2
     * @param windowTrace     trace of the window's sample covariance
     * @param n               window size (at least 2)
     * @param referenceTrace  trace of the reference's sample covariance
     * @param referenceN      reference size
     */
    public static double unbiasedSquaredDistance(final double squaredDistance, final double windowTrace,
                                                 final long n, final double referenceTrace, final long referenceN) {
        return squaredDistance - windowTrace / n - referenceTrace / referenceN;
    }

    /**
     * Cosine distance between the window's and the reference's mean embedding, less its sampling bias: the
     * directional noise of a mean is its covariance orthogonal to the mean, about tr(S) / (n |mean|^2), and
     * 1 - cos(a, b) is half the squared distance of the unit vectors, so the bias is half the sum of both
     * directional noises (slightly over-corrected by the variance along the mean, small for embeddings
     * normalised to the unit sphere).
     */
    public static double debiasedCosineDistance(final double cosineDistance, final double windowTrace,
                                                final double windowMeanNorm2, final long n,
                                                final double referenceTrace, final double referenceMeanNorm2,
                                                final long referenceN) {
        if (!(windowMeanNorm2 > 0) || !(referenceMeanNorm2 > 0)) {
            return cosineDistance;
        }
        return cosineDistance - 0.5 * (windowTrace / (n * windowMeanNorm2)
            + referenceTrace / (referenceN * referenceMeanNorm2));
    }

    /**
     * Unbiased (U-statistic) MMD^2 from random-Fourier-feature means: (n |a|^2 - k) / (n - 1) + (N |b|^2 - k) /
     * (N - 1) - 2 a.b, where a and b are the mean feature vectors of the window and of the reference and k is the
     * kernel's diagonal k(x, x), the mean of |phi(x)|^2 (1 for the exact RBF kernel). The plug-in |a - b|^2 counts
     * each study's kernel with itself and is biased by about k/n + k/N.
     *
     * @param windowSum     sum of the window's feature vectors
     * @param n             window size (at least 2)
     * @param referenceMean mean feature vector of the reference
     * @param referenceN    reference size (at least 2)
     * @param diagonal      mean of |phi(x)|^2
     */
    public static double unbiasedMmd2(final double[] windowSum, final long n, final double[] referenceMean,
                                      final long referenceN, final double diagonal) {
        double windowSquare = 0;
        double referenceSquare = 0;
        double cross = 0;
        for (int j = 0; j < windowSum.length; j++) {
            final double a = windowSum[j] / n;
            final double b = referenceMean[j];
            windowSquare += a * a;
            referenceSquare += b * b;
            cross += a * b;
        }
        return (n * windowSquare - diagonal) / (n - 1) + (referenceN * referenceSquare - diagonal) / (referenceN - 1)
            - 2 * cross;
    }

    /**
     * A signed effect shrunk by its sampling variance: sign(d) sqrt(max(0, d^2 - v)). d^2 - v is unbiased for the
     * squared population effect; the positive-part root is the usual bias-corrected effect size (as omega^2 for
     * eta^2 or Bergsma's corrected Cramer's V), and keeping the sign keeps its mean 0 under a symmetric null.
     */
    public static double debiasedMagnitude(final double estimate, final double samplingVariance) {
        final double excess = estimate * estimate - samplingVariance;
        return excess <= 0 ? 0 : Math.copySign(Math.sqrt(excess), estimate);
    }

    /**
     * Cohen's h, 2 asin(sqrt(p)) - 2 asin(sqrt(p0)): the difference of two proportions on the arcsine scale,
     * where a proportion of n studies has variance about 1/n whatever its value, so that one tolerance fits
     * common and rare labels (0.2 small, 0.5 medium, 0.8 large).
     */
    public static double cohensH(final double p, final double p0) {
        return 2 * Math.asin(Math.sqrt(clamp(p))) - 2 * Math.asin(Math.sqrt(clamp(p0)));
    }

    /**
     * Cohen's h of x successes in n against a reference proportion, with Anscombe's arcsine transform of the
     * count, 2 asin(sqrt((x + 3/8) / (n + 3/4))): the plain transform of x / n is biased for rare labels in small
     * windows (0 of 20 positives when 2% are expected is the usual outcome and would read as h = -0.28), the
     * Anscombe one is unbiased to O(1/n^2) with variance 1 / (n + 1/2).
     */
    public static double cohensH(final long successes, final long n, final double p0) {
        return cohensH((successes + 0.375) / (n + 0.75), p0);
    }

    /**
     * Cohen's h of x of n against a rare reference rate p0, less its expected value when the rate is p0: h(x / n)
     * - E[h(K / n)] for K ~ Binomial(n, p0), computed exactly. For a label whose expected count n p0 is well
     * below 1 no transform of the count is unbiased (0 of 20 reads as a fall, 1 of 20 as a large rise); this
     * estimate has mean exactly 0 under the null at every n, so it does not grow by itself as the window shrinks.
     */
    public static double debiasedRateShift(final long successes, final long n, final double p0) {
        return cohensH((double) successes / n, p0) - rateShiftMoments(n, p0)[0];
    }

    /** Variance of {@link #debiasedRateShift} under the null, computed exactly. */
    public static double rateShiftVariance(final long n, final double p0) {
        return rateShiftMoments(n, p0)[1];
    }

    private static double[] rateShiftMoments(final long n, final double p0) {
        return binomialMoments(n, p0, k -> cohensH((double) k / n, p0));
    }

    /** Sampling variance of {@link #cohensH(long, long, double)} with a reference of N: 1/(n + 1/2) + 1/N. */
    public static double cohensHVariance(final long n, final long referenceN) {
        return 1.0 / (n + 0.5) + 1.0 / referenceN;
    }

    /**
     * Bias-corrected Cramer's V of a goodness-of-fit chi-squared statistic (Bergsma 2013): sqrt(max(0, chi2 - df)
     * / (n df)), since E[chi2] = df when nothing changed.
     */
    public static double biasCorrectedCramersV(final double chiSquared, final int df, final long n) {
        return df <= 0 || n <= 0 ? 0 : Math.sqrt(Math.max(0, chiSquared - df) / (n * (double) df));
    }

    /**
     * Sum of the per-dimension sample variances of n values from their per-dimension means and sums of squares.
     *
     * @param means       per-dimension means
     * @param sumSquares  per-dimension sums of squares
     * @param n           number of values (at least 2)
     */
    public static double sampleTrace(final double[] means, final double[] sumSquares, final long n) {
        double trace = 0;
        for (int d = 0; d < means.length; d++) {
            trace += Math.max(0, sumSquares[d] - n * means[d] * means[d]);
        }
        return trace / (n - 1);
    }

    private static double clamp(final double p) {
        return Math.min(1, Math.max(0, p));
    }

    private static void checkCells(final long[] window, final long[] reference) {
        if (window.length != reference.length || window.length == 0) {
            throw new IllegalArgumentException("window and reference need the same, non-zero number of cells");
        }
    }

    private static long sum(final long[] values) {
        long s = 0;
        for (final long v : values) {
            s += v;
        }
        return s;
    }
}
