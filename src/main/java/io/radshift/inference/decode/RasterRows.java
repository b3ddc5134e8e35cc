package io.radshift.inference.decode;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * The rows of an image decoded by {@code javax.imageio}, read straight from its raster at the stored bit depth
 * (a 16-bit PNG keeps its 65,536 levels). Colour becomes grey with the Rec. 601 luma weights. The common layouts
 * (8- or 16-bit grey, 8-bit interleaved colour) are read from the backing array; anything else goes through
 * {@link Raster#getSamples}, and palette images through their colour model.
 */
final class RasterRows implements GreyRows {

    private static final double RED = 0.299;
    private static final double GREEN = 0.587;
    private static final double BLUE = 0.114;

    private final BufferedImage image;
    private final Raster raster;
    private final int width;
    private final int height;
    private final int bits;
    private final double max;
    private final int[][] samples;
    private final int[] rgb;

    private RasterRows(final BufferedImage image, final int bits) {
        this.image = image;
        this.raster = image.getRaster();
        this.width = raster.getWidth();
        this.height = raster.getHeight();
        this.bits = bits;
        this.max = (1 << bits) - 1;
        this.samples = new int[Math.min(raster.getNumBands(), 3)][width];
        this.rgb = new int[width];
    }

    /** The rows of {@code image}; samples wider than 16 bits are not supported. */
    static GreyRows of(final BufferedImage image) throws DecodeException {
        if (image.getColorModel() instanceof IndexColorModel) {
            return new RasterRows(image, 8);
        }
        final int bits = image.getRaster().getSampleModel().getSampleSize(0);
        if (bits > 16) {
            throw new DecodeException(DecodeException.UNSUPPORTED, bits + "-bit samples are not supported");
        }
        return new RasterRows(image, bits);
    }

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
        return bits;
    }

    @Override
    public void read(final int y, final float[] out) {
        if (image.getColorModel() instanceof IndexColorModel) {
            palette(y, out);
        } else if (!direct(y, out)) {
            generic(y, out);
        }
    }

    /**
     * Reads row {@code y} from the backing array for 8/16-bit grey and 8-bit interleaved colour rasters (about 5x
     * faster than {@code getSamples}); returns false for other layouts.
     */
    private boolean direct(final int y, final float[] out) {
        if (!(raster.getSampleModel() instanceof ComponentSampleModel model) || raster.getParent() != null
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
            return false;
        }
        final DataBuffer buffer = raster.getDataBuffer();
        final int stride = model.getPixelStride();
        final int start = buffer.getOffset() + model.getOffset(0, y);
        final int bands = raster.getNumBands();
        if (bands == 1 && bits == 8 && buffer instanceof DataBufferByte bytes) {
            final byte[] data = bytes.getData();
            final float scale = (float) (1.0 / max);
            for (int x = 0, i = start; x < width; x++, i += stride) {
                out[x] = (data[i] & 0xFF) * scale;
            }
            return true;
        }
        if (bands == 1 && bits == 16 && buffer instanceof DataBufferUShort shorts) {
            final short[] data = shorts.getData();
            final float scale = (float) (1.0 / max);
            for (int x = 0, i = start; x < width; x++, i += stride) {
                out[x] = (data[i] & 0xFFFF) * scale;
            }
            return true;
        }
        if (bands >= 3 && bits == 8 && buffer instanceof DataBufferByte bytes && model instanceof PixelInterleavedSampleModel) {
            final byte[] data = bytes.getData();
            final int[] band = model.getBandOffsets();
            final int pixel0 = buffer.getOffset() + y * model.getScanlineStride();
            for (int x = 0, i = pixel0; x < width; x++, i += stride) {
                out[x] = clamp((RED * (data[i + band[0]] & 0xFF) + GREEN * (data[i + band[1]] & 0xFF)
                        + BLUE * (data[i + band[2]] & 0xFF)) / max);
            }
            return true;
        }
        return false;
    }

    private void generic(final int y, final float[] out) {
        for (int b = 0; b < samples.length; b++) {
            raster.getSamples(0, y, width, 1, b, samples[b]);
        }
        for (int x = 0; x < width; x++) {
            out[x] = clamp(samples.length >= 3
                    ? (RED * samples[0][x] + GREEN * samples[1][x] + BLUE * samples[2][x]) / max
                    : samples[0][x] / max);
        }
    }

    private void palette(final int y, final float[] out) {
        image.getRGB(0, y, width, 1, rgb, 0, width);
        for (int x = 0; x < width; x++) {
            final int c = rgb[x];
            out[x] = clamp((RED * (c >> 16 & 0xFF) + GREEN * (c >> 8 & 0xFF) + BLUE * (c & 0xFF)) / 255.0);
        }
    }

    /** Removes float rounding just outside [0, 1] (luma weights sum to 1 only up to rounding). */
    private static float clamp(final double value) {
        return Math.min(1f, Math.max(0f, (float) value));
    }
}
