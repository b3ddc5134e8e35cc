package io.radshift.inference.decode;

/**
 * Resizes a grey image fed one source row at a time, top to bottom ({@link Resampler}'s weights): each row is
 * resized horizontally at once and added, with its vertical weights, to the few output rows it contributes to.
 * Holds only the output image and one resized row, so a 3,000 px radiograph is never copied at full size. The sums
 * run in the same order as a two-pass resize, so both give the same floats.
 */
final class RowResizer {

    private final int width;
    private final Resampler.Weights horizontal;
    /** For source row {@code s}: the output rows it feeds ({@code targets[s]}) and with which weights. */
    private final int[][] targets;
    private final double[][] targetWeights;
    private final double[] sums;
    private final float[] resizedRow;

    RowResizer(final int sourceWidth, final int sourceHeight, final int width, final int height) {
        if (sourceWidth < 1 || sourceHeight < 1 || width < 1 || height < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        this.width = width;
        this.horizontal = Resampler.Weights.of(sourceWidth, width);
        final Resampler.Weights vertical = Resampler.Weights.of(sourceHeight, height);
        final int[] counts = new int[sourceHeight];
        for (final int[] sources : vertical.index()) {
            for (final int s : sources) {
                counts[s]++;
            }
        }
        this.targets = new int[sourceHeight][];
        this.targetWeights = new double[sourceHeight][];
        for (int s = 0; s < sourceHeight; s++) {
            targets[s] = new int[counts[s]];
            targetWeights[s] = new double[counts[s]];
            counts[s] = 0;
        }
        for (int o = 0; o < height; o++) {
            for (int k = 0; k < vertical.index()[o].length; k++) {
                final int s = vertical.index()[o][k];
                targets[s][counts[s]] = o;
                targetWeights[s][counts[s]++] = vertical.weight()[o][k];
            }
        }
        this.sums = new double[width * height];
        this.resizedRow = new float[width];
    }

    /** Adds source row {@code y} (rows must come in order, each once). */
    void accept(final int y, final float[] row) {
        horizontal.apply(row, 0, 1, resizedRow, 0, 1);
        final int[] outRows = targets[y];
        final double[] weights = targetWeights[y];
        for (int k = 0; k < outRows.length; k++) {
            final int offset = outRows[k] * width;
            final double w = weights[k];
            for (int x = 0; x < width; x++) {
                sums[offset + x] += w * resizedRow[x];
            }
        }
    }

    /** The resized image, row-major, once all {@code sourceHeight} rows were accepted. */
    float[] result() {
        final float[] out = new float[sums.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) sums[i];
        }
        return out;
    }
}
