package io.radshift.ingest.deid;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A chest-X-ray-sized DICOM file whose every identifying element carries a marker: each patient, study, physician,
 * institution and free-text element holds {@link #MARKER} followed by its tag, as does a private element, an element
 * nested in a sequence, the 128-byte preamble and an element after the pixel data. Its UIDs contain
 * {@link #UID_ROOT} and its dates are {@link #BIRTH_DATE} and {@link #STUDY_DATE}. Anything that finds one of those
 * strings after de-identification has found a leak, and the tag in the marker says which element leaked.
 *
 * <p>Pixels are 16-bit MONOCHROME2 with 12 bits stored, a smooth pattern that differs by {@code seed}. A
 * {@link #truncatedPixels() truncated} file declares more pixels than its pixel data holds: it de-identifies (the
 * de-identifier copies pixels, it does not decode them) and then fails to decode.
 */
public final class MarkedDicom {

    /** The prefix of every marker. */
    public static final String MARKER = "RSMARK";
    /** The root of every original UID. */
    public static final String UID_ROOT = "1.2.999.7777";
    /** The patient's birth date. */
    public static final String BIRTH_DATE = "19450817";
    /** The study date. */
    public static final String STUDY_DATE = "20260301";

    /** Text elements that identify the patient, the study, its people or its place: tag and VR. */
    private static final Map<Integer, String> MARKED = markedElements();

    private final long seed;
    private int rows = 64;
    private int columns = 64;
    private boolean explicitVr = true;
    private boolean truncated;
    private String studyUid;
    private String burnedIn;
    private String photometric = "MONOCHROME2";

    /** A file whose SOP instance UID and pixels derive from {@code seed}. */
    public MarkedDicom(final long seed) {
        this.seed = seed;
        this.studyUid = UID_ROOT + ".1." + seed;
    }

    /** Writes implicit VR little endian instead of explicit. */
    public MarkedDicom implicitVr() {
        explicitVr = false;
        return this;
    }

    /** Declares twice the rows its pixel data holds. */
    public MarkedDicom truncatedPixels() {
        truncated = true;
        return this;
    }

    /** Uses this study instance UID (images of one study share it). */
    public MarkedDicom studyUid(final String uid) {
        studyUid = uid;
        return this;
    }

    /** Sets Burned In Annotation (0028,0301). */
    public MarkedDicom burnedIn(final String value) {
        burnedIn = value;
        return this;
    }

    /** Sets Photometric Interpretation (0028,0004), e.g. to a marker. */
    public MarkedDicom photometric(final String value) {
        photometric = value;
        return this;
    }

    /** Sets the size. */
    public MarkedDicom size(final int rows, final int columns) {
        this.rows = rows;
        this.columns = columns;
        return this;
    }

    /** The marker of the element with {@code tag}. */
    public static String marker(final int tag) {
        return MARKER + String.format("%08X", tag);
    }

    /** Every marker the file holds. */
    public static List<String> markers() {
        final List<String> all = new ArrayList<>();
        MARKED.keySet().stream().filter(tag -> tag != 0x00100030).forEach(tag -> all.add(marker(tag)));
        all.addAll(List.of(marker(0x00091001), marker(0x00100010) + "NESTED", MARKER + "CREATOR", MARKER + "PREAMBLE",
                MARKER + "TRAILER", MARKER + "IMPLEMENTATION"));
        return all;
    }

    /** The Part 10 file. */
    public byte[] bytes() {
        final Out out = new Out();
        final byte[] preamble = new byte[128];
        final byte[] preambleMarker = (MARKER + "PREAMBLE").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(preambleMarker, 0, preamble, 0, preambleMarker.length);
        out.bytes.writeBytes(preamble);
        out.bytes.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        final String syntax = explicitVr ? "1.2.840.10008.1.2.1" : "1.2.840.10008.1.2";
        out.explicit(0x00020001, "OB", new byte[] {0, 1});
        out.explicit(0x00020002, "UI", text("1.2.840.10008.5.1.4.1.1.1", "UI"));
        out.explicit(0x00020003, "UI", text(UID_ROOT + ".3." + seed, "UI"));
        out.explicit(0x00020010, "UI", text(syntax, "UI"));
        out.explicit(0x00020013, "SH", text(MARKER + "IMPLEMENTATION", "SH"));
        out.explicitVr = explicitVr;
        out.element(0x00080016, "UI", text("1.2.840.10008.5.1.4.1.1.1", "UI"));
        out.element(0x00080018, "UI", text(UID_ROOT + ".3." + seed, "UI"));
        out.element(0x00080020, "DA", text(STUDY_DATE, "DA"));
        out.element(0x00080060, "CS", text("CR", "CS"));
        MARKED.forEach((tag, vr) -> out.element(tag, vr, text(tag == 0x00100030 ? BIRTH_DATE : marker(tag), vr)));
        out.sequenceWithMarker();
        out.element(0x00090010, "LO", text(MARKER + "CREATOR", "LO"));
        out.element(0x00091001, "LO", text(marker(0x00091001), "LO"));
        out.element(0x0020000D, "UI", text(studyUid, "UI"));
        out.element(0x0020000E, "UI", text(UID_ROOT + ".2." + seed, "UI"));
        out.element(0x00280002, "US", u16(1));
        out.element(0x00280004, "CS", text(photometric, "CS"));
        out.element(0x00280010, "US", u16(truncated ? rows * 2 : rows));
        out.element(0x00280011, "US", u16(columns));
        out.element(0x00280100, "US", u16(16));
        out.element(0x00280101, "US", u16(12));
        out.element(0x00280102, "US", u16(11));
        out.element(0x00280103, "US", u16(0));
        if (burnedIn != null) {
            out.element(0x00280301, "CS", text(burnedIn, "CS"));
        }
        out.element(0x00281050, "DS", text("2048", "DS"));
        out.element(0x00281051, "DS", text("4096", "DS"));
        out.element(0x7FE00010, "OW", pixels());
        out.element(0xFFFCFFFC, "OB", text(MARKER + "TRAILER", "OB"));
        out.flush();
        return out.bytes.toByteArray();
    }

    private byte[] pixels() {
        final byte[] pixels = new byte[rows * columns * 2];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                final double lung = Math.exp(-(Math.pow((x - columns * 0.3) / (columns * 0.18), 2) + Math.pow((y - rows * 0.5) / (rows * 0.3), 2)))
                        + Math.exp(-(Math.pow((x - columns * 0.7) / (columns * 0.18), 2) + Math.pow((y - rows * 0.5) / (rows * 0.3), 2)));
                final int value = (int) Math.round(3000 - 1800 * lung + 200 * Math.sin((x + seed) * 0.3) * Math.cos(y * 0.2));
                final int i = 2 * (y * columns + x);
                pixels[i] = (byte) (value & 0xFF);
                pixels[i + 1] = (byte) (value >> 8 & 0x0F);
            }
        }
        return pixels;
    }

    private static Map<Integer, String> markedElements() {
        final Map<Integer, String> tags = new LinkedHashMap<>();
        tags.put(0x00080050, "SH"); // Accession Number
        tags.put(0x00080080, "LO"); // Institution Name
        tags.put(0x00080081, "ST"); // Institution Address
        tags.put(0x00080090, "PN"); // Referring Physician's Name
        tags.put(0x00081010, "SH"); // Station Name
        tags.put(0x00081030, "LO"); // Study Description
        tags.put(0x0008103E, "LO"); // Series Description
        tags.put(0x00081040, "LO"); // Institutional Department Name
        tags.put(0x00081048, "PN"); // Physician(s) of Record
        tags.put(0x00081050, "PN"); // Performing Physician's Name
        tags.put(0x00081060, "PN"); // Name of Physician(s) Reading Study
        tags.put(0x00081070, "PN"); // Operators' Name
        tags.put(0x00100010, "PN"); // Patient's Name
        tags.put(0x00100020, "LO"); // Patient ID
        tags.put(0x00100030, "DA"); // Patient's Birth Date (holds BIRTH_DATE, not a marker)
        tags.put(0x00100040, "CS"); // Patient's Sex
        tags.put(0x00101000, "LO"); // Other Patient IDs
        tags.put(0x00101001, "PN"); // Other Patient Names
        tags.put(0x00101040, "LO"); // Patient's Address
        tags.put(0x00102154, "SH"); // Patient's Telephone Numbers
        tags.put(0x00104000, "LT"); // Patient Comments
        tags.put(0x00200010, "SH"); // Study ID
        tags.put(0x00204000, "LT"); // Image Comments
        tags.put(0x00321032, "PN"); // Requesting Physician
        return tags;
    }

    private static byte[] text(final String value, final String vr) {
        final byte[] raw = value.getBytes(StandardCharsets.US_ASCII);
        if (raw.length % 2 == 0) {
            return raw;
        }
        final byte[] padded = Arrays.copyOf(raw, raw.length + 1);
        padded[raw.length] = (byte) (vr.equals("UI") || vr.equals("OB") ? 0 : ' ');
        return padded;
    }

    private static byte[] u16(final int value) {
        return new byte[] {(byte) (value & 0xFF), (byte) (value >> 8 & 0xFF)};
    }

    /** Little-endian element writer: meta elements as written, data set elements in ascending tag order. */
    private static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Map<Long, byte[]> dataSet = new TreeMap<>();
        private ByteArrayOutputStream target = bytes;
        private boolean explicitVr = true;

        void explicit(final int tag, final String vr, final byte[] value) {
            header(tag, vr, value.length);
            bytes.writeBytes(value);
        }

        void element(final int tag, final String vr, final byte[] value) {
            target = new ByteArrayOutputStream();
            header(tag, vr, value.length);
            target.writeBytes(value);
            dataSet.put(Integer.toUnsignedLong(tag), target.toByteArray());
            target = bytes;
        }

        /** Referenced Study Sequence (undefined length) with one item holding a marked Patient's Name. */
        void sequenceWithMarker() {
            final ByteArrayOutputStream sequence = new ByteArrayOutputStream();
            target = sequence;
            header(0x00081110, "SQ", 0xFFFFFFFFL);
            tag(0xFFFEE000);
            u32(0xFFFFFFFFL);
            final byte[] uid = text(UID_ROOT + ".9", "UI");
            header(0x00081155, "UI", uid.length);
            sequence.writeBytes(uid);
            final byte[] name = text(marker(0x00100010) + "NESTED", "PN");
            header(0x00100010, "PN", name.length);
            sequence.writeBytes(name);
            tag(0xFFFEE00D);
            u32(0);
            tag(0xFFFEE0DD);
            u32(0);
            dataSet.put(0x00081110L, sequence.toByteArray());
            target = bytes;
        }

        void flush() {
            dataSet.values().forEach(bytes::writeBytes);
        }

        private void header(final int tag, final String vr, final long length) {
            tag(tag);
            if (!explicitVr) {
                u32(length);
                return;
            }
            target.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
            if (List.of("OB", "OW", "SQ", "UN", "UT").contains(vr)) {
                u16(0);
                u32(length);
            } else {
                u16((int) length);
            }
        }

        private void tag(final int tag) {
            u16(tag >>> 16);
            u16(tag & 0xFFFF);
        }

        private void u16(final int v) {
            target.write(v & 0xFF);
            target.write(v >> 8 & 0xFF);
        }

        private void u32(final long v) {
            u16((int) (v & 0xFFFF));
            u16((int) (v >>> 16 & 0xFFFF));
        }
    }
}
