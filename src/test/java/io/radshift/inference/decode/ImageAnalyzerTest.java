package io.radshift.inference.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.radshift.avro.ImageFormat;
import io.radshift.avro.ImageQuality;
import io.radshift.data.Manifest;
import io.radshift.data.SharedData;
import io.radshift.tools.bench.HospitalImages;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass decode of the model path gives what decoding in full, measuring and resizing give. */
class ImageAnalyzerTest {

    private static final int SIZE = 128;

    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void onePassEqualsFullDecodeThenQualityThenResizeOnEveryFormat() throws Exception {
        final GreyImage source = noisy(300, 260, 7);
        final List<byte[]> images = new ArrayList<>();
        images.add(TestImages.greyPng(source));
        images.add(rgbJpeg(source));
        images.add(HospitalImages.make(source, 420, 380, HospitalImages.Kind.PNG16, 1));
        images.add(HospitalImages.make(source, 410, 390, HospitalImages.Kind.DICOM16, 2));
        images.add(TestImages.greyPng(noisy(64, 64, 3)));
        for (final byte[] image : images) {
            assertSame(image, null);
            assertSame(image, "MONOCHROME1");
        }
    }

    @Test
    void realXraysGiveTheSameResultBothWays() throws Exception {
        final Path cxr = SharedData.cxr().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(cxr != null, SharedData.absentMessage());
        final List<Manifest.Row> rows = Manifest.read(cxr.resolve("manifest.csv")).rows();
        for (int i = 0; i < rows.size(); i += rows.size() / 12) {
            assertSame(Files.readAllBytes(rows.get(i).file()), null);
        }
    }

    @Test
    void aReaderThatFailedIsNotReusedAndTheNextImageDecodes() throws Exception {
        final byte[] good = TestImages.greyPng(noisy(40, 30, 1));
        final byte[] truncated = Arrays.copyOf(good, good.length / 2);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> decoder.analyze(truncated, ImageFormat.PNG, null, SIZE)).isInstanceOf(DecodeException.class);
            assertThat(decoder.analyze(good, ImageFormat.PNG, null, SIZE).quality().getOriginalWidth()).isEqualTo(40);
        }
    }

    private void assertSame(final byte[] image, final String photometric) throws DecodeException {
        final DecodedImage full = decoder.decode(image, ImageFormat.UNKNOWN, photometric);
        final ImageAnalyzer.Analysis onePass = decoder.analyze(image, ImageFormat.UNKNOWN, photometric, SIZE);
        assertThat(onePass.pixels()).containsExactly(Resampler.resize(full.grey(), SIZE, SIZE), within(1e-6f));
        final ImageQuality a = onePass.quality();
        final ImageQuality b = full.quality();
        assertThat(a.getMeanIntensity()).isCloseTo(b.getMeanIntensity(), within(1e-9));
        assertThat(a.getContrast()).isCloseTo(b.getContrast(), within(1e-9));
        assertThat(a.getSharpness()).isCloseTo(b.getSharpness(), within(1e-9));
        assertThat(a.getNoise()).isCloseTo(b.getNoise(), within(1e-9));
        assertThat(a.getSaturatedFraction()).isEqualTo(b.getSaturatedFraction());
        assertThat(a.getOriginalWidth()).isEqualTo(b.getOriginalWidth());
        assertThat(a.getBitDepth()).isEqualTo(b.getBitDepth());
    }

    private static GreyImage noisy(final int width, final int height, final long seed) {
        final Random random = new Random(seed);
        final float[] p = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                final double body = 0.5 + 0.4 * Math.sin(x / 17.0) * Math.cos(y / 23.0);
                p[y * width + x] = (float) Math.min(1, Math.max(0, body + 0.05 * random.nextGaussian()));
            }
        }
        return new GreyImage(width, height, p, 8);
    }

    private static byte[] rgbJpeg(final GreyImage grey) throws Exception {
        final BufferedImage rgb = new BufferedImage(grey.width(), grey.height(), BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < grey.height(); y++) {
            for (int x = 0; x < grey.width(); x++) {
                final int v = Math.round(grey.get(x, y) * 255);
                rgb.setRGB(x, y, v << 16 | (255 - v) << 8 | v / 2);
            }
        }
        return TestImages.encode(rgb, "jpeg");
    }
}
