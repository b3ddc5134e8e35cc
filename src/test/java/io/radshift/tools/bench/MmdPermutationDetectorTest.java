package io.radshift.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MmdPermutationDetectorTest {

    private static float[][] gaussian(final int n, final int d, final double shift, final Random random) {
        final float[][] out = new float[n][d];
        for (final float[] row : out) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) (random.nextGaussian() + (j == 0 ? shift : 0));
            }
        }
        return out;
    }

    private static double k(final float[] a, final float[] b, final double sigma) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            final double diff = (double) a[i] - b[i];
            s += diff * diff;
        }
        return Math.exp(-s / (2 * sigma * sigma));
    }

    /** Gretton et al. (2012) eq. 3, written out with separate sums over X and Y. */
    private static double directUnbiasedMmd2(final float[][] x, final float[][] y, final double sigma) {
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                xx += i == j ? 0 : k(x[i], x[j], sigma);
            }
        }
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y.length; j++) {
                yy += i == j ? 0 : k(y[i], y[j], sigma);
            }
        }
        for (final float[] a : x) {
            for (final float[] b : y) {
                xy += k(a, b, sigma);
            }
        }
        final int m = x.length;
        final int n = y.length;
        return xx / (m * (m - 1.0)) + yy / (n * (n - 1.0)) - 2 * xy / ((double) m * n);
    }

    private static double directMedianSquaredDistance(final float[][] pooled) {
        final int n = pooled.length;
        final double[] d = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int c = 0; c < pooled[i].length; c++) {
                    final double diff = (double) pooled[i][c] - pooled[j][c];
                    s += diff * diff;
                }
                d[k++] = s;
            }
        }
        Arrays.sort(d);
        return d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
    }

    @Test
    void statisticAndBandwidthMatchADirectComputation() {
        final Random random = new Random(1);
        final float[][] x = gaussian(30, 4, 0, random);
        final float[][] y = gaussian(12, 4, 0.7, random);
        final MmdPermutationDetector.Result result = new MmdPermutationDetector(x, 10).test(y, 3);
        final float[][] pooled = new float[42][];
        System.arraycopy(x, 0, pooled, 0, 30);
        System.arraycopy(y, 0, pooled, 30, 12);
        final double sigma = Math.sqrt(directMedianSquaredDistance(pooled) / 2);
        assertThat(result.sigma()).isCloseTo(sigma, within(1e-12));
        assertThat(result.mmd2()).isCloseTo(directUnbiasedMmd2(x, y, sigma), within(1e-12));
    }

    @Test
    void underTheNullTheTestRejectsAtAboutItsLevel() {
        final Random random = new Random(2);
        final MmdPermutationDetector test = new MmdPermutationDetector(gaussian(100, 3, 0, random), 100);
        int rejected = 0;
        final int trials = 300;
        for (int t = 0; t < trials; t++) {
            rejected += test.test(gaussian(30, 3, 0, random), t).pValue() < 0.05 ? 1 : 0;
        }
        // Binomial(300, 0.05): mean 15, sd 3.8; p < 0.05 with 100 permutations is at most nominal.
        assertThat(rejected).isBetween(3, 27);
    }

    @Test
    void aClearMeanShiftIsDetected() {
        final Random random = new Random(3);
        final MmdPermutationDetector test = new MmdPermutationDetector(gaussian(100, 3, 0, random), 100);
        assertThat(test.test(gaussian(30, 3, 1.5, random), 1).pValue()).isEqualTo(0.0);
    }
}
