package io.radshift.tools.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Baseline (ii) of the detection benchmark, the two-sample test of Alibi Detect's {@code MMDDrift}: Gaussian RBF
 * kernel {@code k(x, y) = exp(-|x - y|^2 / (2 sigma^2))}, unbiased MMD^2 estimate (Gretton et al. 2012, eq. 3),
 * p-value = share of label permutations of the pooled sample whose MMD^2 is at least the observed one. The
 * bandwidth follows the median heuristic on the pooled sample as Alibi Detect's {@code sigma_median} computes it:
 * {@code sigma^2 = median(|x - y|^2) / 2} over all pooled pairs. The kernel matrix is computed once per window;
 * each permutation re-sums it, as Alibi Detect does.
 */
public final class MmdPermutationDetector {

    /** Result of one test: the observed unbiased MMD^2, the bandwidth and the permutation p-value. */
    public record Result(double mmd2, double sigma, double pValue) {
    }

    private final float[][] reference;
    private final int permutations;

    /** A test against {@code reference} with the given number of permutations (Alibi Detect's default: 100). */
    public MmdPermutationDetector(final float[][] reference, final int permutations) {
        if (reference.length < 2 || permutations < 1) {
            throw new IllegalArgumentException("need >= 2 reference rows and >= 1 permutation");
        }
        this.reference = reference.clone();
        this.permutations = permutations;
    }

    /** Tests the window; {@code seed} fixes the permutations. */
    public Result test(final float[][] window, final long seed) {
        final float[][] pooled = new float[reference.length + window.length][];
        System.arraycopy(reference, 0, pooled, 0, reference.length);
        System.arraycopy(window, 0, pooled, reference.length, window.length);
        final double[][] squared = squaredDistances(pooled);
        final double sigma = Math.sqrt(medianOffDiagonal(squared) / 2);
        final double[][] kernel = kernel(squared, sigma);
        final int[] order = new int[pooled.length];
        Arrays.setAll(order, i -> i);
        final double observed = unbiasedMmd2(kernel, order, reference.length);
        final SplittableRandom random = new SplittableRandom(seed);
        int atLeast = 0;
        for (int p = 0; p < permutations; p++) {
            shuffle(order, random);
            atLeast += unbiasedMmd2(kernel, order, reference.length) >= observed ? 1 : 0;
        }
        return new Result(observed, sigma, (double) atLeast / permutations);
    }

    /**
     * Unbiased MMD^2 of the first {@code m} indices of {@code order} against the rest:
     * mean k(x, x') over x != x' + mean k(y, y') over y != y' - 2 mean k(x, y).
     */
    static double unbiasedMmd2(final double[][] kernel, final int[] order, final int m) {
        final int n = order.length - m;
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int a = 0; a < order.length; a++) {
            final double[] row = kernel[order[a]];
            final boolean aInX = a < m;
            for (int b = a + 1; b < order.length; b++) {
                final double k = row[order[b]];
                if (aInX && b < m) {
                    xx += k;
                } else if (!aInX) {
                    yy += k;
                } else {
                    xy += k;
                }
            }
        }
        return 2 * xx / ((double) m * (m - 1)) + 2 * yy / ((double) n * (n - 1)) - 2 * xy / ((double) m * n);
    }

    private static double[][] squaredDistances(final float[][] rows) {
        final double[][] out = new double[rows.length][rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = i + 1; j < rows.length; j++) {
                double sum = 0;
                for (int d = 0; d < rows[i].length; d++) {
                    final double diff = (double) rows[i][d] - rows[j][d];
                    sum += diff * diff;
                }
                out[i][j] = sum;
                out[j][i] = sum;
            }
        }
        return out;
    }

    static double medianOffDiagonal(final double[][] squared) {
        final int n = squared.length;
        final double[] values = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                values[k++] = squared[i][j];
            }
        }
        Arrays.sort(values);
        return values.length % 2 == 1 ? values[values.length / 2]
            : 0.5 * (values[values.length / 2 - 1] + values[values.length / 2]);
    }

    private static double[][] kernel(final double[][] squared, final double sigma) {
        final double scale = -1 / (2 * sigma * sigma);
        final double[][] out = new double[squared.length][squared.length];
        for (int i = 0; i < squared.length; i++) {
            for (int j = 0; j < squared.length; j++) {
                out[i][j] = Math.exp(scale * squared[i][j]);
            }
        }
        return out;
    }

    private static void shuffle(final int[] order, final SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            final int j = random.nextInt(i + 1);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
