package io.radshift.stats.sketch;

import java.util.Random;

/**
 * Random Fourier features (Rahimi and Recht 2007) for the Gaussian RBF kernel
 * k(x, y) = exp(-||x - y||^2 / (2 sigma^2)): phi(x) = sqrt(2/D) cos(W x + b) with W ~ N(0, I / sigma^2) and
 * b ~ U[0, 2 pi), so that phi(x).phi(y) approximates k(x, y). The squared distance between mean feature
 * vectors of two samples approximates the (biased, V-statistic) MMD^2 between them, and the SUM of feature
 * vectors merges by addition, which is what makes windowed MMD mergeable. Frequencies are regenerated from
 * (dimension, features, sigma, seed) with java.util.Random, whose Gaussian stream is specified by the JDK,
 * so the profile only stores the four parameters.
 */
public final class RandomFourierFeatures {

    private final int dimension;
    private final int features;
    private final double sigma;
    private final long seed;
    private final float[][] frequencies;
    private final float[] phases;
    private final double scale;

    /** Draws D frequency vectors of dimension d for bandwidth sigma from the given seed. */
    public RandomFourierFeatures(final int dimension, final int features, final double sigma, final long seed) {
        if (dimension <= 0 || features <= 0 || !(sigma > 0)) {
            throw new IllegalArgumentException("need dimension > 0, features > 0, sigma > 0");
        }
        this.dimension = dimension;
        this.features = features;
        this.sigma = sigma;
        this.seed = seed;
        this.scale = Math.sqrt(2.0 / features);
        final Random random = new Random(seed);
        this.frequencies = new float[features][dimension];
        this.phases = new float[features];
        for (int j = 0; j < features; j++) {
            for (int i = 0; i < dimension; i++) {
                frequencies[j][i] = (float) (random.nextGaussian() / sigma);
            }
            phases[j] = (float) (random.nextDouble() * 2 * Math.PI);
        }
    }

    /** Adds phi(x) to {@code sum} (length D). */
    public void accumulate(final float[] x, final double[] sum) {
        checkDimension(x);
        for (int j = 0; j < features; j++) {
            final float[] w = frequencies[j];
            double dot = phases[j];
            for (int i = 0; i < dimension; i++) {
                dot += w[i] * x[i];
            }
            sum[j] += scale * Math.cos(dot);
        }
    }

    /** phi(x) as a new array. */
    public double[] transform(final float[] x) {
        final double[] out = new double[features];
        accumulate(x, out);
        return out;
    }

    private void checkDimension(final float[] x) {
        if (x.length != dimension) {
            throw new IllegalArgumentException("embedding has dimension " + x.length + ", expected " + dimension);
        }
    }

    /** ||sumA/nA - sumB/nB||^2: the RFF estimate of the biased MMD^2 between two samples. */
    public static double mmd2(final double[] sumA, final long nA, final double[] sumB, final long nB) {
        double total = 0;
        for (int j = 0; j < sumA.length; j++) {
            final double diff = sumA[j] / nA - sumB[j] / nB;
            total += diff * diff;
        }
        return total;
    }

    /** Input dimension d. */
    public int dimension() {
        return dimension;
    }

    /** Number of features D. */
    public int features() {
        return features;
    }

    /** Kernel bandwidth sigma. */
    public double sigma() {
        return sigma;
    }

    /** Seed of the frequency draw. */
    public long seed() {
        return seed;
    }
}
