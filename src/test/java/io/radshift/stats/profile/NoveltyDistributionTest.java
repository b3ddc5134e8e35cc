package io.radshift.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reference's novelty quantiles and the percentile of a study's novelty among the reference's studies. */
class NoveltyDistributionTest {

    @Test
    void percentileOfEvenlySpacedValuesIsTheirRank() {
        final double[] values = new double[1001];
        for (int i = 0; i < values.length; i++) {
            values[i] = i / 1000.0;
        }
        final NoveltyDistribution d = NoveltyDistribution.of(values);
        assertThat(d.quantiles()).hasSize(NoveltyDistribution.POINTS);
        assertThat(d.percentile(0.25)).isCloseTo(25, within(1e-9));
        assertThat(d.percentile(0.905)).isCloseTo(90.5, within(1e-9));
        assertThat(d.percentile(-1)).isZero();
        assertThat(d.percentile(2)).isEqualTo(100);
    }

    @Test
    void percentileMatchesTheEmpiricalShareOfASkewedSample() {
        final SplittableRandom random = new SplittableRandom(5);
        final double[] reference = new double[5000];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = -Math.log(1 - random.nextDouble());
        }
        final NoveltyDistribution d = NoveltyDistribution.of(reference);
        for (final double x : new double[] {0.05, 0.5, 1, 2, 3}) {
            final double share = 100.0 * java.util.Arrays.stream(reference).filter(v -> v < x).count() / reference.length;
            assertThat(d.percentile(x)).as("x = %s", x).isCloseTo(share, within(0.6));
        }
    }

    @Test
    void percentileIsMonotoneAndTiesSitInTheMiddleOfTheirRun() {
        final double[] values = new double[200];
        for (int i = 0; i < values.length; i++) {
            values[i] = i < 100 ? 1.0 : 2.0 + i;
        }
        final NoveltyDistribution d = NoveltyDistribution.of(values);
        assertThat(d.percentile(1.0)).isCloseTo(25.0, within(1.0));
        double previous = -1;
        for (double x = 0; x < 250; x += 0.37) {
            final double p = d.percentile(x);
            assertThat(p).isBetween(0.0, 100.0).isGreaterThanOrEqualTo(previous);
            previous = p;
        }
    }

    @Test
    void anOldProfileHasNoDistributionAndSaysSo() {
        assertThat(NoveltyDistribution.UNKNOWN.known()).isFalse();
        assertThatThrownBy(() -> NoveltyDistribution.UNKNOWN.percentile(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new NoveltyDistribution(new double[] {1, 2})).isInstanceOf(IllegalArgumentException.class);
    }
}
