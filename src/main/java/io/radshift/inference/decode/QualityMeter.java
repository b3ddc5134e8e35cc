package io.radshift.inference.decode;

import io.radshift.avro.ImageQuality;

/**
 * Model-free image-quality features of a grey image in [0, 1], computed on the full-resolution image before
 * resizing, in one pass over its rows (fed in order by {@link ImageAnalyzer}; the meter keeps the last two rows, so
 * it needs no full-size copy; the pixel limit bounds the cost).
 *
 * <ul>
 *   <li>mean intensity and RMS contrast (population standard deviation);</li>
 *   <li>sharpness: variance of the 4-neighbour Laplacian over interior pixels (low = blurred);</li>
 *   <li>noise: Immerkaer (1996) "Fast noise variance estimation": {@code sigma = sqrt(pi/2) / (6 (W-2)(H-2))
 *       * sum |I * N|} with {@code N = [[1,-2,1],[-2,4,-2],[1,-2,1]]}, which cancels smooth structure;</li>
 *   <li>saturated fraction: pixels at 0 or 1 (the smallest or largest representable value).</li>
 * </ul>
 *
 * <p>Sharpness and noise are 0 for images under 3x3. Not thread-safe: one meter per image.
 */
public final class QualityMeter {

    private final int width;
    private final int height;
    private final int bitDepth;
    private float[] above;
    private float[] middle;
    private float[] below;
    private int rows;
    private double sum;
    private double sumSq;
    private long saturated;
    private double lapSum;
    private double lapSumSq;
    private double noiseTotal;

    /** A meter for an image of {@code width x height} stored with {@code bitDepth} bits per sample. */
    public QualityMeter(final int width, final int height, final int bitDepth) {
        this.width = width;
        this.height = height;
        this.bitDepth = bitDepth;
        this.above = new float[width];
        this.middle = new float[width];
        this.below = new float[width];
    }

    /** Computes the features of a whole image. */
    public static ImageQuality compute(final GreyImage image) {
        final QualityMeter meter = new QualityMeter(image.width(), image.height(), image.bitDepth());
        final float[] p = image.pixels();
        final float[] row = new float[image.width()];
        for (int y = 0; y < image.height(); y++) {
            System.arraycopy(p, y * image.width(), row, 0, image.width());
            meter.accept(row);
        }
        return meter.result();
    }

    /** Adds the next row (copied: the caller may reuse {@code row}). */
    public void accept(final float[] row) {
        // Local sums per row: the JIT keeps them in registers, and the saturation test stays branch-free.
        double rowSum = 0;
        double rowSumSq = 0;
        int rowSaturated = 0;
        for (int x = 0; x < width; x++) {
            final float v = row[x];
            rowSum += v;
            rowSumSq += (double) v * v;
            rowSaturated += v <= 0f | v >= 1f ? 1 : 0;
        }
        sum += rowSum;
        sumSq += rowSumSq;
        saturated += rowSaturated;
        final float[] free = above;
        above = middle;
        middle = below;
        below = free;
        System.arraycopy(row, 0, below, 0, width);
        if (++rows >= 3 && width >= 3) {
            interior(above, middle, below);
        }
    }

    /** The Laplacian and Immerkaer sums of the interior pixels of {@code row}, the one between the other two. */
    private void interior(final float[] up, final float[] row, final float[] down) {
        double rowLap = 0;
        double rowLapSq = 0;
        double rowNoise = 0;
        for (int x = 1; x < width - 1; x++) {
            final double lap = row[x - 1] + row[x + 1] + up[x] + down[x] - 4.0 * row[x];
            rowLap += lap;
            rowLapSq += lap * lap;
            final double corners = up[x - 1] + up[x + 1] + down[x - 1] + down[x + 1];
            final double edges = up[x] + down[x] + row[x - 1] + row[x + 1];
            rowNoise += Math.abs(corners - 2.0 * edges + 4.0 * row[x]);
        }
        lapSum += rowLap;
        lapSumSq += rowLapSq;
        noiseTotal += rowNoise;
    }

    /** The features, once every row was added. */
    public ImageQuality result() {
        if (rows != height) {
            throw new IllegalStateException("quality meter got " + rows + " of " + height + " rows");
        }
        final long pixels = (long) width * height;
        final double mean = sum / pixels;
        final double variance = Math.max(0, sumSq / pixels - mean * mean);
        return ImageQuality.newBuilder()
                .setMeanIntensity(mean)
                .setContrast(Math.sqrt(variance))
                .setSharpness(laplacianVariance())
                .setNoise(immerkaerNoise())
                .setSaturatedFraction((double) saturated / pixels)
                .setOriginalWidth(width)
                .setOriginalHeight(height)
                .setBitDepth(bitDepth)
                .build();
    }

    private double laplacianVariance() {
        if (width < 3 || height < 3) {
            return 0;
        }
        final double n = (double) (width - 2) * (height - 2);
        final double mean = lapSum / n;
        return Math.max(0, lapSumSq / n - mean * mean);
    }

    private double immerkaerNoise() {
        if (width < 3 || height < 3) {
            return 0;
        }
        return Math.sqrt(Math.PI / 2.0) * noiseTotal / (6.0 * (width - 2) * (height - 2));
    }
}
