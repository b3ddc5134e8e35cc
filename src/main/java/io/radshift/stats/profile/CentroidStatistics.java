package io.radshift.stats.profile;

/** Distances between a window mean embedding and the reference mean, shared by calibration and evaluation. */
public final class CentroidStatistics {

    private CentroidStatistics() {
    }

    /** ||a - b||^2. */
    public static double squaredEuclidean(final double[] a, final double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            final double diff = a[i] - b[i];
            sum += diff * diff;
        }
        return sum;
    }

    /** 1 - cos(a, b); 1 when either vector is zero. */
    public static double cosineDistance(final double[] a, final double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        if (na == 0 || nb == 0) {
            return 1;
        }
        return 1 - dot / Math.sqrt(na * nb);
    }
}
