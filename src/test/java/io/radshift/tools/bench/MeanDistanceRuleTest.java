package io.radshift.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MeanDistanceRuleTest {

    @Test
    void distanceIsTheEuclideanDistanceOfTheMeans() {
        final float[][] reference = {{0, 0}, {2, 0}};
        final MeanDistanceRule rule = new MeanDistanceRule(reference, 0.2);
        // Reference mean (1, 0); window mean (1, 0.3) -> distance 0.3.
        final float[][] window = {{1, 0.1f}, {1, 0.5f}};
        assertThat(rule.distance(window)).isCloseTo(0.3, within(1e-6));
        assertThat(rule.drift(window)).isTrue();
        assertThat(rule.drift(new float[][] {{1, 0.19f}})).isFalse();
    }
}
