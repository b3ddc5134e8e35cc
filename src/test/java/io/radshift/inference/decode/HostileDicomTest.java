package io.radshift.inference.decode;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * DICOM files crafted to break the parser: each must end in a {@link DecodeException} with a reason, quickly (the
 * timeout only guards against the infinite loops these inputs used to cause, it measures nothing).
 */
class HostileDicomTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(10);

    @Test
    void elementLengthThatWrapsToNegativeIsCorruptNotAnEndlessLoop() {
        final byte[] bytes = new Dicom().element(0x0010, 0x0010, "OB", 0xFFFFFFF4L).bytes();
        assertRejected(bytes, DecodeException.CORRUPT);
    }

    @Test
    void elementLengthPastTheEndIsCorrupt() {
        final byte[] bytes = new Dicom().element(0x0028, 0x0004, "UN", 1_000_000L).bytes();
        assertRejected(bytes, DecodeException.CORRUPT);
    }

    @Test
    void metaElementLengthPastTheEndIsCorrupt() {
        final Dicom dicom = new Dicom();
        dicom.out.reset();
        dicom.out.writeBytes(new byte[128]);
        dicom.out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        dicom.tag(0x0002, 0x0010);
        dicom.out.writeBytes("UI".getBytes(StandardCharsets.US_ASCII));
        dicom.out.writeBytes(new byte[] {(byte) 0xF4, (byte) 0xFF});
        assertRejected(dicom.bytes(), DecodeException.CORRUPT);
    }

    @Test
    void itemLengthThatWrapsIsCorrupt() {
        final Dicom dicom = new Dicom().element(0x0008, 0x1140, "SQ", 0xFFFFFFFFL);
        dicom.tag(0xFFFE, 0xE000);
        dicom.u32(0xFFFFFFF0L);
        assertRejected(dicom.bytes(), DecodeException.CORRUPT);
    }

    @Test
    void deeplyNestedSequencesAreRejectedWithoutExhaustingTheStack() {
        final Dicom dicom = new Dicom();
        for (int i = 0; i < 200_000; i++) {
            dicom.element(0x0008, 0x1140, "SQ", 0xFFFFFFFFL);
            dicom.tag(0xFFFE, 0xE000);
            dicom.u32(0xFFFFFFFFL);
        }
        assertRejected(dicom.bytes(), DecodeException.CORRUPT);
    }

    private static void assertRejected(final byte[] bytes, final String reason) {
        assertTimeoutPreemptively(HANG_GUARD, () -> assertThatThrownBy(() -> new ImageDecoder().decode(bytes))
            .isInstanceOfSatisfying(DecodeException.class, e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(reason)));
    }

    /** A Part 10 header (explicit VR little endian) followed by hand-written elements. */
    private static final class Dicom {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Dicom() {
            out.writeBytes(new byte[128]);
            out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
            final byte[] syntax = "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII);
            tag(0x0002, 0x0010);
            out.writeBytes("UI".getBytes(StandardCharsets.US_ASCII));
            u16(syntax.length);
            out.writeBytes(syntax);
        }

        /** An element header with a long-form VR and the given (possibly hostile) length, and no value. */
        Dicom element(final int group, final int element, final String vr, final long length) {
            tag(group, element);
            out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
            u16(0);
            u32(length);
            return this;
        }

        void tag(final int group, final int element) {
            u16(group);
            u16(element);
        }

        void u16(final int v) {
            out.write(v & 0xFF);
            out.write(v >> 8 & 0xFF);
        }

        void u32(final long v) {
            u16((int) (v & 0xFFFF));
            u16((int) (v >> 16 & 0xFFFF));
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
