package io.radshift.ingest.deid;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * De-identifies a DICOM file before it leaves the hospital by rebuilding it from its pixels: the result is a new
 * Part 10 file that holds the Image Pixel module (what a decoder needs to turn the pixel data into grey levels), the
 * VOI window and rescale, the modality, new UIDs and the de-identification flags, and nothing else.
 *
 * <p>Why pixels only rather than editing the data set attribute by attribute: the model needs nothing else, and a
 * list of what to keep fails closed. Patient name, id and birth date, accession number, dates and times, physicians,
 * institution, descriptions, private elements, every sequence, overlays, elements after the pixel data and the
 * 128-byte preamble are gone because they were never copied, including attributes no profile table lists. This is
 * stricter than the PS3.15 E.1 Basic Application Level Confidentiality Profile without options: every attribute it
 * says to remove, empty or replace with a dummy is absent (the file is for the model, not for an archive, so type 2
 * attributes are left out rather than kept empty), and its UIDs are replaced consistently ({@code 2.25.} plus a keyed hash under
 * the hospital's key, so images of one study still share a study UID). Patient Identity Removed (0012,0062) is set
 * to YES and De-identification Method (0012,0063) says how.
 *
 * <p>Pixels are copied byte for byte, native or encapsulated (compressed), so nothing is re-encoded or lost. Text
 * burned into the pixels cannot be removed this way: a file whose Burned In Annotation (0028,0301) is YES is refused
 * rather than sent. Retained values are checked against their value representation (numbers for DS and IS, a fixed
 * vocabulary for code strings), so even a retained attribute cannot carry free text.
 */
public final class DicomDeidentifier {

    /** The value of De-identification Method (0012,0063) in every file written. */
    public static final String METHOD = "RadShift pixels only (PS3.15 E.1 Basic Profile, no options; UIDs replaced)";

    private static final int SOP_CLASS = 0x00080016;
    private static final int SOP_INSTANCE = 0x00080018;
    private static final int MODALITY = 0x00080060;
    private static final int PATIENT_IDENTITY_REMOVED = 0x00120062;
    private static final int DEIDENTIFICATION_METHOD = 0x00120063;
    private static final int STUDY_INSTANCE = 0x0020000D;
    private static final int SERIES_INSTANCE = 0x0020000E;
    private static final int PHOTOMETRIC = 0x00280004;
    private static final int BITS_ALLOCATED = 0x00280100;
    private static final int BURNED_IN_ANNOTATION = 0x00280301;

    private static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
    /** Implementation Class UID (0002,0012) of the files RadShift writes: a fixed 2.25 UID. */
    static final String IMPLEMENTATION_CLASS_UID = "2.25.229118946306453373826069425620815066233";
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final Pattern INTEGER_STRING = Pattern.compile(" *[+-]?[0-9]{1,11} *");
    private static final Pattern DECIMAL_STRINGS = Pattern.compile("[0-9eE+\\-. \\\\]{1,256}");
    private static final Set<String> MODALITIES = Set.of("CR", "DX", "MG", "RG", "RF", "XA", "CT", "MR", "US", "NM", "PT", "IO", "PX", "OT");
    private static final Set<String> PHOTOMETRICS = Set.of("MONOCHROME1", "MONOCHROME2", "RGB", "YBR_FULL", "YBR_FULL_422",
            "YBR_PARTIAL_420", "YBR_ICT", "YBR_RCT");

    /** A retained element of the image modules: its VR and what its value must look like to be copied. */
    private record Retained(String vr, Predicate<byte[]> valid) {
    }

    /** The image attributes copied when valid, in tag order (the data set must be written in ascending order). */
    private static final Map<Integer, Retained> IMAGE = new TreeMap<>(Map.ofEntries(
            Map.entry(0x00280002, unsignedShort()),
            Map.entry(PHOTOMETRIC, new Retained("CS", v -> PHOTOMETRICS.contains(text(v)))),
            Map.entry(0x00280006, unsignedShort()),
            Map.entry(0x00280008, new Retained("IS", v -> INTEGER_STRING.matcher(text(v)).matches())),
            Map.entry(0x00280010, unsignedShort()),
            Map.entry(0x00280011, unsignedShort()),
            Map.entry(BITS_ALLOCATED, unsignedShort()),
            Map.entry(0x00280101, unsignedShort()),
            Map.entry(0x00280102, unsignedShort()),
            Map.entry(0x00280103, unsignedShort()),
            Map.entry(BURNED_IN_ANNOTATION, new Retained("CS", v -> text(v).equals("NO"))),
            Map.entry(0x00281050, decimals()),
            Map.entry(0x00281051, decimals()),
            Map.entry(0x00281052, decimals()),
            Map.entry(0x00281053, decimals()),
            Map.entry(0x00282110, new Retained("CS", v -> Set.of("00", "01").contains(text(v))))));

    private static final Set<Integer> READ = readTags();

    private final UnaryOperator<String> uids;

    /**
     * @param uids keyed, deterministic map of an original UID (or of a stand-in identifier when the file has none) to
     *             its pseudonymous UID, e.g. {@code Pseudonymizer::uid}
     */
    public DicomDeidentifier(final UnaryOperator<String> uids) {
        this.uids = uids;
    }

    /**
     * The de-identified file of {@code part10}.
     *
     * @param identifier the file's identifier at the hospital (its path); UIDs the file lacks are derived from it
     * @throws DeidentificationException when the file is unreadable, unsupported or flagged with burned-in text
     */
    public byte[] deidentify(final byte[] part10, final String identifier) throws DeidentificationException {
        final Part10Reader.Contents contents = Part10Reader.read(part10, READ);
        checkBurnedIn(contents);
        checkPhotometric(contents);
        final boolean nativeSyntax = contents.transferSyntax().equals(Part10Reader.IMPLICIT_LE)
                || contents.transferSyntax().equals(Part10Reader.EXPLICIT_LE);
        if (nativeSyntax == contents.encapsulated()) {
            throw new DeidentificationException(DeidentificationException.DICOM_UNREADABLE, "DICOM pixel data is "
                    + (contents.encapsulated() ? "encapsulated in a native" : "native in a compressed") + " transfer syntax");
        }
        final String sopClass = retainedUid(contents, SOP_CLASS).orElse(SECONDARY_CAPTURE);
        final String sopInstance = pseudonym(contents, SOP_INSTANCE, identifier + "#sop-instance");
        final Part10Writer out = new Part10Writer()
                .meta(0x00020001, "OB", new byte[] {0, 1})
                .meta(0x00020002, "UI", sopClass)
                .meta(0x00020003, "UI", sopInstance)
                .meta(Part10Reader.TRANSFER_SYNTAX, "UI", nativeSyntax ? Part10Reader.EXPLICIT_LE : contents.transferSyntax())
                .meta(0x00020012, "UI", IMPLEMENTATION_CLASS_UID)
                .meta(0x00020013, "SH", "RADSHIFT")
                .element(SOP_CLASS, "UI", sopClass)
                .element(SOP_INSTANCE, "UI", sopInstance)
                .element(MODALITY, "CS", modality(contents))
                .element(PATIENT_IDENTITY_REMOVED, "CS", "YES")
                .element(DEIDENTIFICATION_METHOD, "LO", METHOD)
                .element(STUDY_INSTANCE, "UI", pseudonym(contents, STUDY_INSTANCE, identifier + "#study"))
                .element(SERIES_INSTANCE, "UI", pseudonym(contents, SERIES_INSTANCE, identifier + "#series"));
        IMAGE.forEach((tag, retained) -> {
            final byte[] value = contents.values().get(tag);
            if (value != null && retained.valid().test(value)) {
                out.element(tag, retained.vr(), value);
            }
        });
        if (contents.encapsulated()) {
            out.encapsulatedPixels(contents.pixelData());
        } else {
            out.element(Part10Reader.PIXEL_DATA, bitsAllocated(contents) > 8 ? "OW" : "OB", contents.pixelData());
        }
        return out.bytes();
    }

    private static void checkBurnedIn(final Part10Reader.Contents contents) throws DeidentificationException {
        final byte[] flag = contents.values().get(BURNED_IN_ANNOTATION);
        if (flag != null && text(flag).equals("YES")) {
            throw new DeidentificationException(DeidentificationException.BURNED_IN_ANNOTATION,
                    "DICOM Burned In Annotation is YES: the pixels carry text that pixels-only de-identification cannot remove");
        }
    }

    private static void checkPhotometric(final Part10Reader.Contents contents) throws DeidentificationException {
        final byte[] photometric = contents.values().get(PHOTOMETRIC);
        if (photometric == null || !PHOTOMETRICS.contains(text(photometric))) {
            throw new DeidentificationException(DeidentificationException.DICOM_UNSUPPORTED,
                    "DICOM Photometric Interpretation is missing or not one of " + String.join(", ", new TreeSet<>(PHOTOMETRICS)));
        }
    }

    /** The pseudonym of the file's UID at {@code tag}, or of the stand-in identifier when the file has none. */
    private String pseudonym(final Part10Reader.Contents contents, final int tag, final String standIn) {
        final byte[] original = contents.values().get(tag);
        final String source = original == null || text(original).isEmpty() ? standIn : text(original);
        return uids.apply(source);
    }

    private static Optional<String> retainedUid(final Part10Reader.Contents contents, final int tag) {
        final byte[] value = contents.values().get(tag);
        final String uid = value == null ? "" : text(value);
        return uid.length() <= 64 && UID.matcher(uid).matches() ? Optional.of(uid) : Optional.empty();
    }

    private static String modality(final Part10Reader.Contents contents) {
        final byte[] value = contents.values().get(MODALITY);
        final String modality = value == null ? "" : text(value);
        return MODALITIES.contains(modality) ? modality : "OT";
    }

    private static int bitsAllocated(final Part10Reader.Contents contents) {
        final byte[] value = contents.values().get(BITS_ALLOCATED);
        return value == null || value.length != 2 ? 16 : (value[0] & 0xFF) | (value[1] & 0xFF) << 8;
    }

    private static Retained unsignedShort() {
        return new Retained("US", v -> v.length == 2);
    }

    private static Retained decimals() {
        return new Retained("DS", v -> DECIMAL_STRINGS.matcher(text(v)).matches());
    }

    private static String text(final byte[] value) {
        return new String(value, StandardCharsets.US_ASCII).replace("\0", "").trim();
    }

    private static Set<Integer> readTags() {
        final Set<Integer> tags = new HashSet<>(IMAGE.keySet());
        tags.addAll(Set.of(SOP_CLASS, SOP_INSTANCE, MODALITY, STUDY_INSTANCE, SERIES_INSTANCE));
        return Set.copyOf(tags);
    }
}
