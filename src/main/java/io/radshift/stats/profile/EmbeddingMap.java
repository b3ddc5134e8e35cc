package io.radshift.stats.profile;

/**
 * A fixed 2-D map of the reference's embeddings, for the embedding map of the pre-deployment report: the first two
 * principal axes of the fit split about its mean, and the map coordinates of a seeded sample of at most
 * {@link #MAX_POINTS} reference studies. A site's studies are projected onto the same axes ({@link #project}), so
 * every hospital's map shows the same reference cloud. The axes come from the reference alone: axes fitted to the
 * site's own studies (e.g. the direction from the reference mean to the site mean) would separate even a
 * same-hospital sample in high dimensions. Kept small on purpose (2 axes and 2-D points, no embeddings), so it adds
 * about {@code 3 d + 2 * MAX_POINTS} numbers to the profile; profiles built before it existed have none.
 *
 * @param center        the point the axes are centred on (the fit split's mean embedding)
 * @param axes          two orthonormal axes of the embedding's dimension, by decreasing variance
 * @param variances     the fit split's variance along each axis
 * @param totalVariance the fit split's total variance (sum over dimensions), for the share each axis explains
 * @param points        map coordinates {x, y} of the sampled reference studies
 */
public record EmbeddingMap(double[] center, double[][] axes, double[] variances, double totalVariance,
                           double[][] points) {

    /** Most reference studies kept on the map. */
    public static final int MAX_POINTS = 500;

    /** Checks the shapes. */
    public EmbeddingMap {
        if (axes.length != 2 || variances.length != 2) {
            throw new IllegalArgumentException("an embedding map has two axes, got " + axes.length);
        }
        for (final double[] axis : axes) {
            if (axis.length != center.length) {
                throw new IllegalArgumentException("axis of dimension " + axis.length + " for embeddings of "
                    + center.length);
            }
        }
    }

    /** The map coordinates {x, y} of an embedding. */
    public double[] project(final float[] embedding) {
        if (embedding.length != center.length) {
            throw new IllegalArgumentException("embedding of dimension " + embedding.length + " for a map of "
                + center.length);
        }
        final double[] xy = new double[2];
        for (int a = 0; a < 2; a++) {
            double sum = 0;
            for (int i = 0; i < center.length; i++) {
                sum += (embedding[i] - center[i]) * axes[a][i];
            }
            xy[a] = sum;
        }
        return xy;
    }

    /** The share of the reference's total variance along axis {@code a} (0 or 1). */
    public double explained(final int a) {
        return totalVariance > 0 ? variances[a] / totalVariance : 0;
    }
}
