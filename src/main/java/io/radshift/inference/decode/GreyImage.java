package io.radshift.inference.decode;

/**
 * A single-channel image with values in [0, 1], row-major, plus the bit depth it was stored with.
 * {@code 0} is black (low signal after any MONOCHROME1 inversion), {@code 1} the largest representable value.
 */
public final class GreyImage {

    private final int width;
    private final int height;
    private final float[] pixels;
    private final int bitDepth;

    /** Wraps {@code pixels} (not copied: decoders hand over fresh arrays). */
    public GreyImage(final int width, final int height, final float[] pixels, final int bitDepth) {
        if (width < 1 || height < 1 || pixels.length != (long) width * height) {
            throw new IllegalArgumentException("pixels must hold width*height values");
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
        this.bitDepth = bitDepth;
    }

    /** Width in pixels. */
    public int width() {
        return width;
    }

    /** Height in pixels. */
    public int height() {
        return height;
    }

    /** Bits per sample of the source. */
    public int bitDepth() {
        return bitDepth;
    }

    /** The pixel at column {@code x}, row {@code y}. */
    public float get(final int x, final int y) {
        return pixels[y * width + x];
    }

    /** The backing row-major array (read it, do not modify it). */
    public float[] pixels() {
        return pixels;
    }

    /** The rows of this image, for the one-pass {@link ImageAnalyzer}. */
    public GreyRows rows() {
        final GreyImage image = this;
        return new GreyRows() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public int bitDepth() {
                return bitDepth;
            }

            @Override
            public void read(final int y, final float[] out) {
                System.arraycopy(image.pixels, y * width, out, 0, width);
            }

            @Override
            public GreyImage toImage() {
                return image;
            }
        };
    }

    /** A copy with {@code v -> 1 - v}, used for MONOCHROME1 (where high values mean low signal). */
    public GreyImage inverted() {
        final float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = 1f - pixels[i];
        }
        return new GreyImage(width, height, out, bitDepth);
    }
}
