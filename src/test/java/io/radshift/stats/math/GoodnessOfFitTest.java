package io.radshift.stats.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Hand-computed chi-squared and PSI values; p-values from Python's math module as noted. */
class GoodnessOfFitTest {

    @Test
    void chiSquaredAgainstEqualProportions() {
        // Expected 20 each: (100 + 0 + 100) / 20 = 10, df 2; p = exp(-10/2) = 0.006737946999085467.
        // A reference of 3e9 makes the (1 + n/N) correction negligible (factor 1 + 2e-8).
        final GoodnessOfFit.Result r = GoodnessOfFit.chiSquared(new long[] {10, 20, 30},
            new long[] {1_000_000_000L, 1_000_000_000L, 1_000_000_000L}).orElseThrow();
        assertThat(r.statistic()).isCloseTo(10.0, within(1e-6));
        assertThat(r.df()).isEqualTo(2);
        assertThat(r.pValue()).isCloseTo(0.006737946999085467, within(1e-9));
        assertThat(r.cramersV()).isCloseTo(Math.sqrt(10.0 / (60 * 2)), within(1e-8));
    }

    @Test
    void sparseCellsAreMergedUntilFiveAreExpected() {
        // n = 40, proportions 0.05 0.05 0.1 0.8 -> expected 2 2 4 32 -> cells {2+2+4 = 8 : obs 3}, {32 : obs 37}.
        // chi2 = 25/8 + 25/32 = 3.90625, df 1, p = erfc(sqrt(3.90625 / 2)) = 0.048106827888519374.
        final GoodnessOfFit.Result r = GoodnessOfFit.chiSquared(new long[] {1, 0, 2, 37},
            new long[] {200_000_000L, 200_000_000L, 400_000_000L, 3_200_000_000L}).orElseThrow();
        assertThat(r.df()).isEqualTo(1);
        assertThat(r.statistic()).isCloseTo(3.90625, within(1e-6));
        assertThat(r.pValue()).isCloseTo(0.048106827888519374, within(1e-8));
    }

    @Test
    void tooFewExpectedCountsGiveNoTest() {
        assertThat(GoodnessOfFit.chiSquared(new long[] {1, 0, 2, 7}, new long[] {5, 5, 10, 80})).isEmpty();
    }

    @Test
    void smallReferenceShrinksTheStatisticByOnePlusNOverN() {
        // Same counts as above but reference N = 30 and window n = 60: 10 / (1 + 60/30).
        final GoodnessOfFit.Result r = GoodnessOfFit.chiSquared(new long[] {10, 20, 30}, new long[] {10, 10, 10})
            .orElseThrow();
        assertThat(r.statistic()).isCloseTo(10.0 / 3, within(1e-12));
    }
}
