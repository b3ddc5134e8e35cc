package io.radshift.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Hand-computed adjustments (same as R's p.adjust on these inputs). */
class MultipleTestingTest {

    private static final double[] P = {0.01, 0.04, 0.03, 0.005};

    @Test
    void holmMultipliesSortedPValuesByRemainingCountAndKeepsThemMonotone() {
        // sorted 0.005*4=0.02, 0.01*3=0.03, 0.03*2=0.06, 0.04*1=0.04 -> running max 0.06
        assertThat(MultipleTesting.holm(P)).containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, within(1e-12));
    }

    @Test
    void benjaminiHochbergTakesRunningMinimumFromTheTop() {
        // m p_(i) / i = 0.02, 0.02, 0.04, 0.04 -> cumulative min from the largest
        assertThat(MultipleTesting.benjaminiHochberg(P))
            .containsExactly(new double[] {0.02, 0.04, 0.04, 0.02}, within(1e-12));
    }
}
