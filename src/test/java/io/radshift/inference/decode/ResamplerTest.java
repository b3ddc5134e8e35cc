package io.radshift.inference.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ResamplerTest {

    @Test
    void integerDownscaleIsTheBlockMean() {
        final float[] p = new float[16];
        for (int i = 0; i < 16; i++) {
            p[i] = i;
        }
        final float[] out = Resampler.resize(new GreyImage(4, 4, p, 8), 2, 2);
        assertThat(out).containsExactly(new float[] {(0 + 1 + 4 + 5) / 4f, (2 + 3 + 6 + 7) / 4f, (8 + 9 + 12 + 13) / 4f,
                (10 + 11 + 14 + 15) / 4f}, within(1e-5f));
    }

    @Test
    void fractionalDownscaleKeepsTheMeanAndUpscaleInterpolates() {
        final float[] p = new float[9 * 7];
        double mean = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = (i * 37 % 11) / 10f;
            mean += p[i] / p.length;
        }
        final float[] down = Resampler.resize(new GreyImage(9, 7, p, 8), 4, 4);
        double downMean = 0;
        for (final float v : down) {
            downMean += v / down.length;
        }
        // area averaging with equal output cells preserves the image mean exactly
        assertThat(downMean).isCloseTo(mean, within(1e-5));
        final float[] up = Resampler.resize(new GreyImage(2, 1, new float[] {0f, 1f}, 8), 4, 1);
        assertThat(up).containsExactly(new float[] {0f, 0.25f, 0.75f, 1f}, within(1e-6f));
    }

    @Test
    void preprocessorNormalisesEveryChannelChw() {
        final Preprocessor pre = new Preprocessor(2, 3, new double[] {0.5, 0.25, 0}, new double[] {0.5, 0.25, 2});
        final float[] out = pre.toChw(new GreyImage(2, 2, new float[] {0f, 0.5f, 1f, 0.5f}, 8));
        assertThat(out).hasSize(pre.tensorSize()).containsExactly(new float[] {-1, 0, 1, 0, -1, 1, 3, 1, 0, 0.25f, 0.5f, 0.25f}, within(1e-6f));
    }
}
