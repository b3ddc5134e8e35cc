package io.radshift.ingest.deid;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Removes everything but the image from a PNG: only the chunks that define the pixels are copied (header,
 * palette, image data, transparency, gamma, chromaticities, sRGB intent, significant bits, end), so text chunks
 * ({@code tEXt}, {@code zTXt}, {@code iTXt}: archive tools write patient names there), EXIF, timestamps, ICC
 * profile names, private chunks and any bytes after {@code IEND} stay at the hospital. Chunks are copied with their
 * CRCs, unchanged, so the pixels decode exactly as before.
 */
public final class PngCleaner {

    private static final int SIGNATURE = 8;
    private static final Set<String> KEPT = Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT");

    private PngCleaner() {
    }

    /** The PNG {@code png} (signature already checked) with only its image chunks. */
    public static byte[] clean(final byte[] png) throws DeidentificationException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(png.length);
        out.write(png, 0, SIGNATURE);
        int pos = SIGNATURE;
        while (pos + 12 <= png.length) {
            final long length = u32(png, pos);
            if (length > png.length - pos - 12) {
                throw corrupt("a chunk length of " + length + " at offset " + pos + " runs past the end of the data");
            }
            final int total = 12 + (int) length;
            final String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (KEPT.contains(type)) {
                out.write(png, pos, total);
            }
            pos += total;
            if (type.equals("IEND")) {
                return out.toByteArray();
            }
        }
        throw corrupt("the PNG has no IEND chunk (truncated file)");
    }

    private static long u32(final byte[] b, final int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
    }

    private static DeidentificationException corrupt(final String message) {
        return new DeidentificationException(DeidentificationException.CORRUPT_IMAGE, "PNG: " + message);
    }
}
