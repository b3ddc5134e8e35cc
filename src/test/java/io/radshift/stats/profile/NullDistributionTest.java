package io.radshift.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The empirical-quantile floor of {@link NullDistribution#pValueWithEmpiricalFloor}. */
class NullDistributionTest {

    /**
     * Mean 1 and variance 2 make the moment fit exactly chi2(1); the stored quantiles are those of a heavier
     * tail (chi2(1) has 0.99 and 0.999 quantiles 6.635 and 10.83, these say 10 and 20).
     */
    private static final NullDistribution HEAVY_TAILED = new NullDistribution("toy", new int[] {100},
        new double[] {1}, new double[] {2}, new double[][] {{2.706, 3.841, 10.0, 20.0}}, 1000);

    @Test
    void withinTheStoredQuantilesThePValueIsAtLeastTheirTailLevel() {
        // chi2(1) alone would say P(X > 8) = 2 (1 - Phi(sqrt 8)) = 0.00468; 8 is below the 0.99 quantile.
        assertThat(HEAVY_TAILED.pValue(8.0, 100)).isCloseTo(0.004678, within(1e-5));
        assertThat(HEAVY_TAILED.pValueWithEmpiricalFloor(8.0, 100)).isCloseTo(0.01, within(1e-12));
        // 15 is above the 0.99 but below the 0.999 quantile.
        assertThat(HEAVY_TAILED.pValueWithEmpiricalFloor(15.0, 100)).isCloseTo(0.001, within(1e-12));
    }

    @Test
    void theFitDecidesWhereItIsLargerAndBeyondTheHighestQuantile() {
        // P(chi2(1) > 2) = 2 (1 - Phi(1.41421)) = 0.15730 exceeds the 0.1 floor of the 0.9 quantile.
        assertThat(HEAVY_TAILED.pValueWithEmpiricalFloor(2.0, 100)).isCloseTo(0.15730, within(1e-5));
        // Beyond the 0.999 quantile only the fit speaks: P(chi2(1) > 25) = 2 (1 - Phi(5)) = 5.733e-7.
        assertThat(HEAVY_TAILED.pValueWithEmpiricalFloor(25.0, 100)).isCloseTo(5.733e-7, within(1e-9));
    }
}
