package io.radshift.inference.bundle;

/** Small dense-vector helpers shared by prompt validation and scoring (double accumulation for stability). */
public final class VectorMath {

    private VectorMath() {
    }

    /** Dot product of two equal-length vectors. */
    public static double dot(final float[] a, final float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** Cosine similarity; 0 when either vector is zero. */
    public static double cosine(final float[] a, final float[] b) {
        final double denominator = Math.sqrt(dot(a, a) * dot(b, b));
        return denominator == 0 ? 0 : dot(a, b) / denominator;
    }

    /** A copy of {@code v} scaled to unit L2 norm; a zero vector stays zero. */
    public static float[] normalised(final double[] v) {
        double sq = 0;
        for (final double x : v) {
            sq += x * x;
        }
        final double norm = Math.sqrt(sq);
        final float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = norm == 0 ? 0f : (float) (v[i] / norm);
        }
        return out;
    }
}
