package io.radshift.inference.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Decoded-memory limits: per image from the header, and a budget shared by every decode of the process. */
class DecodeBudgetTest {

    @Test
    void aSmallPngDeclaringHuge16BitRgbaIsTooLargeBeforeAnyPixelIsDecoded() {
        final byte[] bomb = pngHeaderOnly(7000, 7000, 16, 6);
        assertThat(bomb.length).isLessThan(100);
        assertThatThrownBy(() -> new ImageDecoder().decode(bomb))
            .isInstanceOfSatisfying(DecodeException.class, e -> {
                assertThat(e.reason()).isEqualTo(DecodeException.TOO_LARGE);
                assertThat(e.getMessage()).contains("7000x7000").contains("MiB");
            });
    }

    @Test
    void thirtyTwoSuchPngsInParallelAreAllRejectedAndLeaveTheBudgetWhole() {
        final DecodeBudget budget = new DecodeBudget(64L << 20, 1_000);
        final ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults(), budget);
        final byte[] bomb = pngHeaderOnly(7000, 7000, 16, 6);
        final List<String> reasons = IntStream.range(0, 32).parallel().mapToObj(i -> reason(decoder, bomb)).toList();
        assertThat(reasons).containsOnly(DecodeException.TOO_LARGE);
        assertThat(budget.availableBytes()).isEqualTo(budget.totalBytes());
    }

    @Test
    void aDecodeWaitsForTheSharedBudgetAndGivesUpAfterTheWait() throws Exception {
        final byte[] png = TestImages.greyPng(64, 64, new int[64 * 64], java.awt.image.BufferedImage.TYPE_USHORT_GRAY);
        final DecodeBudget budget = new DecodeBudget(1L << 20, 50);
        final ImageDecoder decoder = new ImageDecoder(DecoderLimits.defaults(), budget);
        try (DecodeBudget.Lease everything = budget.acquire(budget.totalBytes())) {
            assertThatThrownBy(() -> decoder.decode(png))
                .isInstanceOfSatisfying(DecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DecodeException.TOO_LARGE);
                    assertThat(e.getMessage()).contains("stayed in use");
                });
        }
        assertThat(decoder.decode(png).grey().width()).isEqualTo(64);
        assertThat(budget.availableBytes()).isEqualTo(budget.totalBytes());
    }

    @Test
    void aDecodeLargerThanTheWholeBudgetIsRejectedAtOnce() {
        final DecodeBudget budget = new DecodeBudget(1L << 20, 60_000);
        assertThatThrownBy(() -> budget.acquire(2L << 20))
            .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.getMessage()).contains("more than the whole"));
    }

    @Test
    void theSharedBudgetIsAQuarterOfTheHeapAndAtLeast256MiB() {
        assertThat(DecodeBudget.defaultBytes(8L << 30)).isEqualTo(2L << 30);
        assertThat(DecodeBudget.defaultBytes(512L << 20)).isEqualTo(256L << 20);
    }

    private static String reason(final ImageDecoder decoder, final byte[] bytes) {
        try {
            decoder.decode(bytes);
            return "decoded";
        } catch (final DecodeException e) {
            return e.reason();
        }
    }

    /** A PNG signature, an IHDR declaring the given size and layout, an empty IDAT and IEND: small, claims a lot. */
    static byte[] pngHeaderOnly(final int width, final int height, final int bitDepth, final int colourType) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) bitDepth)
            .put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(final ByteArrayOutputStream out, final String type, final byte[] data) {
        final byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        final CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
