package io.radshift.tools.demo.model;

/** Separable Gaussian blur with edge clamping (kernel radius 3 sigma). */
final class GaussianBlur {

    private GaussianBlur() {
    }

    static float[] blur(final float[] src, final int width, final int height, final double sigma) {
        final int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        final double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-k * k / (2 * sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= sum;
        }
        final float[] tmp = new float[src.length];
        final float[] out = new float[src.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += kernel[k + radius] * src[y * width + Math.min(width - 1, Math.max(0, x + k))];
                }
                tmp[y * width + x] = (float) acc;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += kernel[k + radius] * tmp[Math.min(height - 1, Math.max(0, y + k)) * width + x];
                }
                out[y * width + x] = (float) acc;
            }
        }
        return out;
    }
}
