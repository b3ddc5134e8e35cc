package io.radshift.ingest.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.data.SharedData;
import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.decode.DecodedImage;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.ingest.Pseudonymizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link DicomDeidentifier} on files whose every identifying element carries a marker ({@link MarkedDicom}) and on
 * the real DICOM files of the shared data: nothing identifying survives, the pixels do, byte for byte.
 */
class DicomDeidentifierTest {

    private static final Pseudonymizer KEY = new Pseudonymizer("deid-test-key-0123456789".getBytes(StandardCharsets.UTF_8));

    private final DicomDeidentifier deidentifier = new DicomDeidentifier(KEY::uid);
    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void noMarkerOriginalUidOrDateSurvivesAndThePixelsDecodeTheSame() throws Exception {
        for (MarkedDicom file : List.of(new MarkedDicom(1), new MarkedDicom(2).implicitVr())) {
            final byte[] original = file.bytes();
            assertThat(ascii(original)).contains(MarkedDicom.MARKER, MarkedDicom.UID_ROOT, MarkedDicom.BIRTH_DATE);

            final byte[] clean = deidentifier.deidentify(original, "/archive/ward-1/patient-7.dcm");

            final String text = ascii(clean);
            MarkedDicom.markers().forEach(marker -> assertThat(text).as(marker).doesNotContain(marker));
            assertThat(text).doesNotContain(MarkedDicom.MARKER).doesNotContain(MarkedDicom.UID_ROOT)
                    .doesNotContain(MarkedDicom.BIRTH_DATE).doesNotContain(MarkedDicom.STUDY_DATE).doesNotContain("ward-1");
            final DecodedImage before = decoder.decode(original);
            final DecodedImage after = decoder.decode(clean);
            assertThat(after.grey().width()).isEqualTo(64);
            assertThat(after.grey().pixels()).isEqualTo(before.grey().pixels());
        }
    }

    @Test
    void theResultSaysItIsDeidentifiedAndKeepsOnlyPixelAttributes() throws Exception {
        final byte[] clean = deidentifier.deidentify(new MarkedDicom(3).bytes(), "/archive/a.dcm");

        final Part10Reader.Contents contents = Part10Reader.read(clean, Set.of(0x00120062, 0x00120063, 0x00080060));
        assertThat(contents.transferSyntax()).isEqualTo(Part10Reader.EXPLICIT_LE);
        assertThat(text(contents, 0x00120062)).isEqualTo("YES");
        assertThat(text(contents, 0x00120063)).isEqualTo(DicomDeidentifier.METHOD);
        assertThat(text(contents, 0x00080060)).isEqualTo("CR");
        assertThat(elementTags(clean)).containsExactly(0x00020000, 0x00020001, 0x00020002, 0x00020003, 0x00020010,
                0x00020012, 0x00020013, 0x00080016, 0x00080018, 0x00080060, 0x00120062, 0x00120063, 0x0020000D,
                0x0020000E, 0x00280002, 0x00280004, 0x00280010, 0x00280011, 0x00280100, 0x00280101, 0x00280102,
                0x00280103, 0x00281050, 0x00281051, 0x7FE00010);
        assertThat(clean).startsWith(new byte[128]);
    }

    @Test
    void uidsAreReplacedConsistentlyUnderOneKeyAndDifferentlyUnderAnother() throws Exception {
        final String study = MarkedDicom.UID_ROOT + ".1.42";
        final Part10Reader.Contents first = uids(deidentifier.deidentify(new MarkedDicom(4).studyUid(study).bytes(), "/a"));
        final Part10Reader.Contents second = uids(deidentifier.deidentify(new MarkedDicom(5).studyUid(study).bytes(), "/b"));
        final DicomDeidentifier otherKey = new DicomDeidentifier(
                new Pseudonymizer("another-key-0123456789".getBytes(StandardCharsets.UTF_8))::uid);
        final Part10Reader.Contents third = uids(otherKey.deidentify(new MarkedDicom(4).studyUid(study).bytes(), "/a"));

        assertThat(text(first, 0x0020000D)).matches("2\\.25\\.[0-9]{1,39}").isEqualTo(text(second, 0x0020000D))
                .isNotEqualTo(text(third, 0x0020000D));
        assertThat(text(first, 0x00080018)).matches("2\\.25\\.[0-9]{1,39}").isNotEqualTo(text(second, 0x00080018));
        assertThat(text(first, 0x0020000E)).isNotEqualTo(text(second, 0x0020000E));
        assertThat(text(first, 0x00080016)).isEqualTo("1.2.840.10008.5.1.4.1.1.1");
    }

    @Test
    void burnedInAnnotationIsRefusedAndNoIsKept() throws Exception {
        assertThatThrownBy(() -> deidentifier.deidentify(new MarkedDicom(6).burnedIn("YES").bytes(), "/a"))
                .isInstanceOfSatisfying(DeidentificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(DeidentificationException.BURNED_IN_ANNOTATION));
        final byte[] clean = deidentifier.deidentify(new MarkedDicom(6).burnedIn("NO").bytes(), "/a");
        assertThat(text(Part10Reader.read(clean, Set.of(0x00280301)), 0x00280301)).isEqualTo("NO");
    }

    @Test
    void refusalsNameTheProblemButNoValue() {
        final byte[] marked = new MarkedDicom(7).bytes();
        final byte[] truncated = Arrays.copyOf(marked, marked.length / 2);
        final byte[] bigEndian = ascii(marked).replace("1.2.840.10008.1.2.1\0", "1.2.840.10008.1.2.2\0")
                .getBytes(StandardCharsets.ISO_8859_1);
        final byte[] notPart10 = "RSMARK just text, no preamble".getBytes(StandardCharsets.US_ASCII);
        final byte[] oddPhotometric = new MarkedDicom(7).photometric(MarkedDicom.MARKER + "PHOTO").bytes();

        assertRefused(truncated, DeidentificationException.DICOM_UNREADABLE);
        assertRefused(bigEndian, DeidentificationException.DICOM_UNSUPPORTED);
        assertRefused(notPart10, DeidentificationException.DICOM_UNREADABLE);
        assertRefused(oddPhotometric, DeidentificationException.DICOM_UNSUPPORTED);
    }

    @Test
    void decoderMessagesQuoteNoHeaderText() {
        final byte[] oddPhotometric = new MarkedDicom(8).photometric(MarkedDicom.MARKER + "PHOTO").bytes();
        final byte[] oddSyntax = ascii(new MarkedDicom(8).bytes()).replace("1.2.840.10008.1.2.1\0", "RSMARK-SYNTAX\0\0\0\0\0\0\0")
                .getBytes(StandardCharsets.ISO_8859_1);

        for (byte[] bytes : List.of(oddPhotometric, oddSyntax)) {
            assertThatThrownBy(() -> decoder.decode(bytes)).isInstanceOfSatisfying(DecodeException.class,
                    e -> assertThat(e.getMessage()).contains("DICOM").doesNotContain(MarkedDicom.MARKER));
        }
    }

    @Test
    void aFileWithTruncatedPixelsIsDeidentifiedThenFailsToDecode() throws Exception {
        final byte[] clean = deidentifier.deidentify(new MarkedDicom(9).truncatedPixels().bytes(), "/a");

        assertThat(ascii(clean)).doesNotContain(MarkedDicom.MARKER);
        assertThatThrownBy(() -> decoder.decode(clean)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(e.reason()).isEqualTo(DecodeException.CORRUPT));
    }

    @Test
    void realDicomFilesKeepTheirPixelsAndLoseTheirHeaderText() throws Exception {
        final Optional<Path> cxr = SharedData.cxr();
        Assumptions.assumeTrue(cxr.isPresent(), SharedData.absentMessage());
        final List<Path> files;
        try (Stream<Path> listed = Files.list(cxr.get().resolve("dicom"))) {
            files = listed.sorted().toList();
        }
        assertThat(files).hasSize(4);
        for (Path file : files) {
            final byte[] original = Files.readAllBytes(file);
            final byte[] clean = deidentifier.deidentify(original, file.toString());

            final Part10Reader.Contents before = Part10Reader.read(original, Set.of());
            final Part10Reader.Contents after = Part10Reader.read(clean, Set.of());
            assertThat(after.pixelData()).as(file.getFileName().toString()).isEqualTo(before.pixelData());
            assertThat(after.encapsulated()).isEqualTo(before.encapsulated());
            final String cleanHeader = ascii(clean).substring(0, clean.length - after.pixelData().length);
            for (String text : headerTexts(original, before.pixelData().length)) {
                assertThat(cleanHeader).as(file.getFileName() + " keeps a header word")
                        .doesNotContain(text);
            }
            if (!before.encapsulated()) {
                assertThat(decoder.decode(clean).grey().pixels()).isEqualTo(decoder.decode(original).grey().pixels());
            }
        }
    }

    /**
     * Words and UIDs of the original header that may identify someone: words of five or more letters and digits
     * with a letter in them, and UIDs, except what the de-identifier keeps on purpose (the standard UIDs of the SOP
     * class and transfer syntax, the photometric interpretation).
     */
    private static List<String> headerTexts(final byte[] original, final int pixelBytes) {
        final String header = ascii(original).substring(0, original.length - pixelBytes);
        final Matcher words = Pattern.compile("[0-9]+(\\.[0-9]+){3,}|[A-Za-z0-9]{5,}").matcher(header);
        final List<String> texts = new ArrayList<>();
        while (words.find()) {
            final String word = words.group();
            final boolean uid = word.contains(".");
            final boolean kept = uid ? word.startsWith("1.2.840.10008.") : !word.matches(".*[A-Za-z].*") || word.matches("MONOCHROME[12]");
            if (!kept) {
                texts.add(word);
            }
        }
        assertThat(texts).isNotEmpty();
        return texts;
    }

    private void assertRefused(final byte[] bytes, final String reason) {
        assertThatThrownBy(() -> deidentifier.deidentify(bytes, "/archive/RSMARK-path.dcm"))
                .isInstanceOfSatisfying(DeidentificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).startsWith("DICOM").doesNotContain(MarkedDicom.MARKER);
                });
    }

    private static Part10Reader.Contents uids(final byte[] clean) throws DeidentificationException {
        return Part10Reader.read(clean, Set.of(0x00080016, 0x00080018, 0x0020000D, 0x0020000E));
    }

    /** Every element tag at the top level, in file order (walks explicit VR little endian up to the pixel data). */
    private static List<Integer> elementTags(final byte[] file) {
        final List<Integer> tags = new ArrayList<>();
        int pos = 132;
        while (pos + 8 <= file.length) {
            final int tag = u16(file, pos) << 16 | u16(file, pos + 2);
            tags.add(tag);
            if (tag == 0x7FE00010) {
                break;
            }
            final String vr = new String(file, pos + 4, 2, StandardCharsets.US_ASCII);
            final boolean longForm = Set.of("OB", "OW", "SQ", "UN", "UT").contains(vr);
            final long length = longForm ? u16(file, pos + 8) | (long) u16(file, pos + 10) << 16 : u16(file, pos + 6);
            pos += (longForm ? 12 : 8) + (int) length;
        }
        return tags;
    }

    private static int u16(final byte[] b, final int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static String text(final Part10Reader.Contents contents, final int tag) {
        return new String(contents.values().get(tag), StandardCharsets.US_ASCII).replace("\0", "").trim();
    }

    private static String ascii(final byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
