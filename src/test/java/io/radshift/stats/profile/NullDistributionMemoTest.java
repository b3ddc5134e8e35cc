package io.radshift.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The per-n memo of {@link NullDistribution}: whatever sizes were asked before, every value at n is bit for bit
 * what a distribution never asked before gives, between grid points, on them and beyond the grid.
 */
class NullDistributionMemoTest {

    private static NullDistribution distribution() {
        return new NullDistribution("toy", new int[] {20, 50, 100, 200},
            new double[] {0.5, 0.2, 0.1, 0.05}, new double[] {0.5, 0.08, 0.02, 0.005},
            new double[][] {{1.0, 1.3, 2.0, 3.1}, {0.4, 0.52, 0.8, 1.2}, {0.2, 0.26, 0.41, 0.6},
                {0.1, 0.13, 0.2, 0.31}}, 500);
    }

    @Test
    void valuesAtEverySizeEqualThoseOfAFreshDistributionWhateverWasAskedBefore() {
        final NullDistribution reused = distribution();
        final long[] sizes = {77, 77, 150, 77, 20, 5, 1000, 200, 33, 150};
        for (final long n : sizes) {
            final NullDistribution fresh = distribution();
            assertThat(reused.mean(n)).isEqualTo(fresh.mean(n));
            assertThat(reused.variance(n)).isEqualTo(distribution().variance(n));
            for (int level = 0; level < NullDistribution.LEVELS.length; level++) {
                assertThat(reused.empiricalQuantile(level, n)).isEqualTo(distribution().empiricalQuantile(level, n));
            }
            assertThat(reused.pValueWithTailFit(0.9, n))
                .isEqualTo(distribution().pValueWithTailFit(0.9, n));
            assertThat(reused.pValueWithEmpiricalFloor(0.3, n)).isEqualTo(distribution().pValueWithEmpiricalFloor(0.3, n));
            assertThat(reused.thresholdWithTailFit(1e-4, n))
                .isEqualTo(distribution().thresholdWithTailFit(1e-4, n));
        }
    }

    @Test
    void quantilesInterpolateTheirOwnLevelsColumn() {
        final NullDistribution d = distribution();
        // On a grid point the stored quantile of that level; below the grid it grows like 1/n.
        assertThat(d.empiricalQuantile(2, 50)).isCloseTo(0.8, within(1e-12));
        assertThat(d.empiricalQuantile(3, 100)).isCloseTo(0.6, within(1e-12));
        assertThat(d.empiricalQuantile(1, 10)).isCloseTo(1.3 * 2, within(1e-12));
    }

    @Test
    void rejectsQuantileRowsWithoutOneValuePerLevel() {
        assertThatThrownBy(() -> new NullDistribution("short", new int[] {20}, new double[] {1}, new double[] {1},
            new double[][] {{1.0, 2.0}}, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
