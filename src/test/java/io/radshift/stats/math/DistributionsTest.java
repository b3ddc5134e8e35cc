package io.radshift.stats.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Reference values were computed independently with Python 3's standard library (no scipy):
 * chi-squared tails by the closed forms for integer df (even df: exp(-x/2) sum_{k<df/2} (x/2)^k/k!; odd df:
 * erfc(sqrt(x/2)) + exp(-x/2) sum_{k=1}^{(df-1)/2} (x/2)^(k-1/2)/Gamma(k+1/2)); normal tails with math.erfc;
 * binomial tails with exact rational arithmetic (fractions.Fraction, math.comb); lgamma with math.lgamma;
 * two-sided binomial as the sum of all pmf <= pmf(k) * (1 + 1e-7) (the rule of R's binom.test).
 */
class DistributionsTest {

    private static Offset<Double> relative(final double expected, final double tolerance) {
        return within(Math.abs(expected) * tolerance);
    }

    @Test
    void chiSquaredTailsMatchPublishedCriticalValues() {
        assertThat(Distributions.chiSquaredSurvival(3.841, 1)).isCloseTo(0.05001368376395671, relative(0.05001368376395671, 1e-10));
        assertThat(Distributions.chiSquaredSurvival(18.307, 10)).isCloseTo(0.05000058909139812, relative(0.05, 1e-10));
        assertThat(Distributions.chiSquaredSurvival(6.635, 1)).isCloseTo(0.009999419574042519, relative(0.01, 1e-10));
        assertThat(Distributions.chiSquaredSurvival(2.0, 5)).isCloseTo(0.8491450360846096, relative(0.85, 1e-10));
        assertThat(Distributions.chiSquaredSurvival(150, 100)).isCloseTo(0.0009039320423540092, relative(9e-4, 1e-9));
        assertThat(Distributions.chiSquaredSurvival(0.3, 3)).isCloseTo(0.9600284803068775, relative(0.96, 1e-10));
    }

    @Test
    void chiSquaredQuantileInvertsTheTail() {
        assertThat(Distributions.chiSquaredUpperQuantile(0.05, 1)).isCloseTo(3.841458820694124, within(1e-8));
        assertThat(Distributions.chiSquaredUpperQuantile(0.05, 10)).isCloseTo(18.307038053275146, within(1e-8));
    }

    @Test
    void normalTailsMatchErfc() {
        assertThat(Distributions.normalSurvival(1.959964)).isCloseTo(0.02499999909644241, relative(0.025, 1e-11));
        assertThat(Distributions.normalSurvival(5)).isCloseTo(2.866515718791946e-07, relative(2.87e-7, 1e-10));
        assertThat(Distributions.normalSurvival(-1)).isCloseTo(0.8413447460685429, relative(0.84, 1e-12));
        assertThat(Distributions.normalSurvival(8)).isCloseTo(6.220960574271819e-16, relative(6.2e-16, 1e-9));
        assertThat(Distributions.normalUpperQuantile(0.025)).isCloseTo(1.959963984540054, within(1e-10));
    }

    @Test
    void logGammaMatchesPythonLgamma() {
        assertThat(Distributions.logGamma(0.5)).isCloseTo(0.5723649429247004, within(1e-13));
        assertThat(Distributions.logGamma(10.3)).isCloseTo(13.48203678613836, within(1e-12));
        assertThat(Distributions.logGamma(1000.5)).isCloseTo(5908.674175848678, relative(5908.7, 1e-14));
    }

    @Test
    void binomialTailsMatchExactRationalSums() {
        assertThat(Distributions.binomialUpperTail(3, 10, 0.1)).isCloseTo(0.0701908264, relative(0.07, 1e-11));
        assertThat(Distributions.binomialUpperTail(5, 200, 0.01)).isCloseTo(0.05174626363078589, relative(0.05, 1e-11));
        assertThat(Distributions.binomialTwoSided(7, 20, 0.5)).isCloseTo(0.26317596435546875, relative(0.26, 1e-11));
        assertThat(Distributions.binomialTwoSided(3, 100, 0.0052)).isCloseTo(0.015639703028470415, relative(0.0156, 1e-9));
        assertThat(Distributions.binomialTwoSided(0, 100, 0.0052)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void rareLabelWithTwentyPositivesInThousandsBehaves() {
        final double p = 20.0 / 3818;
        // log-space pmf of ~3,800 terms: lgamma of arguments ~3,800 carries ~1e-12 absolute error in the log.
        assertThat(Distributions.binomialTwoSided(20, 3818, p)).isCloseTo(1.0, within(1e-10));
        assertThat(Distributions.binomialTwoSided(40, 3818, p)).isCloseTo(6.686669222077677e-05, relative(6.7e-5, 1e-8));
        final double[] ci = Distributions.wilsonInterval(20, 3818, 0.05);
        // Python: Wilson formula with z = 1.959963984540054.
        assertThat(ci[0]).isCloseTo(0.003393646714838905, within(1e-12));
        assertThat(ci[1]).isCloseTo(0.008077645146185149, within(1e-12));
        final double[] zero = Distributions.wilsonInterval(0, 50, 0.05);
        assertThat(zero[0]).isCloseTo(0.0, within(1e-12));
        assertThat(zero[1]).isCloseTo(0.07134759913335872, within(1e-12));
    }

    /** Reference values: sums of hypergeometric probabilities in exact rational arithmetic (fractions, math.comb). */
    @Test
    void fisherExactLowerMatchesExactHypergeometricTails() {
        assertThat(Distributions.fisherExactLower(2, 10, 9, 10)).isCloseTo(0.0027387473207906646, relative(0.0027, 1e-9));
        assertThat(Distributions.fisherExactLower(1, 8, 15, 20)).isCloseTo(0.00423634336677815, relative(0.0042, 1e-9));
        assertThat(Distributions.fisherExactLower(3, 5, 4, 5)).isCloseTo(0.5, relative(0.5, 1e-9));
        assertThat(Distributions.fisherExactLower(0, 12, 30, 40)).isCloseTo(3.1332874234265407e-06, relative(3.1e-6, 1e-9));
        assertThat(Distributions.fisherExactLower(40, 100, 60, 100)).isCloseTo(0.0035297577475081232, relative(0.0035, 1e-9));
        // A higher proportion is no evidence of a lower one; an empty sample none either way.
        assertThat(Distributions.fisherExactLower(5, 5, 0, 5)).isEqualTo(1.0);
        assertThat(Distributions.fisherExactLower(0, 0, 3, 9)).isEqualTo(1.0);
    }
}
