package io.radshift.inference.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radshift.avro.ImageQuality;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QualityMeterTest {

    private static GreyImage constant(final int size, final float value) {
        final float[] p = new float[size * size];
        Arrays.fill(p, value);
        return new GreyImage(size, size, p, 8);
    }

    @Test
    void constantImageHasNoContrastSharpnessOrNoise() {
        final ImageQuality q = QualityMeter.compute(constant(64, 0.4f));
        assertThat(q.getMeanIntensity()).isCloseTo(0.4, within(1e-6));
        assertThat(q.getContrast()).isCloseTo(0, within(1e-6));
        assertThat(q.getSharpness()).isCloseTo(0, within(1e-9));
        assertThat(q.getNoise()).isCloseTo(0, within(1e-9));
        assertThat(q.getSaturatedFraction()).isZero();
        assertThat(q.getOriginalWidth()).isEqualTo(64);
        assertThat(q.getBitDepth()).isEqualTo(8);
    }

    @Test
    void immerkaerEstimateRecoversAddedGaussianNoise() {
        final Random random = new Random(3);
        for (final double sigma : new double[] {0.01, 0.03, 0.08}) {
            final int size = 512;
            final float[] p = new float[size * size];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    // a smooth ramp: Immerkaer's kernel cancels it, so only the noise is measured
                    p[y * size + x] = (float) (0.3 + 0.4 * x / size + random.nextGaussian() * sigma);
                }
            }
            final ImageQuality q = QualityMeter.compute(new GreyImage(size, size, p, 16));
            assertThat(q.getNoise()).as("sigma %s", sigma).isCloseTo(sigma, within(sigma * 0.03));
        }
    }

    @Test
    void checkerboardHasTheKnownLaplacianVarianceAndContrast() {
        final int size = 16;
        final float[] p = new float[size * size];
        for (int i = 0; i < p.length; i++) {
            p[i] = (i / size + i % size) % 2;
        }
        final ImageQuality q = QualityMeter.compute(new GreyImage(size, size, p, 8));
        // every interior Laplacian is +4 (dark pixel) or -4 (bright pixel), in equal numbers: variance 16
        assertThat(q.getSharpness()).isCloseTo(16, within(1e-9));
        assertThat(q.getContrast()).isCloseTo(0.5, within(1e-9));
        assertThat(q.getSaturatedFraction()).isEqualTo(1.0);
    }

    @Test
    void blurLowersSharpness() {
        final Random random = new Random(9);
        final int size = 128;
        final float[] p = new float[size * size];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextFloat();
        }
        final float[] blurred = new float[p.length];
        for (int y = 1; y < size - 1; y++) {
            for (int x = 1; x < size - 1; x++) {
                double sum = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        sum += p[(y + dy) * size + x + dx];
                    }
                }
                blurred[y * size + x] = (float) (sum / 9);
            }
        }
        final double sharp = QualityMeter.compute(new GreyImage(size, size, p, 8)).getSharpness();
        final double soft = QualityMeter.compute(new GreyImage(size, size, blurred, 8)).getSharpness();
        assertThat(soft).isLessThan(sharp / 5);
    }
}
