package io.radshift.tools.bench;

import io.radshift.inference.decode.GreyImage;
import io.radshift.inference.decode.Resampler;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Images as hospitals send them, made from the shared X-rays (which are all 512 px or smaller): a radiograph
 * enlarged to a detector size of 2,000-3,000 px, with detector noise added so that it compresses like a real
 * one, and encoded as an 8-bit PNG, a 16-bit PNG or an uncompressed 16-bit DICOM (12 bits stored, explicit VR
 * little endian, MONOCHROME2). Deterministic for a given source and seed.
 */
public final class HospitalImages {

    /** The encodings a PACS export produces. */
    public enum Kind {
        /** 8-bit grey PNG. */
        PNG8,
        /** 16-bit grey PNG. */
        PNG16,
        /** Uncompressed DICOM, 16 bits allocated, 12 stored. */
        DICOM16
    }

    /** Detector noise, in units of full scale: about one 8-bit grey level. */
    private static final double NOISE = 0.004;
    private static final int BITS_STORED = 12;

    private HospitalImages() {
    }

    /** {@code source} enlarged to {@code width x height} with noise from {@code seed}, encoded as {@code kind}. */
    public static byte[] make(final GreyImage source, final int width, final int height, final Kind kind, final long seed) {
        final float[] pixels = Resampler.resize(source, width, height);
        final Random noise = new Random(seed);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) Math.min(1, Math.max(0, pixels[i] + NOISE * noise.nextGaussian()));
        }
        return switch (kind) {
            case PNG8 -> png(pixels, width, height, BufferedImage.TYPE_BYTE_GRAY, 255);
            case PNG16 -> png(pixels, width, height, BufferedImage.TYPE_USHORT_GRAY, 65535);
            case DICOM16 -> dicom(pixels, width, height);
        };
    }

    private static byte[] png(final float[] pixels, final int width, final int height, final int type, final int max) {
        final BufferedImage image = new BufferedImage(width, height, type);
        final int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                row[x] = Math.round(pixels[y * width + x] * max);
            }
            image.getRaster().setSamples(0, y, width, 1, 0, row);
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] dicom(final float[] pixels, final int width, final int height) {
        final Dicom out = new Dicom();
        out.raw(new byte[128]);
        out.raw("DICM".getBytes(StandardCharsets.US_ASCII));
        out.element(0x0002, 0x0010, "UI", text("1.2.840.10008.1.2.1"));
        out.element(0x0008, 0x0060, "CS", text("CR"));
        out.element(0x0028, 0x0002, "US", u16(1));
        out.element(0x0028, 0x0004, "CS", text("MONOCHROME2"));
        out.element(0x0028, 0x0010, "US", u16(height));
        out.element(0x0028, 0x0011, "US", u16(width));
        out.element(0x0028, 0x0100, "US", u16(16));
        out.element(0x0028, 0x0101, "US", u16(BITS_STORED));
        out.element(0x0028, 0x0103, "US", u16(0));
        final ByteBuffer data = ByteBuffer.allocate(pixels.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        final int max = (1 << BITS_STORED) - 1;
        for (final float p : pixels) {
            data.putShort((short) Math.round(p * max));
        }
        out.element(0x7FE0, 0x0010, "OW", data.array());
        return out.toByteArray();
    }

    private static byte[] text(final String s) {
        return (s.length() % 2 == 0 ? s : s + " ").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] u16(final int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    /** A DICOM Part 10 stream in explicit VR little endian. */
    private static final class Dicom extends ByteArrayOutputStream {

        void raw(final byte[] bytes) {
            writeBytes(bytes);
        }

        void element(final int group, final int element, final String vr, final byte[] value) {
            writeBytes(u16(group));
            writeBytes(u16(element));
            writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
            if (vr.equals("OW") || vr.equals("OB")) {
                writeBytes(new byte[2]);
                writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value.length).array());
            } else {
                writeBytes(u16(value.length));
            }
            writeBytes(value);
        }
    }
}
