package io.radshift.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A feature constant in the reference is measured against a floor, not against floating-point noise. */
class QualityReferenceTest {

    @Test
    void aFeatureConstantInTheReferenceIsScaledByTheFloorAndOthersByTheirSd() {
        final double log2Of224 = Math.log(224) / Math.log(2);
        final QualityReference reference = new QualityReference(new double[] {log2Of224, 0.4, 0.0, 0.0028},
            new double[] {9e-16, 0.12, 0.0, 6.3e-4}, new long[] {100, 100, 100, 100});
        assertThat(reference.scale(0)).isEqualTo(1e-3 * log2Of224);
        assertThat(reference.scale(1)).isEqualTo(0.12);
        assertThat(reference.scale(2)).isEqualTo(1e-6);
        // A small feature with a real spread (the noise of real X-rays) keeps its own sd, not a floor above it.
        assertThat(reference.scale(3)).isEqualTo(6.3e-4);
        // 64 px images against a 224 px reference: a very large but finite effect, not 1e15 sd.
        assertThat((6.0 - log2Of224) / reference.scale(0)).isBetween(-300.0, -200.0);
    }
}
