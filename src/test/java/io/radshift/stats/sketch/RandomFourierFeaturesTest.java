package io.radshift.stats.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link RandomFourierFeatures}: the vectorised map (transposed frequencies, polynomial cosine) gives the same
 * features as the textbook definition, so profiles built before it keep their meaning, and still approximates
 * the RBF kernel.
 */
class RandomFourierFeaturesTest {

    @Test
    void polynomialCosineIsWithinOneETwelveOfMathCosOverTheArgumentsTheMapProduces() {
        final Random random = new Random(3);
        double worst = 0;
        for (int k = 0; k < 200_000; k++) {
            final double x = (random.nextDouble() - 0.5) * 1000;
            worst = Math.max(worst, Math.abs(RandomFourierFeatures.cos(x) - Math.cos(x)));
        }
        for (int k = -400; k <= 400; k++) {
            final double x = k * Math.PI / 4;
            worst = Math.max(worst, Math.abs(RandomFourierFeatures.cos(x) - Math.cos(x)));
        }
        assertThat(worst).isLessThan(1e-12);
        assertThat(RandomFourierFeatures.cos(0)).isEqualTo(1.0, within(1e-15));
    }

    @Test
    void featuresEqualTheTextbookDefinitionWithTheSameFrequencyDraw() {
        final int dimension = 128;
        final int features = 256;
        final double sigma = 0.9;
        final long seed = 11;
        final RandomFourierFeatures rff = new RandomFourierFeatures(dimension, features, sigma, seed);
        final Random data = new Random(5);
        for (int study = 0; study < 20; study++) {
            final float[] x = unitVector(data, dimension);
            final double[] fast = rff.transform(x);
            final double[] textbook = textbook(x, features, sigma, seed);
            for (int j = 0; j < features; j++) {
                assertThat(fast[j]).as("feature %d", j).isCloseTo(textbook[j], within(1e-9));
            }
        }
    }

    /**
     * The blocked map (eight input dimensions per pass over the sums) against the straightforward one (one input
     * dimension per pass, phase first, then the products in input order, the same cosine): bit for bit, for
     * dimensions that are a multiple of the block, that leave a remainder and that are smaller than it.
     */
    @Test
    void blockedFeaturesEqualOneDimensionPerPassBitForBit() {
        final Random data = new Random(8);
        for (final int dimension : new int[] {128, 13, 5}) {
            final int features = 96;
            final RandomFourierFeatures rff = new RandomFourierFeatures(dimension, features, 1.3, 21);
            for (int study = 0; study < 10; study++) {
                final float[] x = unitVector(data, dimension);
                assertThat(rff.transform(x)).as("dimension %d", dimension)
                    .containsExactly(straightforward(x, features, 1.3, 21));
            }
        }
    }

    @Test
    void innerProductsOfFeaturesApproximateTheGaussianKernel() {
        final int dimension = 16;
        final double sigma = 1.0;
        final RandomFourierFeatures rff = new RandomFourierFeatures(dimension, 8192, sigma, 1);
        final Random data = new Random(9);
        for (int pair = 0; pair < 10; pair++) {
            final float[] x = unitVector(data, dimension);
            final float[] y = unitVector(data, dimension);
            double squaredDistance = 0;
            for (int i = 0; i < dimension; i++) {
                squaredDistance += (x[i] - y[i]) * (x[i] - y[i]);
            }
            final double kernel = Math.exp(-squaredDistance / (2 * sigma * sigma));
            assertThat(dot(rff.transform(x), rff.transform(y))).isCloseTo(kernel, within(0.05));
        }
    }

    @Test
    void accumulatingAddsToTheSumAndMmdOfASampleWithItselfIsZero() {
        final RandomFourierFeatures rff = new RandomFourierFeatures(8, 64, 1.0, 2);
        final Random data = new Random(1);
        final float[] a = unitVector(data, 8);
        final float[] b = unitVector(data, 8);
        final double[] sum = new double[64];
        rff.accumulate(a, sum);
        rff.accumulate(b, sum);
        final double[] expected = rff.transform(a);
        final double[] phiB = rff.transform(b);
        for (int j = 0; j < 64; j++) {
            expected[j] += phiB[j];
        }
        assertThat(sum).containsExactly(expected, within(1e-15));
        assertThat(RandomFourierFeatures.mmd2(sum, 2, sum, 2)).isZero();
    }

    /** sqrt(2/D) cos(w_j . x + b_j) per feature, with the frequencies drawn in the class's documented order. */
    private static double[] textbook(final float[] x, final int features, final double sigma, final long seed) {
        final Random random = new Random(seed);
        final double[] out = new double[features];
        for (int j = 0; j < features; j++) {
            double dot = 0;
            for (final float xi : x) {
                dot += (float) (random.nextGaussian() / sigma) * (double) xi;
            }
            dot += (float) (random.nextDouble() * 2 * Math.PI);
            out[j] = Math.sqrt(2.0 / features) * Math.cos(dot);
        }
        return out;
    }

    /** One input dimension per pass: sum_j = b_j, then sum_j += w_ij x_i for i = 0, 1, ...; then the cosine. */
    private static double[] straightforward(final float[] x, final int features, final double sigma,
                                            final long seed) {
        final Random random = new Random(seed);
        final double[][] w = new double[features][x.length];
        final double[] sums = new double[features];
        for (int j = 0; j < features; j++) {
            for (int i = 0; i < x.length; i++) {
                w[j][i] = (float) (random.nextGaussian() / sigma);
            }
            sums[j] = (float) (random.nextDouble() * 2 * Math.PI);
        }
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < features; j++) {
                sums[j] += w[j][i] * (double) x[i];
            }
        }
        final double[] out = new double[features];
        for (int j = 0; j < features; j++) {
            out[j] = Math.sqrt(2.0 / features) * RandomFourierFeatures.cos(sums[j]);
        }
        return out;
    }

    private static float[] unitVector(final Random random, final int dimension) {
        final float[] v = new float[dimension];
        double norm = 0;
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < dimension; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static double dot(final double[] a, final double[] b) {
        double total = 0;
        for (int j = 0; j < a.length; j++) {
            total += a[j] * b[j];
        }
        return total;
    }
}
