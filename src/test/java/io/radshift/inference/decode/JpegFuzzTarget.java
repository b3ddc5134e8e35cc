package io.radshift.inference.decode;

import io.radshift.fuzz.Mutator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * JPEG inputs for the decoder campaign: baseline grey and colour and progressive seeds, mutated segment by
 * segment: hostile frame sizes, precisions and component counts in SOFn, other SOF types (progressive, lossless,
 * arithmetic), segment lengths that wrap, damaged Huffman and quantisation tables, restart intervals, scans cut
 * short or repeated hundreds of times (a progressive-scan CPU bomb).
 */
final class JpegFuzzTarget extends ImageFuzzTarget {

    private static final int SOS = 0xDA;

    JpegFuzzTarget(final ImageDecoder decoder, final DecoderLimits limits) {
        super("jpeg", decoder, limits);
    }

    @Override
    public List<byte[]> seeds() {
        return List.of(encode(image(32, 32, BufferedImage.TYPE_BYTE_GRAY), false),
                encode(image(40, 24, BufferedImage.TYPE_INT_RGB), false),
                encode(image(32, 32, BufferedImage.TYPE_BYTE_GRAY), true));
    }

    @Override
    public byte[] mutate(final Random random, final byte[] seed) {
        final List<int[]> segments = segments(seed);
        if (segments.isEmpty()) {
            return null;
        }
        final int[] segment = segments.get(random.nextInt(segments.size()));
        final int marker = segment[0];
        final int at = segment[1];
        final int length = segment[2];
        final int frame = frameHeader(segments);
        return switch (random.nextInt(7)) {
            case 0 -> frame < 0 ? null : Mutator.putInt(seed, frame + 5 + 2 * random.nextInt(2), dimension(random), true, 2);
            case 1 -> frame < 0 ? null : Mutator.putInt(seed, frame + 4 + (random.nextBoolean() ? 0 : 5),
                    new int[] {0, 1, 3, 4, 8, 12, 16, 255}[random.nextInt(8)], true, 1);
            case 2 -> frame < 0 ? null : Mutator.putInt(seed, frame + 1, 0xC0 + random.nextInt(16), true, 1);
            case 3 -> Mutator.putInt(seed, at + 2, new int[] {0, 1, 2, 0xFFFF, length + 1, length - 1}[random.nextInt(6)], true, 2);
            case 4 -> marker == SOS ? repeatScan(random, seed, at) : Mutator.putInt(seed, at + 4 + random.nextInt(Math.max(1, length - 2)),
                    random.nextInt(256), true, 1);
            case 5 -> Mutator.insert(seed, at, new byte[] {(byte) 0xFF, (byte) 0xDD, 0, 4, (byte) random.nextInt(256), (byte) random.nextInt(256)});
            default -> Mutator.truncate(seed, segments.get(segments.size() - 1)[1] + random.nextInt(Math.max(1, seed.length - at)));
        };
    }

    /** The scan from {@code at} to the end of the data, repeated before EOI: many scans of one frame. */
    private static byte[] repeatScan(final Random random, final byte[] jpeg, final int at) {
        final byte[] scan = java.util.Arrays.copyOfRange(jpeg, at, Math.max(at, jpeg.length - 2));
        byte[] out = java.util.Arrays.copyOf(jpeg, Math.max(at, jpeg.length - 2));
        final int copies = new int[] {2, 50, 400}[random.nextInt(3)];
        final ByteArrayOutputStream repeated = new ByteArrayOutputStream();
        for (int i = 0; i < copies; i++) {
            repeated.writeBytes(scan);
        }
        out = Mutator.concat(out, repeated.toByteArray());
        return Mutator.concat(out, new byte[] {(byte) 0xFF, (byte) 0xD9});
    }

    private static int dimension(final Random random) {
        return new int[] {0, 1, 7000, 0xFFFF, 0x8000, 46_341 & 0xFFFF, 16_384}[random.nextInt(7)];
    }

    private static int frameHeader(final List<int[]> segments) {
        for (final int[] s : segments) {
            if (s[0] >= 0xC0 && s[0] <= 0xCF && s[0] != 0xC4 && s[0] != 0xC8 && s[0] != 0xCC) {
                return s[1];
            }
        }
        return -1;
    }

    /** Marker, offset and declared length of every segment up to and including the first SOS. */
    private static List<int[]> segments(final byte[] jpeg) {
        final List<int[]> out = new ArrayList<>();
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF) {
            final int marker = jpeg[pos + 1] & 0xFF;
            final int length = (jpeg[pos + 2] & 0xFF) << 8 | jpeg[pos + 3] & 0xFF;
            out.add(new int[] {marker, pos, length});
            if (marker == SOS || length < 2) {
                break;
            }
            pos += 2 + length;
        }
        return out;
    }

    private static BufferedImage image(final int width, final int height, final int type) {
        final BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 8) << 16 | (y * 8) << 8 | (x + y) * 4);
            }
        }
        return image;
    }

    private static byte[] encode(final BufferedImage image, final boolean progressive) {
        final ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            final ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
