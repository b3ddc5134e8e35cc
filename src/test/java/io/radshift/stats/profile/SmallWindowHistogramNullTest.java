package io.radshift.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.stats.math.GoodnessOfFit;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The score-histogram null at small windows, built the way {@link NullCalibrator} builds it (a fit split as the
 * reference, 1,000 windows per grid size drawn with replacement from a calibration split, chi-squared over merged
 * cells divided by n) and judged on fresh windows of new studies from the same population. Stable sites paged on
 * histograms of 18-19 studies (BENCHMARKS.md, Alerts), which raised the question whether ten bins from twenty studies
 * have a heavier tail than the calibrated null: for independent studies they do not, beyond what the profile's own
 * sampling error gives (at alpha 1e-3; the empirical quantiles reach 1e-3, the moment fit extrapolates beyond).
 */
class SmallWindowHistogramNullTest {

    private static final int[] SIZES = ProfileSettings.DEFAULT_SIZES;
    private static final int NULL_WINDOWS = 1_000;
    private static final double ALPHA = 1e-3;
    private static final int TRIALS = 100_000;
    private static final int PROFILES = 5;

    /** A rare label's scores: most studies in the lowest bins, a long thin upper tail (10 bins, as the profile's). */
    private static final double[] RARE_LABEL = {0.7, 0.2, 0.05, 0.03, 0.01, 0.005, 0.003, 0.001, 0.0005, 0.0005};
    /** A common label's scores, spread around the middle. */
    private static final double[] COMMON_LABEL = {0.02, 0.05, 0.1, 0.18, 0.25, 0.2, 0.12, 0.05, 0.02, 0.01};

    @Test
    void aRareLabelsHistogramOfNineteenOrTwentyStudiesFalseAlarmsAboutAlpha() {
        for (int n : new int[] {19, 20}) {
            assertRatesAboutAlpha(RARE_LABEL, n);
        }
    }

    @Test
    void aCommonLabelsHistogramOfTwentyOrFiftyStudiesFalseAlarmsAboutAlpha() {
        for (int n : new int[] {20, 50}) {
            assertRatesAboutAlpha(COMMON_LABEL, n);
        }
    }

    /**
     * Over five profiles (fit and calibration splits drawn afresh) the false-alarm rate averages at most 1.5 alpha,
     * and no profile's exceeds 3 alpha: a profile's own sampling error (2,100 fit studies, 1,000 null windows per
     * size) moves it by that much either way.
     */
    private static void assertRatesAboutAlpha(final double[] population, final int n) {
        final double[] rates = new double[PROFILES];
        Arrays.setAll(rates, seed -> falseAlarmRate(population, n, seed + 1));
        assertThat(Arrays.stream(rates).average().orElseThrow()).as("n = %d, rates %s", n, Arrays.toString(rates))
                .isLessThanOrEqualTo(1.5 * ALPHA);
        assertThat(Arrays.stream(rates).max().orElseThrow()).as("n = %d, rates %s", n, Arrays.toString(rates))
                .isLessThanOrEqualTo(3 * ALPHA);
    }

    private static double falseAlarmRate(final double[] population, final int n, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final long[] fit = counts(population, 2_100, random);
        final NullDistribution calibrated = calibrate(population, fit, random);
        int alarms = 0;
        for (int t = 0; t < TRIALS; t++) {
            alarms += calibrated.pValueWithEmpiricalFloor(statistic(counts(population, n, random), fit), n) < ALPHA ? 1 : 0;
        }
        return alarms / (double) TRIALS;
    }

    /** As {@link NullCalibrator}: windows drawn with replacement from a calibration split of 900 studies. */
    private static NullDistribution calibrate(final double[] population, final long[] fit, final SplittableRandom random) {
        final int[] calibration = new int[900];
        Arrays.setAll(calibration, i -> bin(population, random));
        final double[] means = new double[SIZES.length];
        final double[] variances = new double[SIZES.length];
        final double[][] quantiles = new double[SIZES.length][NullDistribution.LEVELS.length];
        for (int s = 0; s < SIZES.length; s++) {
            final double[] values = new double[NULL_WINDOWS];
            for (int w = 0; w < NULL_WINDOWS; w++) {
                final long[] window = new long[population.length];
                for (int i = 0; i < SIZES[s]; i++) {
                    window[calibration[random.nextInt(calibration.length)]]++;
                }
                values[w] = statistic(window, fit);
            }
            Arrays.sort(values);
            final double mean = Arrays.stream(values).average().orElseThrow();
            means[s] = mean;
            variances[s] = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (NULL_WINDOWS - 1);
            for (int q = 0; q < NullDistribution.LEVELS.length; q++) {
                quantiles[s][q] = values[(int) Math.ceil(NullDistribution.LEVELS[q] * NULL_WINDOWS) - 1];
            }
        }
        return new NullDistribution("score-histogram", SIZES, means, variances, quantiles, NULL_WINDOWS);
    }

    /** The statistic the profile stores: chi-squared over merged cells divided by the window size. */
    private static double statistic(final long[] window, final long[] fit) {
        final long n = Arrays.stream(window).sum();
        return GoodnessOfFit.chiSquared(window, fit).map(r -> r.statistic() / n).orElse(0.0);
    }

    private static long[] counts(final double[] population, final int n, final SplittableRandom random) {
        final long[] counts = new long[population.length];
        for (int i = 0; i < n; i++) {
            counts[bin(population, random)]++;
        }
        return counts;
    }

    private static int bin(final double[] population, final SplittableRandom random) {
        double u = random.nextDouble();
        for (int b = 0; b < population.length - 1; b++) {
            u -= population[b];
            if (u < 0) {
                return b;
            }
        }
        return population.length - 1;
    }
}
