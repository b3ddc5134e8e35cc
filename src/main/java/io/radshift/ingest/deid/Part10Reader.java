package io.radshift.ingest.deid;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the parts of a DICOM Part 10 file that the de-identifier keeps: the transfer syntax, the values of the
 * requested top-level elements, and the Pixel Data (native, or encapsulated fragments with their delimiters).
 * Everything else is stepped over without being looked at: sequences and their items, private elements, elements
 * after the pixel data. Little endian only (implicit or explicit VR).
 *
 * <p>The same bounds as the pipeline's decoder: every length is checked against the bytes left, sequence nesting
 * is limited, and a failure names offsets and tags, never a value.
 */
final class Part10Reader {

    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    private static final String DEFLATED_LE = "1.2.840.10008.1.2.1.99";
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final int MAX_UID = 64;
    private static final int PREAMBLE = 128;
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    static final int TRANSFER_SYNTAX = 0x00020010;
    static final int PIXEL_DATA = 0x7FE00010;
    /** Deepest sequence nesting stepped over; real radiographs nest two or three levels. */
    private static final int MAX_NESTING = 32;

    /**
     * What was read.
     *
     * @param transferSyntax the transfer syntax UID (syntax checked)
     * @param values         the requested top-level elements present, by tag (raw value bytes)
     * @param pixelData      the Pixel Data value: native pixels, or the encapsulated items up to and including the
     *                       sequence delimiter
     * @param encapsulated   whether the pixel data is encapsulated (compressed)
     */
    record Contents(String transferSyntax, Map<Integer, byte[]> values, byte[] pixelData, boolean encapsulated) {
    }

    private final byte[] bytes;
    private final Set<Integer> wanted;
    private final Map<Integer, byte[]> values = new HashMap<>();
    private boolean explicitVr = true;
    private int pos;
    private int depth;

    private Part10Reader(final byte[] bytes, final Set<Integer> wanted) {
        this.bytes = bytes;
        this.wanted = wanted;
    }

    /** Reads {@code bytes}, keeping the top-level elements whose tags are in {@code wanted}. */
    static Contents read(final byte[] bytes, final Set<Integer> wanted) throws DeidentificationException {
        try {
            return new Part10Reader(bytes, wanted).read();
        } catch (final IndexOutOfBoundsException e) {
            throw unreadable("the data set ends inside an element header (truncated file)");
        }
    }

    private Contents read() throws DeidentificationException {
        if (bytes.length < PREAMBLE + 4 || !"DICM".equals(new String(bytes, PREAMBLE, 4, StandardCharsets.US_ASCII))) {
            throw unreadable("no DICM prefix after the 128-byte preamble");
        }
        pos = PREAMBLE + 4;
        final String syntax = readMetaGroup();
        if (syntax.equals(EXPLICIT_BE) || syntax.equals(DEFLATED_LE)) {
            throw new DeidentificationException(DeidentificationException.DICOM_UNSUPPORTED,
                    "DICOM transfer syntax " + syntax + " (big endian or deflated) is not rewritten");
        }
        explicitVr = !syntax.equals(IMPLICIT_LE);
        return readDataSet(syntax);
    }

    /** Reads group 0002 (always explicit VR little endian) and returns the transfer syntax UID. */
    private String readMetaGroup() throws DeidentificationException {
        String syntax = null;
        while (pos + 8 <= bytes.length && u16(pos) == 0x0002) {
            final int tag = tag(pos);
            final int length = definedLength(header(true));
            if (tag == TRANSFER_SYNTAX) {
                syntax = uid(pos, length);
            }
            pos += length;
        }
        if (syntax == null) {
            throw unreadable("the file meta information has no valid transfer syntax UID");
        }
        return syntax;
    }

    /** The UID at {@code at}, or null when it is not a syntactically valid UID (never quoted: it could be text). */
    private String uid(final int at, final int length) {
        final String value = new String(bytes, at, length, StandardCharsets.US_ASCII).replace("\0", "").trim();
        return value.length() <= MAX_UID && UID.matcher(value).matches() ? value : null;
    }

    private Contents readDataSet(final String syntax) throws DeidentificationException {
        while (pos + 8 <= bytes.length) {
            final int tag = tag(pos);
            final long length = header(explicitVr);
            if (tag == PIXEL_DATA) {
                return length == UNDEFINED ? new Contents(syntax, values, encapsulatedPixels(), true)
                        : new Contents(syntax, values, slice(definedLength(length)), false);
            }
            if (length == UNDEFINED) {
                skipSequence();
            } else {
                final int defined = definedLength(length);
                if (wanted.contains(tag)) {
                    values.put(tag, slice(defined));
                }
                pos += defined;
            }
        }
        throw unreadable("the data set has no pixel data");
    }

    /** The encapsulated pixel data: items of defined length up to the sequence delimiter, delimiter included. */
    private byte[] encapsulatedPixels() throws DeidentificationException {
        final int start = pos;
        while (pos + 8 <= bytes.length) {
            final int tag = tag(pos);
            final long length = u32(pos + 4);
            pos += 8;
            if (tag == SEQUENCE_END) {
                return Arrays.copyOfRange(bytes, start, pos);
            }
            if (tag != ITEM || length == UNDEFINED) {
                throw unreadable("encapsulated pixel data holds a non-item tag or an item of undefined length at offset "
                        + (pos - 8));
            }
            pos += definedLength(length);
        }
        throw unreadable("encapsulated pixel data is not terminated");
    }

    /** Steps over a sequence of undefined length: items (defined or undefined length) up to the sequence delimiter. */
    private void skipSequence() throws DeidentificationException {
        if (++depth > MAX_NESTING) {
            throw unreadable("sequences nest deeper than " + MAX_NESTING + " levels");
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
                throw unreadable("a sequence holds the non-item tag " + Integer.toHexString(tag) + " at offset " + (pos - 8));
            }
            if (length == UNDEFINED) {
                skipItemElements();
            } else {
                pos += definedLength(length);
            }
        }
        throw unreadable("a sequence is not terminated");
    }

    private void skipItemElements() throws DeidentificationException {
        while (pos + 8 <= bytes.length) {
            if (tag(pos) == ITEM_END) {
                pos += 8;
                return;
            }
            final long length = header(explicitVr);
            if (length == UNDEFINED) {
                skipSequence();
            } else {
                pos += definedLength(length);
            }
        }
        throw unreadable("an item is not terminated");
    }

    /** A value length checked against the bytes left: 0xFFFFFFF4 must not wrap to a negative int. */
    private int definedLength(final long length) throws DeidentificationException {
        if (length == UNDEFINED || length > bytes.length - pos) {
            throw unreadable("element length " + length + " at offset " + pos + " runs past the end of the data ("
                    + (bytes.length - pos) + " bytes left)");
        }
        return (int) length;
    }

    /** Reads the element header at {@code pos} (tag, optional VR, length), moves to the value, returns its length. */
    private long header(final boolean explicit) {
        if (!explicit) {
            final long length = u32(pos + 4);
            pos += 8;
            return length;
        }
        final String vr = new String(bytes, pos + 4, 2, StandardCharsets.US_ASCII);
        if (LONG_VRS.contains(vr)) {
            final long length = u32(pos + 8);
            pos += 12;
            return length;
        }
        final long length = u16(pos + 6);
        pos += 8;
        return length;
    }

    private byte[] slice(final int length) {
        return Arrays.copyOfRange(bytes, pos, pos + length);
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

    private static DeidentificationException unreadable(final String message) {
        return new DeidentificationException(DeidentificationException.DICOM_UNREADABLE, "DICOM " + message);
    }
}
