package io.radshift.tools.bench;

/**
 * Baseline (i) of the detection benchmark, Evidently's default embedding drift rule
 * ({@code evidently.metrics.data_drift.embedding_drift_methods.distance} with {@code dist="euclidean"},
 * {@code threshold=0.2}, no bootstrap): drift when the Euclidean distance between the mean embedding of the
 * reference and the mean embedding of the window exceeds 0.2. The threshold does not depend on the window size,
 * which is why its false-alarm rate changes with n.
 */
public final class MeanDistanceRule {

    /** Evidently's default threshold. */
    public static final double DEFAULT_THRESHOLD = 0.2;

    private final double[] referenceMean;
    private final double threshold;

    /** A rule against the mean of {@code reference} embeddings. */
    public MeanDistanceRule(final float[][] reference, final double threshold) {
        this.referenceMean = mean(reference);
        this.threshold = threshold;
    }

    /** The Euclidean distance between the reference mean and the window mean. */
    public double distance(final float[][] window) {
        final double[] windowMean = mean(window);
        double sum = 0;
        for (int i = 0; i < windowMean.length; i++) {
            final double diff = windowMean[i] - referenceMean[i];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }

    /** Whether the rule reports drift for the window. */
    public boolean drift(final float[][] window) {
        return distance(window) > threshold;
    }

    static double[] mean(final float[][] rows) {
        final double[] mean = new double[rows[0].length];
        for (final float[] row : rows) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += row[i];
            }
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= rows.length;
        }
        return mean;
    }
}
