package io.radshift.inference.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.radshift.avro.ImageFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void sixteenBitPngKeepsEverySampleLevel() throws Exception {
        final int[] samples = new int[64 * 32];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = i * 31 % 65536;
        }
        final DecodedImage decoded = decoder.decode(TestImages.greyPng(64, 32, samples, BufferedImage.TYPE_USHORT_GRAY));
        assertThat(decoded.format()).isEqualTo(ImageFormat.PNG);
        assertThat(decoded.grey().bitDepth()).isEqualTo(16);
        assertThat(decoded.quality().getBitDepth()).isEqualTo(16);
        assertThat(decoded.grey().width()).isEqualTo(64);
        for (int i = 0; i < samples.length; i++) {
            assertThat(decoded.grey().pixels()[i] * 65535.0).isCloseTo(samples[i], within(0.01));
        }
    }

    @Test
    void eightBitPngAndMonochrome1Inversion() throws Exception {
        final int[] samples = {0, 51, 102, 255};
        final byte[] png = TestImages.greyPng(2, 2, samples, BufferedImage.TYPE_BYTE_GRAY);
        assertThat(decoder.decode(png).grey().pixels()).containsExactly(new float[] {0f, 0.2f, 0.4f, 1f}, within(1e-6f));
        assertThat(decoder.decode(png, ImageFormat.PNG, "MONOCHROME1").grey().pixels())
                .containsExactly(new float[] {1f, 0.8f, 0.6f, 0f}, within(1e-6f));
        assertThat(decoder.decode(png).quality().getSaturatedFraction()).isEqualTo(0.5);
    }

    @Test
    void rgbPngBecomesLuminance() throws Exception {
        final BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 200 << 16 | 100 << 8 | 50);
        final float grey = decoder.decode(TestImages.encode(rgb, "png")).grey().pixels()[0];
        assertThat(grey).isCloseTo((float) ((0.299 * 200 + 0.587 * 100 + 0.114 * 50) / 255), within(1e-5f));
    }

    @Test
    void jpegDecodesAndADeclaredFormatMismatchIsReported() throws Exception {
        final BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, 32, 32, 0, filled(32 * 32, 128));
        final byte[] jpeg = TestImages.encode(image, "jpeg");
        final DecodedImage decoded = decoder.decode(jpeg, ImageFormat.PNG, null);
        assertThat(decoded.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(decoded.formatMismatch()).isTrue();
        assertThat(decoded.formatMismatchNote()).isEqualTo("declared PNG but the bytes are JPEG (decoded as JPEG)");
        assertThat(decoded.quality().getMeanIntensity()).isCloseTo(128 / 255.0, within(0.01));
        assertThat(decoder.decode(jpeg, ImageFormat.JPEG, null).formatMismatch()).isFalse();
    }

    @Test
    void corruptTruncatedAndUnknownBytesAreRejectedWithReasons() throws Exception {
        final Random random = new Random(4);
        final int[] samples = new int[128 * 128];
        Arrays.setAll(samples, i -> random.nextInt(256));
        final byte[] png = TestImages.greyPng(128, 128, samples, BufferedImage.TYPE_BYTE_GRAY);
        assertReason(Arrays.copyOf(png, png.length / 2), DecodeException.CORRUPT);
        final byte[] damaged = png.clone();
        for (int i = 60; i < damaged.length - 20; i += 7) {
            damaged[i] ^= 0x5A;
        }
        assertReason(damaged, DecodeException.CORRUPT);
        final BufferedImage image = new BufferedImage(128, 128, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, 128, 128, 0, samples);
        final byte[] jpeg = TestImages.encode(image, "jpeg");
        assertReason(Arrays.copyOf(jpeg, jpeg.length / 2), DecodeException.CORRUPT);
        assertReason("GIF89a not supported".getBytes(StandardCharsets.US_ASCII), DecodeException.UNSUPPORTED);
        assertReason(new byte[0], DecodeException.EMPTY);
    }

    @Test
    void decompressionBombHeaderIsRejectedBeforeDecoding() throws Exception {
        // 100,000 x 100,000 8-bit grey PNG header with no pixel data: decoding it would need 10 GB
        final ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(100_000).putInt(100_000).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        final CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        final ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        bomb.write(ByteBuffer.allocate(4).putInt(13).array());
        bomb.write(ihdr.array());
        bomb.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        assertThatThrownBy(() -> decoder.decode(bomb.toByteArray())).isInstanceOfSatisfying(DecodeException.class, e -> {
            assertThat(e.reason()).isEqualTo(DecodeException.TOO_LARGE);
            assertThat(e.getMessage()).contains("100000x100000").contains("decompression bomb");
        });
    }

    @Test
    void byteLimitIsEnforced() throws Exception {
        final byte[] png = TestImages.greyPng(16, 16, filled(256, 7), BufferedImage.TYPE_BYTE_GRAY);
        final ImageDecoder small = new ImageDecoder(new DecoderLimits(png.length - 1, 1000));
        assertThatThrownBy(() -> small.decode(png)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(e.reason()).isEqualTo(DecodeException.TOO_LARGE));
    }

    private void assertReason(final byte[] bytes, final String reason) {
        assertThatThrownBy(() -> decoder.decode(bytes)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static int[] filled(final int n, final int value) {
        final int[] out = new int[n];
        Arrays.fill(out, value);
        return out;
    }
}
