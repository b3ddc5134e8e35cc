package io.radshift.stats.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quantile functions of {@link Distributions} stop their bisections early only where the result cannot change:
 * bit for bit what the full bisection gives.
 */
class QuantileBisectionTest {

    @Test
    void normalUpperQuantileEqualsAllTwoHundredHalvingsBitForBit() {
        final Random random = new Random(4);
        for (int k = 0; k < 300; k++) {
            final double tail = k < 200 ? Math.pow(10, -12 * random.nextDouble()) * 0.999 : random.nextDouble();
            if (tail > 0 && tail < 1) {
                assertThat(Distributions.normalUpperQuantile(tail)).as("tail %s", tail)
                    .isEqualTo(fullNormalBisection(tail));
            }
        }
        for (final double tail : new double[] {0.5, 0.025, 0.05 / 2, 1e-6, 0.975, Double.MIN_NORMAL}) {
            assertThat(Distributions.normalUpperQuantile(tail)).isEqualTo(fullNormalBisection(tail));
        }
    }

    @Test
    void chiSquaredUpperQuantileEqualsTheBisectionThatComputesEveryMidpointBitForBit() {
        final Random random = new Random(6);
        for (int k = 0; k < 2_000; k++) {
            final double df = Math.exp(Math.log(0.2) + random.nextDouble() * Math.log(5_000 / 0.2));
            final double tail = k % 4 == 0 ? random.nextDouble() : Math.pow(10, -14 * random.nextDouble());
            if (tail > 0 && tail < 1) {
                assertThat(Distributions.chiSquaredUpperQuantile(tail, df)).as("tail %s, df %s", tail, df)
                    .isEqualTo(fullChiSquaredBisection(tail, df));
            }
        }
        for (final double df : new double[] {1, 2, 3.7, 12.5, 40.2, 150, 0.8, 1e-3, 1e5}) {
            for (final double tail : new double[] {0.05, 0.01, 1e-4, 0.5, 0.999, 1e-300}) {
                assertThat(Distributions.chiSquaredUpperQuantile(tail, df)).as("tail %s, df %s", tail, df)
                    .isEqualTo(fullChiSquaredBisection(tail, df));
            }
        }
    }

    /** The chi-squared bisection as it was: every midpoint's survival computed. */
    private static double fullChiSquaredBisection(final double tail, final double df) {
        double lo = 0;
        double hi = Math.max(1, df);
        while (Distributions.chiSquaredSurvival(hi, df) > tail) {
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
            final double mid = 0.5 * (lo + hi);
            if (Distributions.chiSquaredSurvival(mid, df) > tail) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** The bisection as it was: 200 halvings of [-40, 40], whatever happened before. */
    private static double fullNormalBisection(final double tail) {
        double lo = -40;
        double hi = 40;
        for (int i = 0; i < 200; i++) {
            final double mid = 0.5 * (lo + hi);
            if (Distributions.normalSurvival(mid) > tail) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
