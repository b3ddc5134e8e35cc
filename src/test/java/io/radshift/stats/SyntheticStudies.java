package io.radshift.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic studies whose distribution is known: embeddings are L2-normalised (centre + low-rank Gaussian
 * noise) in d dimensions; label scores are logistic functions of fixed directions plus noise; ground truth is
 * Bernoulli(score-dependent probability); quality features are Gaussian; metadata are categorical. A
 * {@link Shift} moves the distribution so that the truth about drift is known.
 */
public final class SyntheticStudies {

    /** Labels of the synthetic model; "rare" has prevalence ~2%. */
    public static final List<String> LABELS = List.of("effusion", "opacity", "cardiomegaly", "rare");

    /** Kinds of shift. */
    public enum Shift { NONE, EMBEDDING, QUALITY, METADATA, RARE_OVERCONFIDENT }

    private final int dimension;
    private final double[] centre;
    private final double[][] loadings;
    private final double[][] labelDirections;
    private final double[] labelBias = {-1.0, -1.5, -2.0, -4.0};
    private final double[] shiftDirection;

    /** A generator with a fixed structure drawn from {@code structureSeed}. */
    public SyntheticStudies(final int dimension, final long structureSeed) {
        this.dimension = dimension;
        final SplittableRandom random = new SplittableRandom(structureSeed);
        centre = gaussianVector(random, dimension, 1.0);
        loadings = new double[8][];
        for (int k = 0; k < loadings.length; k++) {
            loadings[k] = gaussianVector(random, dimension, 0.25 / Math.sqrt(k + 1));
        }
        labelDirections = new double[LABELS.size()][];
        for (int l = 0; l < LABELS.size(); l++) {
            labelDirections[l] = gaussianVector(random, dimension, 3.0);
        }
        shiftDirection = gaussianVector(random, dimension, 1.0);
    }

    private static double[] gaussianVector(final SplittableRandom random, final int d, final double scale) {
        final double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = gaussian(random) * scale / Math.sqrt(d);
        }
        return v;
    }

    private static double gaussian(final SplittableRandom random) {
        // Box-Muller; SplittableRandom has no Gaussian in every JDK.
        final double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** n studies with ground truth, ids prefixed by {@code prefix}. */
    public List<Observation> draw(final int n, final Shift shift, final SplittableRandom random,
                                  final String prefix) {
        final List<Observation> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(one(prefix + i, shift, random));
        }
        return out;
    }

    private Observation one(final String id, final Shift shift, final SplittableRandom random) {
        final float[] embedding = embedding(shift, random);
        final float[] scores = new float[LABELS.size()];
        final boolean[] positives = new boolean[LABELS.size()];
        final boolean[] known = new boolean[LABELS.size()];
        for (int l = 0; l < LABELS.size(); l++) {
            double logit = labelBias[l] + 0.6 * gaussian(random);
            for (int i = 0; i < dimension; i++) {
                logit += labelDirections[l][i] * embedding[i];
            }
            if (shift == Shift.RARE_OVERCONFIDENT && l == LABELS.size() - 1) {
                logit += 5.0;
            }
            scores[l] = (float) (1 / (1 + Math.exp(-logit)));
            final double truthProbability = shift == Shift.RARE_OVERCONFIDENT && l == LABELS.size() - 1
                ? 1 / (1 + Math.exp(-(logit - 5.0))) : scores[l];
            positives[l] = random.nextDouble() < truthProbability;
            known[l] = random.nextDouble() < 0.9;
        }
        return new Observation(id, embedding, scores, quality(shift, random), metadata(shift, random),
            positives, known);
    }

    private float[] embedding(final Shift shift, final SplittableRandom random) {
        final double[] x = centre.clone();
        for (final double[] loading : loadings) {
            final double z = gaussian(random);
            for (int i = 0; i < dimension; i++) {
                x[i] += z * loading[i];
            }
        }
        for (int i = 0; i < dimension; i++) {
            x[i] += 0.05 * gaussian(random) / Math.sqrt(dimension)
                + (shift == Shift.EMBEDDING ? 0.25 * shiftDirection[i] : 0);
        }
        double norm = 0;
        for (final double v : x) {
            norm += v * v;
        }
        final float[] out = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            out[i] = (float) (x[i] / Math.sqrt(norm));
        }
        return out;
    }

    private static double[] quality(final Shift shift, final SplittableRandom random) {
        final double[] q = new double[QualityFeatures.COUNT];
        final double[] means = {0.5, 0.2, 3.0, 0.02, 0.01, 11.0};
        final double[] sds = {0.08, 0.04, 0.7, 0.005, 0.005, 0.4};
        for (int f = 0; f < q.length; f++) {
            q[f] = means[f] + sds[f] * gaussian(random);
        }
        if (shift == Shift.QUALITY) {
            q[2] -= 0.7;
        }
        return q;
    }

    private static Map<String, String> metadata(final Shift shift, final SplittableRandom random) {
        final double u = random.nextDouble();
        final String view;
        if (shift == Shift.METADATA) {
            view = u < 0.2 ? "PA" : "AP";
        } else {
            view = u < 0.6 ? "PA" : u < 0.95 ? "AP" : "LAT";
        }
        return Map.of("viewPosition", view, "sex", random.nextDouble() < 0.5 ? "M" : "F");
    }
}
