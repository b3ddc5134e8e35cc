package io.radshift.inference.decode;

import io.radshift.avro.ImageQuality;

/**
 * Model-free image-quality features of a grey image in [0, 1], computed on the full-resolution image before
 * resizing (every feature is one O(pixels) pass and needs no extra memory; the pixel limit bounds the cost).
 *
 * <ul>
 *   <li>mean intensity and RMS contrast (population standard deviation);</li>
 *   <li>sharpness: variance of the 4-neighbour Laplacian over interior pixels (low = blurred);</li>
 *   <li>noise: Immerkaer (1996) "Fast noise variance estimation": {@code sigma = sqrt(pi/2) / (6 (W-2)(H-2))
 *       * sum |I * N|} with {@code N = [[1,-2,1],[-2,4,-2],[1,-2,1]]}, which cancels smooth structure;</li>
 *   <li>saturated fraction: pixels at 0 or 1 (the smallest or largest representable value).</li>
 * </ul>
 */
public final class QualityMeter {

    private QualityMeter() {
    }

    /** Computes the features; {@code originalWidth/Height} and {@code bitDepth} come from the image. */
    public static ImageQuality compute(final GreyImage image) {
        final float[] p = image.pixels();
        double sum = 0;
        double sumSq = 0;
        long saturated = 0;
        for (final float v : p) {
            sum += v;
            sumSq += (double) v * v;
            if (v <= 0f || v >= 1f) {
                saturated++;
            }
        }
        final double mean = sum / p.length;
        final double variance = Math.max(0, sumSq / p.length - mean * mean);
        return ImageQuality.newBuilder()
                .setMeanIntensity(mean)
                .setContrast(Math.sqrt(variance))
                .setSharpness(laplacianVariance(image))
                .setNoise(immerkaerNoise(image))
                .setSaturatedFraction((double) saturated / p.length)
                .setOriginalWidth(image.width())
                .setOriginalHeight(image.height())
                .setBitDepth(image.bitDepth())
                .build();
    }

    /** Variance of {@code 4 I(x,y) - I(x±1,y) - I(x,y±1)} over interior pixels; 0 for images under 3x3. */
    static double laplacianVariance(final GreyImage image) {
        final int w = image.width();
        final int h = image.height();
        if (w < 3 || h < 3) {
            return 0;
        }
        final float[] p = image.pixels();
        double sum = 0;
        double sumSq = 0;
        for (int y = 1; y < h - 1; y++) {
            final int row = y * w;
            for (int x = 1; x < w - 1; x++) {
                final int i = row + x;
                final double lap = p[i - 1] + p[i + 1] + p[i - w] + p[i + w] - 4.0 * p[i];
                sum += lap;
                sumSq += lap * lap;
            }
        }
        final double n = (double) (w - 2) * (h - 2);
        final double mean = sum / n;
        return Math.max(0, sumSq / n - mean * mean);
    }

    /** Immerkaer's noise sigma; 0 for images under 3x3. */
    static double immerkaerNoise(final GreyImage image) {
        final int w = image.width();
        final int h = image.height();
        if (w < 3 || h < 3) {
            return 0;
        }
        final float[] p = image.pixels();
        double total = 0;
        for (int y = 1; y < h - 1; y++) {
            final int row = y * w;
            for (int x = 1; x < w - 1; x++) {
                final int i = row + x;
                final double corners = p[i - w - 1] + p[i - w + 1] + p[i + w - 1] + p[i + w + 1];
                final double edges = p[i - w] + p[i + w] + p[i - 1] + p[i + 1];
                total += Math.abs(corners - 2.0 * edges + 4.0 * p[i]);
            }
        }
        return Math.sqrt(Math.PI / 2.0) * total / (6.0 * (w - 2) * (h - 2));
    }
}
