package io.radshift.ingest.deid;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Writes a DICOM Part 10 file in explicit VR little endian: a zero preamble (a preamble may hold a TIFF header or
 * anything else, so none is copied), the file meta information with its group length, then the data set elements in
 * the order they are added, which must be ascending tag order. Values of odd length are padded as DICOM requires:
 * UIDs with NUL, other text with a space, binary values with a zero byte.
 */
final class Part10Writer {

    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    private static final Set<String> TEXT_VRS = Set.of("AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UT");
    private static final long UNDEFINED = 0xFFFFFFFFL;

    private final ByteArrayOutputStream meta = new ByteArrayOutputStream();
    private final ByteArrayOutputStream dataSet = new ByteArrayOutputStream();

    /** Adds a file meta element (group 0002). */
    Part10Writer meta(final int tag, final String vr, final byte[] value) {
        element(meta, tag, vr, value);
        return this;
    }

    /** Adds a file meta element with a text or UID value. */
    Part10Writer meta(final int tag, final String vr, final String value) {
        return meta(tag, vr, value.getBytes(StandardCharsets.US_ASCII));
    }

    /** Adds a data set element. */
    Part10Writer element(final int tag, final String vr, final byte[] value) {
        element(dataSet, tag, vr, value);
        return this;
    }

    /** Adds a data set element with a text or UID value. */
    Part10Writer element(final int tag, final String vr, final String value) {
        return element(tag, vr, value.getBytes(StandardCharsets.US_ASCII));
    }

    /** Adds encapsulated pixel data: {@code items} are the fragments and the sequence delimiter, as read. */
    Part10Writer encapsulatedPixels(final byte[] items) {
        header(dataSet, Part10Reader.PIXEL_DATA, "OB", UNDEFINED);
        dataSet.writeBytes(items);
        return this;
    }

    /** The whole file. */
    byte[] bytes() {
        final ByteArrayOutputStream file = new ByteArrayOutputStream(132 + 12 + meta.size() + dataSet.size());
        file.writeBytes(new byte[128]);
        file.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        final byte[] groupLength = new byte[4];
        putU32(groupLength, meta.size());
        element(file, 0x00020000, "UL", groupLength);
        file.writeBytes(meta.toByteArray());
        file.writeBytes(dataSet.toByteArray());
        return file.toByteArray();
    }

    private static void element(final ByteArrayOutputStream out, final int tag, final String vr, final byte[] value) {
        final boolean odd = value.length % 2 == 1;
        header(out, tag, vr, value.length + (odd ? 1 : 0));
        out.writeBytes(value);
        if (odd) {
            out.write(vr.equals("UI") ? 0 : TEXT_VRS.contains(vr) ? ' ' : 0);
        }
    }

    private static void header(final ByteArrayOutputStream out, final int tag, final String vr, final long length) {
        final byte[] header = new byte[LONG_VRS.contains(vr) ? 12 : 8];
        putU16(header, 0, tag >>> 16);
        putU16(header, 2, tag & 0xFFFF);
        header[4] = (byte) vr.charAt(0);
        header[5] = (byte) vr.charAt(1);
        if (LONG_VRS.contains(vr)) {
            putU16(header, 8, (int) (length & 0xFFFF));
            putU16(header, 10, (int) (length >>> 16 & 0xFFFF));
        } else {
            putU16(header, 6, (int) length);
        }
        out.writeBytes(header);
    }

    private static void putU32(final byte[] b, final long v) {
        putU16(b, 0, (int) (v & 0xFFFF));
        putU16(b, 2, (int) (v >>> 16 & 0xFFFF));
    }

    private static void putU16(final byte[] b, final int at, final int v) {
        b[at] = (byte) (v & 0xFF);
        b[at + 1] = (byte) (v >>> 8 & 0xFF);
    }
}
