package io.radshift.ingest.deid;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * PNG and JPEG files with patient data where archive tools put it: PNG text chunks, a private chunk and bytes after
 * {@code IEND}; JPEG EXIF and comment segments and bytes after the end-of-image marker. Each holds
 * {@link MarkedDicom#MARKER}.
 */
public final class MarkedImages {

    private static final byte[] TRAILER = (MarkedDicom.MARKER + "-AFTER-END").getBytes(StandardCharsets.US_ASCII);

    private MarkedImages() {
    }

    /** {@code png} with tEXt, iTXt and a private chunk after its header, and marked bytes after its end. */
    public static byte[] png(final byte[] png) {
        final int afterHeader = 8 + 25; // signature, then IHDR: length, type, 13 bytes, CRC
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterHeader);
        out.writeBytes(chunk("tEXt", "Patient Name\0" + MarkedDicom.MARKER + "-PNG-TEXT"));
        out.writeBytes(chunk("iTXt", "Comment\0\0\0\0\0" + MarkedDicom.MARKER + "-PNG-ITXT"));
        out.writeBytes(chunk("prVt", MarkedDicom.MARKER + "-PNG-PRIVATE"));
        out.write(png, afterHeader, png.length - afterHeader);
        out.writeBytes(TRAILER);
        return out.toByteArray();
    }

    /** {@code jpeg} with an EXIF segment and a comment after its start, and marked bytes after its end. */
    public static byte[] jpeg(final byte[] jpeg) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(segment(0xE1, "Exif\0\0" + MarkedDicom.MARKER + "-JPEG-EXIF"));
        out.writeBytes(segment(0xFE, MarkedDicom.MARKER + "-JPEG-COMMENT"));
        out.write(jpeg, 2, jpeg.length - 2);
        out.writeBytes(TRAILER);
        return out.toByteArray();
    }

    private static byte[] chunk(final String type, final String data) {
        final byte[] body = (type + data).getBytes(StandardCharsets.ISO_8859_1);
        final CRC32 crc = new CRC32();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 8).putInt(body.length - 4).put(body).putInt((int) crc.getValue()).array();
    }

    private static byte[] segment(final int marker, final String data) {
        final byte[] body = data.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(body.length + 4).put((byte) 0xFF).put((byte) marker).putShort((short) (body.length + 2))
                .put(body).array();
    }
}
