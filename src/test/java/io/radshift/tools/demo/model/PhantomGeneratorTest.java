package io.radshift.tools.demo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.radshift.avro.ImageQuality;
import io.radshift.inference.decode.DecodedImage;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.decode.QualityMeter;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhantomGeneratorTest {

    private final PhantomGenerator generator = new PhantomGenerator();
    private final PhantomGenerator.Acquisition nominal = PhantomGenerator.Acquisition.nominal();

    private ImageQuality quality(final PhantomGenerator.Acquisition acquisition) {
        return QualityMeter.compute(generator.render(Set.of(), acquisition, 42));
    }

    @Test
    void sameSeedSameImageAndPngDecodesToIt() throws Exception {
        final byte[] png = generator.png(Set.of("Pleural Effusion"), nominal, 5);
        assertThat(generator.png(Set.of("Pleural Effusion"), nominal, 5)).isEqualTo(png);
        assertThat(generator.png(Set.of("Pleural Effusion"), nominal, 6)).isNotEqualTo(png);
        final DecodedImage decoded = new ImageDecoder().decode(png);
        assertThat(decoded.grey().width()).isEqualTo(256);
        assertThat(decoded.grey().pixels()).containsExactly(generator.render(Set.of("Pleural Effusion"), nominal, 5).pixels(), within(1e-6f));
    }

    @Test
    void acquisitionKnobsMoveTheQualityFeaturesTheExpectedWay() {
        final ImageQuality base = quality(nominal);
        assertThat(quality(nominal.withNoise(0.05)).getNoise()).isGreaterThan(base.getNoise() + 0.02);
        // blur acts before the detector noise, so compare noise-free acquisitions
        assertThat(quality(nominal.withNoise(0).withBlur(2.5)).getSharpness()).isLessThan(quality(nominal.withNoise(0)).getSharpness() / 2);
        assertThat(quality(nominal.withContrast(0.5, 1.0)).getContrast()).isCloseTo(base.getContrast() / 2, within(0.01));
        assertThat(quality(nominal.withContrast(1.0, 2.0)).getMeanIntensity()).isLessThan(base.getMeanIntensity() - 0.05);
    }

    @Test
    void findingsChangeThePictureAndUnknownOnesAreRejected() {
        final float[] normal = generator.render(Set.of(), nominal.withNoise(0), 3).pixels();
        for (final String finding : ChexpertLabels.ALL) {
            if (finding.equals(ChexpertLabels.NO_FINDING)) {
                continue;
            }
            final float[] with = generator.render(Set.of(finding), nominal.withNoise(0), 3).pixels();
            double largest = 0;
            for (int i = 0; i < with.length; i++) {
                largest = Math.max(largest, Math.abs(with[i] - normal[i]));
            }
            // every finding leaves a visible mark somewhere (a small fracture callus included)
            assertThat(largest).as(finding).isGreaterThan(0.1);
        }
        assertThatThrownBy(() -> generator.render(Set.of("Broken Heart"), nominal, 1)).hasMessageContaining("unknown finding");
    }
}
