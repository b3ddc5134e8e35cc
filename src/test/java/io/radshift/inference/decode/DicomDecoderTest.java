package io.radshift.inference.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.radshift.avro.ImageFormat;
import io.radshift.data.SharedData;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DicomDecoderTest {

    private static final int[] STORED = {0, 1000, 2047, 4095, 3000, 12};

    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void explicitVrMonochrome1WithASequenceIsInverted() throws Exception {
        final DecodedImage decoded = decoder.decode(new DicomWriter(true).image("MONOCHROME1", null));
        assertThat(decoded.format()).isEqualTo(ImageFormat.DICOM);
        assertThat(decoded.grey().width()).isEqualTo(3);
        assertThat(decoded.grey().height()).isEqualTo(2);
        assertThat(decoded.grey().bitDepth()).isEqualTo(12);
        for (int i = 0; i < STORED.length; i++) {
            assertThat(decoded.grey().pixels()[i]).isCloseTo(1f - STORED[i] / 4095f, within(1e-6f));
        }
    }

    @Test
    void implicitVrMonochrome2UsesTheVoiWindow() throws Exception {
        final DecodedImage decoded = decoder.decode(new DicomWriter(false).image("MONOCHROME2", new double[] {2000, 1001}));
        for (int i = 0; i < STORED.length; i++) {
            final double lower = 2000 - 0.5 - 500;
            final double upper = 2000 - 0.5 + 500;
            final double expected = STORED[i] <= lower ? 0 : STORED[i] > upper ? 1 : (STORED[i] - 1999.5) / 1000 + 0.5;
            assertThat((double) decoded.grey().pixels()[i]).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void compressedTransferSyntaxIsRejected() throws Exception {
        final byte[] bytes = new DicomWriter(true).withSyntax("1.2.840.10008.1.2.4.50").image("MONOCHROME2", null);
        assertThatThrownBy(() -> decoder.decode(bytes)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(e.reason()).isEqualTo(DecodeException.DICOM_COMPRESSED));
    }

    @Test
    void truncatedPixelDataIsCorrupt() throws Exception {
        final byte[] bytes = new DicomWriter(true).image("MONOCHROME2", null);
        assertThatThrownBy(() -> decoder.decode(java.util.Arrays.copyOf(bytes, bytes.length - 4)))
                .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.reason()).isEqualTo(DecodeException.CORRUPT));
    }

    @Test
    void sharedSampleFilesDecodeOrAreRejectedAsCompressed() throws Exception {
        final Optional<Path> cxr = SharedData.cxr();
        Assumptions.assumeTrue(cxr.isPresent(), SharedData.absentMessage());
        final Path dir = cxr.get().resolve("dicom");
        try (var files = Files.list(dir)) {
            for (final Path file : files.sorted().toList()) {
                final byte[] bytes = Files.readAllBytes(file);
                if (file.getFileName().toString().startsWith("nih_gcp_dx")) {
                    final DecodedImage decoded = decoder.decode(bytes);
                    assertThat(decoded.grey().width()).isEqualTo(1024);
                    assertThat(decoded.grey().height()).isEqualTo(1024);
                    assertThat(decoded.quality().getContrast()).isGreaterThan(0.05);
                } else {
                    assertThatThrownBy(() -> decoder.decode(bytes)).as(file.getFileName().toString())
                            .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.reason()).isEqualTo(DecodeException.DICOM_COMPRESSED));
                }
            }
        }
    }

    /** Writes minimal DICOM Part 10 files: 3x2 pixels, 16 bits allocated, 12 stored, with one nested sequence. */
    private static final class DicomWriter {
        private final boolean explicit;
        private String syntax;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        DicomWriter(final boolean explicit) {
            this.explicit = explicit;
            this.syntax = explicit ? "1.2.840.10008.1.2.1" : "1.2.840.10008.1.2";
        }

        DicomWriter withSyntax(final String uid) {
            this.syntax = uid;
            return this;
        }

        byte[] image(final String photometric, final double[] window) {
            out.writeBytes(new byte[128]);
            out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
            element(0x0002, 0x0010, "UI", text(syntax), true);
            sequence();
            element(0x0028, 0x0002, "US", u16(1), explicit);
            element(0x0028, 0x0004, "CS", text(photometric), explicit);
            element(0x0028, 0x0010, "US", u16(2), explicit);
            element(0x0028, 0x0011, "US", u16(3), explicit);
            element(0x0028, 0x0100, "US", u16(16), explicit);
            element(0x0028, 0x0101, "US", u16(12), explicit);
            element(0x0028, 0x0103, "US", u16(0), explicit);
            if (window != null) {
                element(0x0028, 0x1050, "DS", text(Double.toString(window[0])), explicit);
                element(0x0028, 0x1051, "DS", text(Double.toString(window[1])), explicit);
            }
            final ByteBuffer pixels = ByteBuffer.allocate(STORED.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (final int v : STORED) {
                pixels.putShort((short) (v | 0xF000)); // high bits above Bits Stored must be masked away
            }
            element(0x7FE0, 0x0010, "OW", pixels.array(), explicit);
            return out.toByteArray();
        }

        /** Referenced Study Sequence (undefined length) holding one undefined-length item. */
        private void sequence() {
            tag(0x0008, 0x1110);
            if (explicit) {
                out.writeBytes("SQ".getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(new byte[2]);
            }
            out.writeBytes(u32(0xFFFFFFFFL));
            tag(0xFFFE, 0xE000);
            out.writeBytes(u32(0xFFFFFFFFL));
            element(0x0008, 0x1150, "UI", text("1.2.3"), explicit);
            tag(0xFFFE, 0xE00D);
            out.writeBytes(u32(0));
            tag(0xFFFE, 0xE0DD);
            out.writeBytes(u32(0));
        }

        private void element(final int group, final int elem, final String vr, final byte[] value, final boolean explicitVr) {
            tag(group, elem);
            if (explicitVr) {
                out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
                if (vr.equals("OW") || vr.equals("OB") || vr.equals("SQ")) {
                    out.writeBytes(new byte[2]);
                    out.writeBytes(u32(value.length));
                } else {
                    out.writeBytes(u16(value.length));
                }
            } else {
                out.writeBytes(u32(value.length));
            }
            out.writeBytes(value);
        }

        private void tag(final int group, final int elem) {
            out.writeBytes(u16(group));
            out.writeBytes(u16(elem));
        }

        private static byte[] text(final String s) {
            final String even = s.length() % 2 == 0 ? s : s + " ";
            return even.getBytes(StandardCharsets.US_ASCII);
        }

        private static byte[] u16(final int v) {
            return new byte[] {(byte) v, (byte) (v >> 8)};
        }

        private static byte[] u32(final long v) {
            return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
        }
    }
}
