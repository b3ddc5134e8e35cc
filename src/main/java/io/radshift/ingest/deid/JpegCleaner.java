package io.radshift.ingest.deid;

import java.io.ByteArrayOutputStream;

/**
 * Removes everything but the image from a JPEG: application segments other than JFIF (APP0) and Adobe (APP14, which
 * says how the colour channels are encoded) are dropped, so EXIF and XMP (APP1), ICC profiles and vendor segments,
 * comments (COM) and any bytes after the end-of-image marker stay at the hospital. Tables, frame and scan headers
 * and the entropy-coded data are copied unchanged, so the pixels decode exactly as before.
 */
public final class JpegCleaner {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP0 = 0xE0;
    private static final int APP14 = 0xEE;
    private static final int APP15 = 0xEF;
    private static final int COM = 0xFE;

    private JpegCleaner() {
    }

    /** The JPEG {@code jpeg} (start-of-image already checked) without metadata segments. */
    public static byte[] clean(final byte[] jpeg) throws DeidentificationException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length);
        out.write(jpeg, 0, 2);
        int pos = 2;
        while (pos + 2 <= jpeg.length) {
            if ((jpeg[pos] & 0xFF) != 0xFF) {
                throw corrupt("no marker at offset " + pos);
            }
            final int marker = jpeg[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++; // fill byte before a marker
                continue;
            }
            if (marker == EOI) {
                out.write(jpeg, pos, 2);
                return out.toByteArray();
            }
            if (marker == SOI || marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                out.write(jpeg, pos, 2); // stand-alone markers carry no length
                pos += 2;
                continue;
            }
            if (pos + 4 > jpeg.length) {
                throw corrupt("a segment header at offset " + pos + " is truncated");
            }
            final int length = (jpeg[pos + 2] & 0xFF) << 8 | jpeg[pos + 3] & 0xFF;
            if (length < 2 || length > jpeg.length - pos - 2) {
                throw corrupt("a segment length of " + length + " at offset " + pos + " runs past the end of the data");
            }
            final int end = pos + 2 + length;
            if (!metadata(marker)) {
                out.write(jpeg, pos, end - pos);
            }
            pos = marker == SOS ? copyScan(jpeg, end, out) : end;
        }
        throw corrupt("the JPEG has no end-of-image marker (truncated file)");
    }

    /** APP1-APP13, APP15 and COM: segments that describe, not encode, the image. */
    private static boolean metadata(final int marker) {
        return marker > APP0 && marker < APP14 || marker == APP15 || marker == COM;
    }

    /**
     * Copies entropy-coded data from {@code pos} up to the next marker (a 0xFF not followed by a stuffed zero, a
     * fill byte or a restart marker) and returns that marker's offset.
     */
    private static int copyScan(final byte[] jpeg, final int start, final ByteArrayOutputStream out) {
        int pos = start;
        while (pos + 1 < jpeg.length) {
            if ((jpeg[pos] & 0xFF) == 0xFF) {
                final int next = jpeg[pos + 1] & 0xFF;
                if (next != 0x00 && next != 0xFF && !(next >= 0xD0 && next <= 0xD7)) {
                    break;
                }
            }
            pos++;
        }
        out.write(jpeg, start, pos - start);
        return pos;
    }

    private static DeidentificationException corrupt(final String message) {
        return new DeidentificationException(DeidentificationException.CORRUPT_IMAGE, "JPEG: " + message);
    }
}
