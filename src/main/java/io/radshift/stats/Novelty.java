package io.radshift.stats;

/**
 * The novelty of one study: the Euclidean distance of its embedding to the reference mean embedding. One definition
 * for the window's most-novel study ids ({@link WindowAggregate}), the reference's own novelty distribution and
 * {@code radshift explain}, so that a percentile printed at the hospital ranks the same number the report ranked.
 */
public final class Novelty {

    private Novelty() {
    }

    /** {@code ||embedding - referenceMean||}. */
    public static double of(final float[] embedding, final double[] referenceMean) {
        if (embedding.length != referenceMean.length) {
            throw new IllegalArgumentException("embedding dimension " + embedding.length
                + " differs from the reference's " + referenceMean.length);
        }
        double sum = 0;
        for (int i = 0; i < embedding.length; i++) {
            final double diff = embedding[i] - referenceMean[i];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }
}
