package io.radshift.stats.profile;

import io.radshift.stats.Observation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds an {@link EmbeddingMap}: the first two principal axes of the fit split by power iteration on the centred
 * studies (the d x d covariance matrix is never formed: each step costs one pass over the studies), the second
 * kept orthogonal to the first (deflation by Gram-Schmidt), then the map coordinates of a seeded sample of the
 * whole reference.
 */
public final class EmbeddingMaps {

    /** Power-iteration steps at most per axis. */
    static final int MAX_ITERATIONS = 1000;
    /** Stop when the axis moves less than this (Euclidean norm of the change of a unit vector). */
    static final double TOLERANCE = 1e-10;

    private EmbeddingMaps() {
    }

    /**
     * The map of a reference.
     *
     * @param fit       studies the axes are fitted on (at least 2)
     * @param reference studies sampled for the map's reference points
     * @param center    the fit split's mean embedding
     * @param seed      seed of the start vectors and of the sample
     */
    public static EmbeddingMap build(final List<Observation> fit, final List<Observation> reference,
                                     final double[] center, final long seed) {
        final List<float[]> rows = fit.stream().map(Observation::embedding).toList();
        final SplittableRandom random = new SplittableRandom(seed);
        final double[][] axes = new double[2][];
        final double[] variances = new double[2];
        for (int a = 0; a < 2; a++) {
            axes[a] = principalAxis(rows, center, Arrays.asList(axes).subList(0, a), random);
            variances[a] = variance(rows, center, axes[a]);
        }
        double total = 0;
        for (final float[] row : rows) {
            for (int i = 0; i < center.length; i++) {
                final double diff = row[i] - center[i];
                total += diff * diff;
            }
        }
        final EmbeddingMap axesOnly = new EmbeddingMap(center.clone(), axes, variances,
            total / (rows.size() - 1), new double[0][]);
        final double[][] points = sample(reference, random).stream().map(o -> axesOnly.project(o.embedding()))
            .toArray(double[][]::new);
        return new EmbeddingMap(axesOnly.center(), axes, variances, axesOnly.totalVariance(), points);
    }

    /**
     * The unit vector v maximising the variance of the rows along it, orthogonal to {@code previous}: repeated
     * v <- normalise(C v) with C the rows' covariance (up to a factor), deflated against the previous axes. Its
     * sign is fixed so that its largest component is positive, so that the same reference gives the same map.
     */
    static double[] principalAxis(final List<float[]> rows, final double[] center, final List<double[]> previous,
                                  final SplittableRandom random) {
        final int d = center.length;
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = random.nextDouble() - 0.5;
        }
        orthogonalise(v, previous);
        normalise(v);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            final double[] next = covarianceTimes(rows, center, v);
            orthogonalise(next, previous);
            if (normalise(next) == 0) {
                return v;
            }
            double change = 0;
            for (int i = 0; i < d; i++) {
                change += (next[i] - v[i]) * (next[i] - v[i]);
            }
            v = next;
            if (Math.sqrt(change) < TOLERANCE) {
                break;
            }
        }
        return withSign(v);
    }

    /** sum over rows of (x - c) ((x - c) . v): the covariance times v, up to the factor 1 / (n - 1). */
    private static double[] covarianceTimes(final List<float[]> rows, final double[] center, final double[] v) {
        final double[] out = new double[center.length];
        for (final float[] row : rows) {
            double dot = 0;
            for (int i = 0; i < center.length; i++) {
                dot += (row[i] - center[i]) * v[i];
            }
            for (int i = 0; i < center.length; i++) {
                out[i] += (row[i] - center[i]) * dot;
            }
        }
        return out;
    }

    private static void orthogonalise(final double[] v, final List<double[]> previous) {
        for (final double[] axis : previous) {
            double dot = 0;
            for (int i = 0; i < v.length; i++) {
                dot += v[i] * axis[i];
            }
            for (int i = 0; i < v.length; i++) {
                v[i] -= dot * axis[i];
            }
        }
    }

    /** Scales v to unit length in place; returns its former length. */
    private static double normalise(final double[] v) {
        double norm = 0;
        for (final double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
        }
        return norm;
    }

    private static double[] withSign(final double[] v) {
        int largest = 0;
        for (int i = 1; i < v.length; i++) {
            largest = Math.abs(v[i]) > Math.abs(v[largest]) ? i : largest;
        }
        if (v[largest] < 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = -v[i];
            }
        }
        return v;
    }

    /** Sample variance of the rows along a unit axis. */
    private static double variance(final List<float[]> rows, final double[] center, final double[] axis) {
        double sum = 0;
        for (final float[] row : rows) {
            double dot = 0;
            for (int i = 0; i < center.length; i++) {
                dot += (row[i] - center[i]) * axis[i];
            }
            sum += dot * dot;
        }
        return sum / (rows.size() - 1);
    }

    /** At most {@link EmbeddingMap#MAX_POINTS} studies, a seeded uniform sample without replacement. */
    private static List<Observation> sample(final List<Observation> reference, final SplittableRandom random) {
        final List<Observation> shuffled = new ArrayList<>(reference);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            Collections.swap(shuffled, i, random.nextInt(i + 1));
        }
        return shuffled.subList(0, Math.min(EmbeddingMap.MAX_POINTS, shuffled.size()));
    }
}
