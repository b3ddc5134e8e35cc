package io.radshift.inference.decode;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads uncompressed single-channel DICOM (Part 10 files, explicit or implicit VR little endian, 8 or 16 bits
 * allocated, signed or unsigned, MONOCHROME1/MONOCHROME2; the first frame of a multi-frame image).
 *
 * <p>Grey levels: the stored value (masked to Bits Stored, sign-extended when Pixel Representation is 1) goes
 * through Rescale Slope/Intercept, then through the first VOI window (Window Center/Width, DICOM PS3.3
 * C.11.2.1.2 linear function) when the file has one, else it is scaled by the range Bits Stored can represent.
 * MONOCHROME1 is inverted so that 0 always means low signal. Compressed transfer syntaxes are rejected with
 * {@link DecodeException#DICOM_COMPRESSED}; everything else outside the above with
 * {@link DecodeException#DICOM_UNSUPPORTED}.
 */
final class DicomDecoder {

    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    private static final int PIXEL_DATA = 0x7FE00010;
    /** Deepest sequence nesting read; real radiographs nest two or three levels, recursion must stay bounded. */
    private static final int MAX_NESTING = 32;
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final int MAX_UID = 64;

    private final byte[] bytes;
    private final DicomAttributes attributes = new DicomAttributes();
    private boolean explicitVr = true;
    private int pos;
    private int depth;

    private DicomDecoder(final byte[] bytes) {
        this.bytes = bytes;
    }

    static <T> T decode(final byte[] bytes, final DecoderLimits limits, final DecodeBudget budget,
                        final GreyRows.Use<T> use) throws DecodeException {
        try {
            return new DicomDecoder(bytes).read(limits, budget, use);
        } catch (final ArrayIndexOutOfBoundsException e) {
            throw new DecodeException(DecodeException.CORRUPT, "DICOM data set ends inside an element (truncated file)", e);
        }
    }

    private <T> T read(final DecoderLimits limits, final DecodeBudget budget, final GreyRows.Use<T> use) throws DecodeException {
        pos = 132;
        final String syntax = readMetaGroup();
        if (!syntax.equals(IMPLICIT_LE) && !syntax.equals(EXPLICIT_LE)) {
            throw new DecodeException(syntax.equals(EXPLICIT_BE) ? DecodeException.DICOM_UNSUPPORTED : DecodeException.DICOM_COMPRESSED,
                    "DICOM transfer syntax " + quotable(syntax) + " is not uncompressed little endian");
        }
        explicitVr = syntax.equals(EXPLICIT_LE);
        final int pixelOffset = readDataSet();
        return attributes.withRows(bytes, pixelOffset, limits, budget, use);
    }

    /**
     * The transfer syntax as it may appear in a message: a UID is digits and dots, anything else in its place is
     * header text that could be patient data, and no header text reaches a log line or a dead-letter header.
     */
    private static String quotable(final String syntax) {
        return syntax.length() <= MAX_UID && UID.matcher(syntax).matches() ? syntax : "(not a UID, " + syntax.length() + " characters)";
    }

    /** Reads group 0002 (always explicit VR little endian) and returns the transfer syntax UID. */
    private String readMetaGroup() throws DecodeException {
        String syntax = null;
        while (pos + 8 <= bytes.length && u16(pos) == 0x0002) {
            final int tag = tag(pos);
            final Header header = header(true);
            final int length = definedLength(header);
            if (tag == 0x00020010) {
                syntax = text(pos, length);
            }
            pos += length;
        }
        if (syntax == null) {
            throw new DecodeException(DecodeException.CORRUPT, "DICOM file meta information has no transfer syntax");
        }
        return syntax;
    }

    /** Reads top-level elements up to Pixel Data and returns the offset of the pixel bytes. */
    private int readDataSet() throws DecodeException {
        while (pos + 8 <= bytes.length) {
            final int tag = tag(pos);
            final Header header = header(explicitVr);
            if (tag == PIXEL_DATA) {
                if (header.length == UNDEFINED) {
                    throw new DecodeException(DecodeException.DICOM_COMPRESSED, "DICOM pixel data is encapsulated (compressed)");
                }
                attributes.pixelLength = header.length;
                return pos;
            }
            if (header.length == UNDEFINED) {
                skipSequence();
            } else {
                final int length = definedLength(header);
                attributes.accept(tag, bytes, pos, length);
                pos += length;
            }
        }
        throw new DecodeException(DecodeException.CORRUPT, "DICOM file has no pixel data");
    }

    /** Skips a sequence of undefined length: items (defined or undefined length) up to the sequence delimiter. */
    private void skipSequence() throws DecodeException {
        if (++depth > MAX_NESTING) {
            throw new DecodeException(DecodeException.CORRUPT, "DICOM sequences nest deeper than " + MAX_NESTING + " levels");
        }
        while (pos + 8 <= bytes.length) {
            final int tag = tag(pos);
            final long length = u32(pos + 4);
            pos += 8;
            if (tag == SEQUENCE_END) {
                depth--;
                return;
            }
            if (tag != ITEM) {
                throw new DecodeException(DecodeException.CORRUPT, "DICOM sequence holds a non-item tag " + Integer.toHexString(tag));
            }
            if (length == UNDEFINED) {
                skipItemElements();
            } else {
                pos += definedLength(new Header(length));
            }
        }
        throw new DecodeException(DecodeException.CORRUPT, "DICOM sequence is not terminated");
    }

    private void skipItemElements() throws DecodeException {
        while (pos + 8 <= bytes.length) {
            if (tag(pos) == ITEM_END) {
                pos += 8;
                return;
            }
            final Header header = header(explicitVr);
            if (header.length == UNDEFINED) {
                skipSequence();
            } else {
                pos += definedLength(header);
            }
        }
        throw new DecodeException(DecodeException.CORRUPT, "DICOM item is not terminated");
    }

    /**
     * The length of a value that starts at {@code pos}, checked against the bytes left: a length such as 0xFFFFFFF4
     * would otherwise wrap to a negative int and send the parser back to the element start forever.
     */
    private int definedLength(final Header header) throws DecodeException {
        if (header.length == UNDEFINED || header.length > bytes.length - pos) {
            throw new DecodeException(DecodeException.CORRUPT, "DICOM element length " + header.length + " runs past the end of the data ("
                    + (bytes.length - pos) + " bytes left)");
        }
        return (int) header.length;
    }

    /** Reads the element header at {@code pos} (tag, optional VR, length) and moves {@code pos} to the value. */
    private Header header(final boolean explicit) {
        if (!explicit) {
            final long length = u32(pos + 4);
            pos += 8;
            return new Header(length);
        }
        final String vr = new String(bytes, pos + 4, 2, StandardCharsets.US_ASCII);
        if (LONG_VRS.contains(vr)) {
            final long length = u32(pos + 8);
            pos += 12;
            return new Header(length);
        }
        final long length = u16(pos + 6);
        pos += 8;
        return new Header(length);
    }

    private int tag(final int at) {
        return u16(at) << 16 | u16(at + 2);
    }

    private int u16(final int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
    }

    private long u32(final int at) {
        return (u16(at) | (long) u16(at + 2) << 16) & 0xFFFFFFFFL;
    }

    private String text(final int at, final int length) {
        return new String(bytes, at, length, StandardCharsets.US_ASCII).replace("\0", "").trim();
    }

    private record Header(long length) {
    }
}
