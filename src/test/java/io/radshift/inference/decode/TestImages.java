package io.radshift.inference.decode;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Encodes test rasters to PNG/JPEG bytes. */
final class TestImages {

    private TestImages() {
    }

    /** Grey PNG of the given type (TYPE_BYTE_GRAY or TYPE_USHORT_GRAY) from integer samples, row-major. */
    static byte[] greyPng(final int width, final int height, final int[] samples, final int type) throws IOException {
        final BufferedImage image = new BufferedImage(width, height, type);
        final WritableRaster raster = image.getRaster();
        raster.setSamples(0, 0, width, height, 0, samples);
        return encode(image, "png");
    }

    static byte[] encode(final BufferedImage image, final String format) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no writer for " + format);
        }
        return out.toByteArray();
    }

    /** An 8-bit grey image from [0,1] values. */
    static byte[] greyPng(final GreyImage image) throws IOException {
        final int[] samples = new int[image.width() * image.height()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = Math.round(image.pixels()[i] * 255f);
        }
        return greyPng(image.width(), image.height(), samples, BufferedImage.TYPE_BYTE_GRAY);
    }
}
