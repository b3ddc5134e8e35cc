package io.radshift.inference.decode;

import io.radshift.fuzz.Mutator;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * PNG inputs for the decoder campaign: seeds in every layout the decoder reads (8/16-bit grey, RGB, 16-bit RGBA,
 * palette, 1-bit), mutated chunk by chunk with correct CRCs (hostile IHDR sizes and layouts, zlib bombs in IDAT
 * and zTXt, palettes of the wrong size, duplicated, dropped and oversized chunks), so mutants get past the
 * signature and CRC checks into ImageIO's inflater and filters.
 */
final class PngFuzzTarget extends ImageFuzzTarget {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int[] BIT_DEPTHS = {1, 2, 4, 8, 16, 0, 3, 32};
    private static final int[] COLOUR_TYPES = {0, 2, 3, 4, 6, 1, 5, 7};
    /** Zeros of 1 KiB, 64 KiB, 1 MiB and 8 MiB deflated (a few bytes to 8 KiB each), compressed once. */
    private static final List<byte[]> ZLIB_BOMBS = List.of(deflate(new byte[1 << 10]), deflate(new byte[1 << 16]),
            deflate(new byte[1 << 20]), deflate(new byte[1 << 23]));

    PngFuzzTarget(final ImageDecoder decoder, final DecoderLimits limits) {
        super("png", decoder, limits);
    }

    @Override
    public List<byte[]> seeds() {
        return List.of(encode(grey(32, 32, BufferedImage.TYPE_BYTE_GRAY)), encode(grey(24, 40, BufferedImage.TYPE_USHORT_GRAY)),
                encode(grey(16, 16, BufferedImage.TYPE_INT_RGB)), encode(grey(16, 8, BufferedImage.TYPE_BYTE_INDEXED)),
                encode(grey(20, 20, BufferedImage.TYPE_BYTE_BINARY)), encode(rgba16(12, 12)),
                DecodeBudgetTest.pngHeaderOnly(7000, 7000, 16, 6));
    }

    @Override
    public byte[] mutate(final Random random, final byte[] seed) {
        final List<Chunk> chunks = parse(seed);
        if (chunks.isEmpty()) {
            return null;
        }
        final int at = random.nextInt(chunks.size());
        final Chunk chunk = chunks.get(at);
        switch (random.nextInt(8)) {
            case 0 -> chunks.set(0, hostileHeader(random, chunks.get(0)));
            case 1 -> chunks.set(at, new Chunk(chunk.type, chunk.data, (int) interesting(random)));
            case 2 -> chunks.set(at, new Chunk(chunk.type, Mutator.havoc(random, chunk.data, List.of(chunk.data)), -1));
            case 3 -> chunks.add(Math.max(1, at), new Chunk("IDAT", ZLIB_BOMBS.get(random.nextInt(ZLIB_BOMBS.size())), -1));
            case 4 -> chunks.add(Math.max(1, at), ancillary(random));
            case 5 -> chunks.add(at, chunk);
            case 6 -> chunks.remove(at);
            default -> chunks.add(Math.max(1, at), new Chunk("PLTE", new byte[3 * new int[] {0, 1, 255, 256, 300}[random.nextInt(5)]], -1));
        }
        return write(chunks);
    }

    private static Chunk hostileHeader(final Random random, final Chunk header) {
        if (!header.type.equals("IHDR") || header.data.length < 13) {
            return header;
        }
        final ByteBuffer data = ByteBuffer.wrap(header.data.clone());
        switch (random.nextInt(5)) {
            case 0 -> data.putInt(0, (int) interesting(random));
            case 1 -> data.putInt(4, (int) interesting(random));
            case 2 -> data.put(8, (byte) BIT_DEPTHS[random.nextInt(BIT_DEPTHS.length)]);
            case 3 -> data.put(9, (byte) COLOUR_TYPES[random.nextInt(COLOUR_TYPES.length)]);
            default -> data.put(10 + random.nextInt(3), (byte) random.nextInt(3));
        }
        return new Chunk("IHDR", data.array(), -1);
    }

    private static Chunk ancillary(final Random random) {
        final byte[] keyword = "Comment\0".getBytes(StandardCharsets.ISO_8859_1);
        return switch (random.nextInt(5)) {
            case 0 -> new Chunk("zTXt", Mutator.concat(Mutator.concat(keyword, new byte[] {0}), ZLIB_BOMBS.get(3)), -1);
            case 1 -> new Chunk("iCCP", Mutator.concat(Mutator.concat(keyword, new byte[] {0}), ZLIB_BOMBS.get(1)), -1);
            case 2 -> new Chunk("tRNS", new byte[random.nextInt(600)], -1);
            case 3 -> new Chunk("sPLT", new byte[random.nextInt(64)], -1);
            default -> new Chunk("gAMA", new byte[] {0, 0, 0, 0}, -1);
        };
    }

    private static long interesting(final Random random) {
        final long[] values = {0, 1, -1, 7000, 65_535, 100_000, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFF4L, 1 << 20, 46_341};
        return values[random.nextInt(values.length)];
    }

    /** The chunks after the signature; a declared length past the end ends the list. */
    private static List<Chunk> parse(final byte[] png) {
        final List<Chunk> chunks = new ArrayList<>();
        int pos = SIGNATURE.length;
        while (pos + 12 <= png.length) {
            final int length = ByteBuffer.wrap(png, pos, 4).getInt();
            if (length < 0 || length > png.length - pos - 12) {
                break;
            }
            chunks.add(new Chunk(new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1),
                    java.util.Arrays.copyOfRange(png, pos + 8, pos + 8 + length), -1));
            pos += 12 + length;
        }
        return chunks;
    }

    private static byte[] write(final List<Chunk> chunks) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        for (final Chunk chunk : chunks) {
            final byte[] type = chunk.type.getBytes(StandardCharsets.ISO_8859_1);
            out.writeBytes(ByteBuffer.allocate(4).putInt(chunk.declaredLength >= 0 ? chunk.declaredLength : chunk.data.length).array());
            out.writeBytes(type);
            out.writeBytes(chunk.data);
            final CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(chunk.data);
            out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        }
        return out.toByteArray();
    }

    private static byte[] deflate(final byte[] data) {
        final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static BufferedImage grey(final int width, final int height, final int type) {
        final BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                final int v = (x * 7 + y * 13) % 256;
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return image;
    }

    private static BufferedImage rgba16(final int width, final int height) {
        final ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        final WritableRaster raster = model.createCompatibleWritableRaster(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, new int[] {x * 5000, y * 5000, 30_000, 65_535});
            }
        }
        return new BufferedImage(model, raster, false, null);
    }

    private static byte[] encode(final BufferedImage image) {
        try {
            return TestImages.encode(image, "png");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One chunk; {@code declaredLength} overrides the written length field when not negative. */
    private record Chunk(String type, byte[] data, int declaredLength) {
    }
}
