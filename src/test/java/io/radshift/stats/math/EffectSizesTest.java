package io.radshift.stats.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The debiased effect sizes: known values by hand, the expected PSI against an independent enumeration of the
 * joint multinomial, and null simulations with fixed seeds showing that the debiased effects do not grow as the
 * window shrinks while the plug-in ones do, and that they grow with the true effect.
 */
class EffectSizesTest {

    @Test
    void smoothedPsiByHand() {
        // Python: w = (c + .5) / (10 + 2) for 1 2 3 4; r = 5.5 / 22 each; sum (w - r) ln(w / r).
        assertThat(EffectSizes.smoothedPsi(new long[] {1, 2, 3, 4}, new long[] {5, 5, 5, 5}))
            .isCloseTo(0.15134621260939757, within(1e-12));
        // An empty window cell and an empty reference cell are finite thanks to the pseudo-counts.
        assertThat(EffectSizes.smoothedPsi(new long[] {0, 10}, new long[] {10, 0})).isFinite().isPositive();
    }

    @Test
    void expectedPsiOfTwoCellsByEnumeration() {
        // Python: window of 3 from reference counts {1, 3}: sum over k ~ Bin(3, 0.25) of the smoothed PSI
        // = 0.17892039280769242, plus (2 - 1) / 4 for the reference's own sampling noise.
        assertThat(EffectSizes.expectedPsi(3, new long[] {1, 3})).isCloseTo(0.42892039280769245, within(1e-12));
    }

    @Test
    void expectedPsiEqualsTheJointMultinomialExpectation() {
        // The implementation sums binomial marginals per cell; enumerate the joint multinomial of 3 cells instead.
        final long[] reference = {2_000, 5_000, 3_000};
        final int n = 12;
        final double[] p = {0.2, 0.5, 0.3};
        double expected = 0;
        for (int a = 0; a <= n; a++) {
            for (int b = 0; a + b <= n; b++) {
                final int c = n - a - b;
                final double logProbability = Distributions.logGamma(n + 1) - Distributions.logGamma(a + 1)
                    - Distributions.logGamma(b + 1) - Distributions.logGamma(c + 1)
                    + a * Math.log(p[0]) + b * Math.log(p[1]) + c * Math.log(p[2]);
                expected += Math.exp(logProbability) * EffectSizes.smoothedPsi(new long[] {a, b, c}, reference);
            }
        }
        assertThat(EffectSizes.expectedPsi(n, reference)).isCloseTo(expected + 2.0 / 10_000, within(1e-10));
    }

    @Test
    void debiasedPsiDoesNotGrowAsTheWindowShrinksUnderTheNull() {
        final double[] p = {0.55, 0.2, 0.1, 0.06, 0.04, 0.02, 0.01, 0.007, 0.002, 0.001};
        final SplittableRandom random = new SplittableRandom(11);
        final long[] reference = multinomial(4_000, p, random);
        final int[] sizes = {10, 20, 50, 100, 400};
        final double[] debiased = new double[sizes.length];
        final double[] plugIn = new double[sizes.length];
        final int windows = 4_000;
        for (int s = 0; s < sizes.length; s++) {
            for (int w = 0; w < windows; w++) {
                final long[] window = multinomial(sizes[s], p, random);
                debiased[s] += EffectSizes.debiasedPsi(window, reference) / windows;
                plugIn[s] += EffectSizes.smoothedPsi(window, reference) / windows;
            }
            System.out.printf("null PSI, 10 cells, n=%d: plug-in mean %.4f, debiased mean %+.4f%n", sizes[s],
                plugIn[s], debiased[s]);
        }
        for (int s = 0; s < sizes.length; s++) {
            // Within 0.01 of 0 at every n (the PSI tolerance is 0.1), where the plug-in is 0.1 and more at n <= 50.
            assertThat(Math.abs(debiased[s])).as("n=%d", sizes[s]).isLessThan(0.01);
        }
        assertThat(plugIn[1]).isGreaterThan(0.3);
        assertThat(plugIn[0]).isGreaterThan(plugIn[2]).isGreaterThan(plugIn[4]);
    }

    @Test
    void debiasedPsiGrowsWithTheShiftAndApproachesThePopulationPsi() {
        final SplittableRandom random = new SplittableRandom(12);
        final double[] base = {0.4, 0.3, 0.2, 0.1};
        final long[] reference = multinomial(1_000_000, base, random);
        double previous = Double.NEGATIVE_INFINITY;
        for (final double shift : new double[] {0, 0.05, 0.1, 0.2}) {
            final double[] shifted = {base[0] - shift, base[1], base[2], base[3] + shift};
            double mean = 0;
            for (int w = 0; w < 2_000; w++) {
                mean += EffectSizes.debiasedPsi(multinomial(50, shifted, random), reference) / 2_000;
            }
            final double population = populationPsi(shifted, base);
            System.out.printf("shift %.2f: population PSI %.4f, mean debiased PSI at n=50 %.4f%n", shift, population,
                mean);
            assertThat(mean).isGreaterThan(previous);
            // The Jeffreys pseudo-counts shrink a 50-study window's proportions a little towards uniform.
            assertThat(mean).isCloseTo(population, within(0.02 + 0.15 * population));
            previous = mean;
        }
    }

    /**
     * Under a clear shift the first-order variance is the PSI's spread over windows (what the incident margin needs);
     * with no shift it is a small part of it, the null's own spread being second-order.
     */
    @Test
    void firstOrderVarianceOfPsiIsItsSpreadUnderAShift() {
        final SplittableRandom random = new SplittableRandom(13);
        final double[] base = {0.02, 0.08, 0.2, 0.3, 0.2, 0.1, 0.06, 0.03, 0.007, 0.003};
        final long[] reference = multinomial(4_000, base, random);
        final double[] shifted = base.clone();
        shifted[1] -= 0.05;
        shifted[2] -= 0.05;
        shifted[8] += 0.05;
        shifted[9] += 0.05;
        final double[] moments = new double[3];
        for (int w = 0; w < 4_000; w++) {
            final long[] window = multinomial(200, shifted, random);
            final double psi = EffectSizes.smoothedPsi(window, reference);
            moments[0] += psi / 4_000;
            moments[1] += psi * psi / 4_000;
            moments[2] += EffectSizes.psiFirstOrderVariance(window, reference) / 4_000;
        }
        final double spread = Math.sqrt(moments[1] - moments[0] * moments[0]);
        System.out.printf("shifted n=200: PSI %.3f, sd %.4f, first-order sd %.4f%n", moments[0], spread,
            Math.sqrt(moments[2]));
        assertThat(Math.sqrt(moments[2])).isCloseTo(spread, within(0.15 * spread));
        final long[] same = multinomial(200, base, random);
        assertThat(EffectSizes.psiFirstOrderVariance(reference, reference)).isCloseTo(0, within(1e-12));
        assertThat(EffectSizes.psiFirstOrderVariance(same, reference)).isLessThan(spread * spread);
    }

    @Test
    void unbiasedSquaredDistanceHasMeanZeroUnderTheNullAtEveryN() {
        final SplittableRandom random = new SplittableRandom(13);
        final int d = 8;
        final double[][] reference = gaussianSample(3_000, d, 0, random);
        final double[] referenceMean = mean(reference);
        final double referenceTrace = trace(reference, referenceMean);
        for (final int n : new int[] {5, 20, 100}) {
            double unbiased = 0;
            double plugIn = 0;
            final int windows = 3_000;
            for (int w = 0; w < windows; w++) {
                final double[][] window = gaussianSample(n, d, 0, random);
                final double[] windowMean = mean(window);
                final double squared = squaredDistance(windowMean, referenceMean);
                plugIn += squared / windows;
                unbiased += EffectSizes.unbiasedSquaredDistance(squared, trace(window, windowMean), n,
                    referenceTrace, reference.length) / windows;
            }
            // Plug-in: about tr(Sigma) / n = 24.8 / n (sds 1, 1.2, ..., 2.4); unbiased: about 0 (standard error
            // of the mean over the windows about 0.25 / n).
            assertThat(plugIn).as("n=%d", n).isCloseTo(24.8 / n, within(0.1 * 24.8 / n));
            assertThat(unbiased).as("n=%d", n).isCloseTo(0, within(1.0 / n));
        }
        // A mean shift of 0.5 in every dimension: the population squared distance is 8 * 0.25 = 2, at every n.
        for (final int n : new int[] {10, 200}) {
            double unbiased = 0;
            for (int w = 0; w < 500; w++) {
                final double[][] window = gaussianSample(n, d, 0.5, random);
                final double[] windowMean = mean(window);
                unbiased += EffectSizes.unbiasedSquaredDistance(squaredDistance(windowMean, referenceMean),
                    trace(window, windowMean), n, referenceTrace, reference.length) / 500;
            }
            assertThat(unbiased).as("n=%d", n).isCloseTo(2, within(0.15));
        }
    }

    @Test
    void unbiasedMmd2ByHand() {
        // Window sum {1, 1} of 2 studies -> a = {0.5, 0.5}, |a|^2 = 0.5; b = {0.5, 0}, |b|^2 = 0.25, N = 5;
        // (2 * 0.5 - 1) / 1 + (5 * 0.25 - 1) / 4 - 2 * 0.25 = 0 + 0.0625 - 0.5.
        assertThat(EffectSizes.unbiasedMmd2(new double[] {1, 1}, 2, new double[] {0.5, 0}, 5, 1))
            .isCloseTo(-0.4375, within(1e-12));
        // With a diagonal of 0.9: (1 - 0.9) / 1 + (1.25 - 0.9) / 4 - 0.5.
        assertThat(EffectSizes.unbiasedMmd2(new double[] {1, 1}, 2, new double[] {0.5, 0}, 5, 0.9))
            .isCloseTo(0.1 + 0.0875 - 0.5, within(1e-12));
    }

    @Test
    void debiasedMagnitudeShrinksByTheSamplingVarianceAndKeepsTheSign() {
        assertThat(EffectSizes.debiasedMagnitude(3, 5)).isCloseTo(2, within(1e-12));
        assertThat(EffectSizes.debiasedMagnitude(-3, 5)).isCloseTo(-2, within(1e-12));
        assertThat(EffectSizes.debiasedMagnitude(0.1, 0.02)).isZero();
        // Under a symmetric null d ~ N(0, 1/n): mean 0 at every n, mean |.| far below the plug-in's sqrt(2/(pi n)).
        final SplittableRandom random = new SplittableRandom(14);
        for (final int n : new int[] {10, 40, 160}) {
            double mean = 0;
            double meanMagnitude = 0;
            for (int i = 0; i < 20_000; i++) {
                final double d = gaussian(random) / Math.sqrt(n);
                final double shrunk = EffectSizes.debiasedMagnitude(d, 1.0 / n);
                mean += shrunk / 20_000;
                meanMagnitude += Math.abs(shrunk) / 20_000;
            }
            assertThat(mean).isCloseTo(0, within(0.01));
            assertThat(meanMagnitude).isLessThan(0.45 * Math.sqrt(2 / (Math.PI * n)));
        }
    }

    @Test
    void cohensHAndBiasCorrectedCramersVByHand() {
        // 2 asin(sqrt(0.5)) - 2 asin(sqrt(0.25)) = pi/2 - pi/3 = pi/6.
        assertThat(EffectSizes.cohensH(0.5, 0.25)).isCloseTo(Math.PI / 6, within(1e-12));
        assertThat(EffectSizes.cohensH(0.25, 0.5)).isCloseTo(-Math.PI / 6, within(1e-12));
        assertThat(EffectSizes.cohensHVariance(50, 200)).isCloseTo(1 / 50.5 + 1 / 200.0, within(1e-15));
        // Anscombe: 0 of 20 -> 2 asin(sqrt(0.375 / 20.75)).
        assertThat(EffectSizes.cohensH(0, 20, 0.02)).isCloseTo(
            2 * Math.asin(Math.sqrt(0.375 / 20.75)) - 2 * Math.asin(Math.sqrt(0.02)), within(1e-12));
        // chi2 = 12, df = 2, n = 100: sqrt((12 - 2) / 200); below df it is 0.
        assertThat(EffectSizes.biasCorrectedCramersV(12, 2, 100)).isCloseTo(Math.sqrt(0.05), within(1e-12));
        assertThat(EffectSizes.biasCorrectedCramersV(1.5, 2, 100)).isZero();
    }

    @Test
    void cohensHOfARareLabelDoesNotGrowAsTheWindowShrinks() {
        // 2% prevalence: the plain arcsine difference of x / n averages -0.1 at n = 20 (most windows have 0
        // positives); Anscombe's transform, shrunk by its variance, stays within a quarter of the 0.2 tolerance.
        final SplittableRandom random = new SplittableRandom(15);
        for (final int n : new int[] {20, 50, 200}) {
            double anscombe = 0;
            double plain = 0;
            for (int w = 0; w < 20_000; w++) {
                int x = 0;
                for (int i = 0; i < n; i++) {
                    x += random.nextDouble() < 0.02 ? 1 : 0;
                }
                anscombe += EffectSizes.debiasedMagnitude(EffectSizes.cohensH(x, n, 0.02),
                    EffectSizes.cohensHVariance(n, 100_000)) / 20_000;
                plain += EffectSizes.cohensH((double) x / n, 0.02) / 20_000;
            }
            System.out.printf("rare label h, n=%d: plain %+.4f, Anscombe shrunk %+.4f%n", n, plain, anscombe);
            assertThat(Math.abs(anscombe)).as("n=%d", n).isLessThan(0.05);
            assertThat(Math.abs(anscombe)).as("n=%d", n).isLessThan(Math.abs(plain));
        }
    }

    @Test
    void rateShiftOfARareEventHasMeanZeroAtEveryNAndGrowsWithTheRate() {
        // Exact expectation: 0 of 2 at p0 = 0.1 -> h(0) = -2 asin(sqrt(0.1)); the mean of h(K/2) over
        // K ~ Bin(2, 0.1) is 0.81 h(0) + 0.18 h(0.5) + 0.01 h(1).
        final double h0 = EffectSizes.cohensH(0, 0.1);
        final double mean = 0.81 * h0 + 0.18 * EffectSizes.cohensH(0.5, 0.1) + 0.01 * EffectSizes.cohensH(1, 0.1);
        assertThat(EffectSizes.debiasedRateShift(0, 2, 0.1)).isCloseTo(h0 - mean, within(1e-12));
        final SplittableRandom random = new SplittableRandom(16);
        for (final int n : new int[] {20, 50, 200}) {
            double nullMean = 0;
            double shiftedMean = 0;
            for (int w = 0; w < 20_000; w++) {
                nullMean += EffectSizes.debiasedRateShift(binomial(n, 0.005, random), n, 0.005) / 20_000;
                shiftedMean += EffectSizes.debiasedRateShift(binomial(n, 0.05, random), n, 0.005) / 20_000;
            }
            System.out.printf("rare rate shift, n=%d: null mean %+.4f, 10x the rate %+.4f%n", n, nullMean, shiftedMean);
            assertThat(nullMean).as("n=%d", n).isCloseTo(0, within(0.01));
            assertThat(shiftedMean).as("n=%d", n).isGreaterThan(0.2);
        }
    }

    @Test
    void sampleTraceIsTheSumOfSampleVariances() {
        // Values {1, 3} and {0, 4} per dimension: variances 2 and 8.
        assertThat(EffectSizes.sampleTrace(new double[] {2, 2}, new double[] {10, 16}, 2)).isCloseTo(10, within(1e-12));
    }

    private static double populationPsi(final double[] p, final double[] q) {
        double psi = 0;
        for (int i = 0; i < p.length; i++) {
            psi += (p[i] - q[i]) * Math.log(p[i] / q[i]);
        }
        return psi;
    }

    private static long binomial(final int n, final double p, final SplittableRandom random) {
        long x = 0;
        for (int i = 0; i < n; i++) {
            x += random.nextDouble() < p ? 1 : 0;
        }
        return x;
    }

    private static long[] multinomial(final int n, final double[] p, final SplittableRandom random) {
        final long[] counts = new long[p.length];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int cell = 0;
            while (cell < p.length - 1 && u >= p[cell]) {
                u -= p[cell];
                cell++;
            }
            counts[cell]++;
        }
        return counts;
    }

    private static double[][] gaussianSample(final int n, final int d, final double shift,
                                             final SplittableRandom random) {
        final double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = shift + gaussian(random) * (1 + 0.2 * j);
            }
        }
        return x;
    }

    private static double[] mean(final double[][] x) {
        final double[] m = new double[x[0].length];
        for (final double[] row : x) {
            for (int j = 0; j < m.length; j++) {
                m[j] += row[j] / x.length;
            }
        }
        return m;
    }

    private static double trace(final double[][] x, final double[] mean) {
        final double[] sumSquares = new double[mean.length];
        for (final double[] row : x) {
            for (int j = 0; j < mean.length; j++) {
                sumSquares[j] += row[j] * row[j];
            }
        }
        return EffectSizes.sampleTrace(mean, sumSquares, x.length);
    }

    private static double squaredDistance(final double[] a, final double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return s;
    }

    private static double gaussian(final SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
