package io.radshift.inference.decode;

/**
 * Deterministic separable resizing of grey images: area averaging when shrinking (every source pixel contributes
 * in proportion to its overlap, so no aliasing) and bilinear interpolation with edge clamping when enlarging.
 * The work is done row by row by {@link RowResizer}, which decoders feed without a full-size image.
 */
public final class Resampler {

    private Resampler() {
    }

    /** Resizes {@code image} to {@code width x height}. */
    public static float[] resize(final GreyImage image, final int width, final int height) {
        final RowResizer resizer = new RowResizer(image.width(), image.height(), width, height);
        final GreyRows rows = image.rows();
        final float[] row = new float[image.width()];
        for (int y = 0; y < image.height(); y++) {
            rows.read(y, row);
            resizer.accept(y, row);
        }
        return resizer.result();
    }

    /** For each output index the contributing source indices and weights (summing to 1). */
    record Weights(int[][] index, double[][] weight) {

        static Weights of(final int in, final int out) {
            return in >= out ? area(in, out) : bilinear(in, out);
        }

        private static Weights area(final int in, final int out) {
            final double scale = (double) in / out;
            final int[][] index = new int[out][];
            final double[][] weight = new double[out][];
            for (int o = 0; o < out; o++) {
                final double start = o * scale;
                final double end = (o + 1) * scale;
                final int first = (int) Math.floor(start);
                final int last = Math.min(in - 1, (int) Math.ceil(end) - 1);
                index[o] = new int[last - first + 1];
                weight[o] = new double[last - first + 1];
                for (int s = first; s <= last; s++) {
                    final double overlap = Math.min(end, s + 1) - Math.max(start, s);
                    index[o][s - first] = s;
                    weight[o][s - first] = overlap / scale;
                }
            }
            return new Weights(index, weight);
        }

        private static Weights bilinear(final int in, final int out) {
            final double scale = (double) in / out;
            final int[][] index = new int[out][2];
            final double[][] weight = new double[out][2];
            for (int o = 0; o < out; o++) {
                final double centre = Math.min(in - 1, Math.max(0, (o + 0.5) * scale - 0.5));
                final int left = (int) Math.floor(centre);
                final int right = Math.min(in - 1, left + 1);
                final double fraction = centre - left;
                index[o][0] = left;
                index[o][1] = right;
                weight[o][0] = 1 - fraction;
                weight[o][1] = fraction;
            }
            return new Weights(index, weight);
        }

        void apply(final float[] src, final int srcOffset, final int srcStride,
                   final float[] dst, final int dstOffset, final int dstStride) {
            for (int o = 0; o < index.length; o++) {
                double sum = 0;
                for (int k = 0; k < index[o].length; k++) {
                    sum += weight[o][k] * src[srcOffset + index[o][k] * srcStride];
                }
                dst[dstOffset + o * dstStride] = (float) sum;
            }
        }
    }
}
