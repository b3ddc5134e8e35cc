package io.radshift.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The empirical-quantile floor of {@link NullDistribution#pValueWithEmpiricalFloor} and the exponential tail of
 * {@link NullDistribution#pValueWithExponentialTail}.
 */
class NullDistributionTest {

    /**
     * Mean 1 and variance 2 make the moment fit exactly chi2(1); the stored quantiles are those of a heavier
     * tail (chi2(1) has 0.99 and 0.999 quantiles 6.635 and 10.83, these say 10 and 20).
     */
    private static final NullDistribution HEAVY_TAILED = new NullDistribution("toy", new int[] {100},
        new double[] {1}, new double[] {2}, new double[][] {{2.706, 3.841, 10.0, 20.0}}, 1000);

    @Test
    void withinTheStoredQuantilesThePValueIsAtLeastTheirTailLevel() {
        // chi2(1) alone would say P(X > 8) = 2 (1 - Phi(sqrt 8)) = 0.00468; 8 is below the 0.99 quantile.
        assertThat(HEAVY_TAILED.pValue(8.0, 100)).isCloseTo(0.004678, within(1e-5));
        assertThat(HEAVY_TAILED.pValueWithEmpiricalFloor(8.0, 100)).isCloseTo(0.01, within(1e-12));
        // 15 is above the 0.99 but below the 0.999 quantile.
        assertThat(HEAVY_TAILED.pValueWithEmpiricalFloor(15.0, 100)).isCloseTo(0.001, within(1e-12));
    }

    @Test
    void theFitDecidesWhereItIsLargerAndBeyondTheHighestQuantile() {
        // P(chi2(1) > 2) = 2 (1 - Phi(1.41421)) = 0.15730 exceeds the 0.1 floor of the 0.9 quantile.
        assertThat(HEAVY_TAILED.pValueWithEmpiricalFloor(2.0, 100)).isCloseTo(0.15730, within(1e-5));
        // Beyond the 0.999 quantile only the fit speaks: P(chi2(1) > 25) = 2 (1 - Phi(5)) = 5.733e-7.
        assertThat(HEAVY_TAILED.pValueWithEmpiricalFloor(25.0, 100)).isCloseTo(5.733e-7, within(1e-9));
    }

    @Test
    void theExponentialTailThroughThe95And99PercentQuantiles() {
        // Scale (10 - 3.841) / ln 5 = 3.8268: at 15, 0.01 exp(-5 / 3.8268) = 0.002707; at 25, 1.985e-4, where
        // chi2(1) alone says 1.07e-4 and 5.733e-7. Below the 0.99 quantile the fit alone speaks.
        assertThat(HEAVY_TAILED.pValueWithExponentialTail(15.0, 100)).isCloseTo(0.002707, within(1e-6));
        assertThat(HEAVY_TAILED.pValueWithExponentialTail(25.0, 100)).isCloseTo(1.985e-4, within(1e-7));
        assertThat(HEAVY_TAILED.pValueWithExponentialTail(8.0, 100)).isCloseTo(0.004678, within(1e-5));
    }

    @Test
    void theThresholdIsWhereThePValueFallsToAlpha() {
        for (final double alpha : new double[] {0.05, 0.01, 1e-3, 1e-5}) {
            assertThat(HEAVY_TAILED.pValueWithExponentialTail(HEAVY_TAILED.thresholdWithExponentialTail(alpha, 100), 100)).as("alpha %s", alpha)
                .isCloseTo(alpha, within(alpha * 1e-6));
        }
    }

    /**
     * A weighted sum of chi-squares with one dominant weight, as a centroid distance is when the embedding's
     * variance sits in a few directions: matched on mean and variance alone, the scaled chi-square's far tail is
     * too thin by an order of magnitude; with the simulated 95% and 99% quantiles the p-value is within a factor
     * of two of the truth (a little below it: between those quantiles the tail still falls a little faster than
     * its asymptotic exponential rate).
     */
    @Test
    void theExponentialTailKeepsFarPValuesOfAnUnevenWeightedSumHonest() {
        final double[] weights = {10, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        final SplittableRandom random = new SplittableRandom(5);
        final int draws = 400_000;
        final double[] sample = new double[draws];
        for (int i = 0; i < draws; i++) {
            double sum = 0;
            for (final double w : weights) {
                final double z = gaussian(random);
                sum += w * z * z;
            }
            sample[i] = sum;
        }
        final double mean = Arrays.stream(weights).sum();
        final double variance = 2 * Arrays.stream(weights).map(w -> w * w).sum();
        final double[] sorted = sample.clone();
        Arrays.sort(sorted);
        final double[] quantiles = Arrays.stream(NullDistribution.LEVELS)
            .map(level -> sorted[(int) (level * draws)]).toArray();
        final NullDistribution fitted = new NullDistribution("uneven", new int[] {100}, new double[] {mean},
            new double[] {variance}, new double[][] {quantiles}, draws);
        final double far = sorted[draws - 40];
        final double truth = 40.0 / draws;
        final double momentsOnly = new NullDistribution("moments", new int[] {100}, new double[] {mean},
            new double[] {variance}, new double[][] {{0, 0, 0, 0}}, draws).pValueWithExponentialTail(far, 100);
        assertThat(momentsOnly).isLessThan(truth / 10);
        assertThat(fitted.pValueWithExponentialTail(far, 100)).isBetween(truth / 2, 2 * truth);
    }

    private static double gaussian(final SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
