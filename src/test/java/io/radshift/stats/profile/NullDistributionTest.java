package io.radshift.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The empirical-quantile floor of {@link NullDistribution#pValueWithEmpiricalFloor} and the tail-matched scaled
 * chi-square of {@link NullDistribution#pValueWithTailFit} ({@link TailFit}).
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
    void theTailFitMatchesThe95And99PercentQuantilesAndIsHeavierThanTheMomentsHere() {
        final TailFit tail = TailFit.through(10.0, TailFit.degreesOfFreedom(3.841, 10.0).orElseThrow());
        assertThat(tail.pValue(3.841)).isCloseTo(0.05, within(1e-3));
        assertThat(tail.pValue(10.0)).isCloseTo(0.01, within(1e-9));
        // chi2(1) alone says 5.733e-7 at 25; these quantiles spread wider than chi2(1)'s (6.635 / 3.841).
        assertThat(HEAVY_TAILED.pValueWithTailFit(25.0, 100)).isEqualTo(tail.pValue(25.0)).isGreaterThan(1e-4);
        // Where the moment fit is the heavier of the two, it decides.
        assertThat(HEAVY_TAILED.pValueWithTailFit(0.5, 100)).isEqualTo(HEAVY_TAILED.pValue(0.5, 100));
    }

    @Test
    void quantilesThatCannotCarryAFitLeaveTheMomentFit() {
        assertThat(TailFit.degreesOfFreedom(0, 0)).isEmpty();
        assertThat(TailFit.degreesOfFreedom(5, 4)).isEmpty();
        final NullDistribution noQuantiles = new NullDistribution("moments", new int[] {100}, new double[] {1},
            new double[] {2}, new double[][] {{0, 0, 0, 0}}, 1000);
        assertThat(noQuantiles.pValueWithTailFit(25.0, 100)).isEqualTo(noQuantiles.pValue(25.0, 100));
    }

    @Test
    void theThresholdIsWhereThePValueFallsToAlpha() {
        for (final double alpha : new double[] {0.05, 0.01, 1e-3, 1e-5}) {
            assertThat(HEAVY_TAILED.pValueWithTailFit(HEAVY_TAILED.thresholdWithTailFit(alpha, 100), 100))
                .as("alpha %s", alpha).isCloseTo(alpha, within(alpha * 1e-6));
        }
    }

    /**
     * A weighted sum of chi-squares with one dominant weight, as a centroid distance is when the embedding's
     * variance sits in a few directions: matched on mean and variance alone, the scaled chi-square's far tail is
     * too thin by an order of magnitude; with the simulated 95% and 99% quantiles the p-value is within a factor
     * of two of the truth.
     */
    @Test
    void theTailFitKeepsFarPValuesOfAnUnevenWeightedSumHonest() {
        final SimulatedNull simulated = SimulatedNull.of(new double[] {10, 1, 1, 1, 1, 1, 1, 1, 1, 1});
        final NullDistribution momentsOnly = new NullDistribution("moments", new int[] {100},
            new double[] {simulated.fitted().means()[0]}, new double[] {simulated.fitted().variances()[0]},
            new double[][] {{0, 0, 0, 0}}, SimulatedNull.DRAWS);
        assertThat(momentsOnly.pValueWithTailFit(simulated.far(), 100)).isLessThan(simulated.farTruth() / 10);
        assertThat(simulated.fitted().pValueWithTailFit(simulated.far(), 100))
            .isBetween(simulated.farTruth() / 2, 2 * simulated.farTruth());
    }

    /**
     * Fifty equal weights, as a centroid distance is when the variance is spread evenly: the moments were right
     * and the tail fit must not take power away (an exponential through the same quantiles said ten times the
     * truth here).
     */
    @Test
    void theTailFitCostsNoPowerWhenTheWeightsAreEven() {
        final double[] weights = new double[50];
        Arrays.fill(weights, 1);
        final SimulatedNull simulated = SimulatedNull.of(weights);
        assertThat(simulated.fitted().pValueWithTailFit(simulated.far(), 100))
            .isBetween(simulated.farTruth() / 2, 2 * simulated.farTruth());
        assertThat(simulated.fitted().thresholdWithTailFit(1e-4, 100))
            .isCloseTo(simulated.fitted().threshold(1e-4, 100), within(0.03 * simulated.fitted().threshold(1e-4, 100)));
    }

    /**
     * A null simulated as a weighted sum of squared standard normals: its exact moments, its empirical quantiles
     * at {@link NullDistribution#LEVELS}, and a far value with its true tail probability (40 of the draws).
     */
    private record SimulatedNull(NullDistribution fitted, double far, double farTruth) {

        static final int DRAWS = 400_000;

        static SimulatedNull of(final double[] weights) {
            final SplittableRandom random = new SplittableRandom(5);
            final double[] sorted = new double[DRAWS];
            for (int i = 0; i < DRAWS; i++) {
                double sum = 0;
                for (final double w : weights) {
                    final double z = gaussian(random);
                    sum += w * z * z;
                }
                sorted[i] = sum;
            }
            Arrays.sort(sorted);
            final double mean = Arrays.stream(weights).sum();
            final double variance = 2 * Arrays.stream(weights).map(w -> w * w).sum();
            final double[] quantiles = Arrays.stream(NullDistribution.LEVELS)
                .map(level -> sorted[(int) (level * DRAWS)]).toArray();
            final NullDistribution fitted = new NullDistribution("simulated", new int[] {100}, new double[] {mean},
                new double[] {variance}, new double[][] {quantiles}, DRAWS);
            return new SimulatedNull(fitted, sorted[DRAWS - 40], 40.0 / DRAWS);
        }
    }

    private static double gaussian(final SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
