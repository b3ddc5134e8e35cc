package io.radshift.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radshift.stats.math.Distributions;
import io.radshift.stats.metrics.GroundTruthSummary;
import io.radshift.stats.metrics.LabelMetricsValue;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecallFallsTest {

    private static LabelMetricsValue label(final String name, final long detected, final long positives) {
        final double recall = positives == 0 ? 0 : (double) detected / positives;
        return new LabelMetricsValue(name, positives, 0.5, recall, 0.5, 0.1, 0.0);
    }

    private static GroundTruthSummary summary(final LabelMetricsValue... labels) {
        return new GroundTruthSummary(100, 0.5, 0.5, 1.5, 0.2, List.of(labels));
    }

    @Test
    void aFallIsJudgedByTheExactTestNotByTheDifference() {
        final GroundTruthSummary reference = summary(label("common", 600, 1000), label("rareA", 9, 10),
            label("rareB", 4, 5), label("unseen", 0, 0));
        // rareA: 2 of 10 against 9 of 10 is a fall; rareB: 3 of 5 against 4 of 5 is a bigger-looking difference of
        // 0.2 but no evidence; common: 55 % against 60 % of 1,000 on 200 positives is no evidence either.
        final GroundTruthSummary site = summary(label("common", 110, 200), label("rareA", 2, 10),
            label("rareB", 3, 5), label("unseen", 1, 3));

        final List<RecallFalls.LabelRecall> result = RecallFalls.compare(site, reference, Set.of("rareA", "rareB",
            "unseen"), 0.05);

        assertThat(result).extracting(RecallFalls.LabelRecall::label).containsExactly("common", "rareA", "rareB", "unseen");
        final RecallFalls.LabelRecall rareA = result.get(1);
        assertThat(rareA.pValue()).isCloseTo(0.0027387473207906646, within(1e-12));
        // Holm over the three labels tested: rareA has the smallest p-value, times 3.
        assertThat(rareA.adjustedPValue()).isCloseTo(3 * 0.0027387473207906646, within(1e-12));
        assertThat(rareA.falls()).isTrue();
        assertThat(rareA.rare()).isTrue();
        assertThat(rareA.recall()).isEqualTo(0.2);
        assertThat(rareA.referenceRecall()).isEqualTo(0.9);
        assertThat(result.get(2).pValue()).isEqualTo(Distributions.fisherExactLower(3, 5, 4, 5)).isCloseTo(0.5, within(1e-12));
        assertThat(result.get(2).falls()).isFalse();
        assertThat(result.get(0).falls()).isFalse();
        assertThat(result.get(0).detected()).isEqualTo(110);
        assertThat(result.get(0).referenceDetected()).isEqualTo(600);
        // No reference positives: recall cannot be compared, so it is not tested (and not counted in Holm).
        final RecallFalls.LabelRecall unseen = result.get(3);
        assertThat(unseen.tested()).isFalse();
        assertThat(unseen.falls()).isFalse();
        assertThat(unseen.adjustedPValue()).isNaN();
    }
}
