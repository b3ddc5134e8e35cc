package io.radshift.stats.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroundTruthAccumulatorTest {

    private static final boolean[] ALL = {true, true, true};

    /** scikit-learn documentation examples: y_true [[1,0,0],[0,0,1]], y_score [[0.75,0.5,1],[1,0.2,0.1]]. */
    @Test
    void rankingMetricsMatchScikitLearnDocumentationExamples() {
        final GroundTruthAccumulator acc = new GroundTruthAccumulator(List.of("a", "b", "c"), 0.5, 10);
        acc.add(new float[] {0.75f, 0.5f, 1f}, new boolean[] {true, false, false}, ALL);
        acc.add(new float[] {1f, 0.2f, 0.1f}, new boolean[] {false, false, true}, ALL);
        final GroundTruthSummary summary = acc.summary();
        assertThat(summary.lrap()).isCloseTo(0.41666666666666666, within(1e-12));
        assertThat(summary.coverageError()).isCloseTo(2.5, within(1e-12));
        assertThat(summary.rankingLoss()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void confusionMetricsCalibrationAndOverconfidenceByHand() {
        final GroundTruthAccumulator acc = new GroundTruthAccumulator(List.of("x"), 0.5, 10);
        final boolean[] known = {true};
        // scores and truth: 0.9 T, 0.8 F, 0.6 T, 0.3 T, 0.1 F
        add(acc, 0.9f, true, known);
        add(acc, 0.8f, false, known);
        add(acc, 0.6f, true, known);
        add(acc, 0.3f, true, known);
        add(acc, 0.1f, false, known);
        final LabelMetricsValue m = acc.summary().perLabel().get(0);
        // tp=2 (0.9,0.6), fp=1 (0.8), fn=1 (0.3): precision 2/3, recall 2/3, F1 2/3
        assertThat(m.precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.recall()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.f1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.support()).isEqualTo(3);
        // predicted positives' mean score (0.9+0.8+0.6)/3 minus precision 2/3
        assertThat(m.overconfidenceGap()).isCloseTo((0.9 + 0.8 + 0.6) / 3 - 2.0 / 3, within(1e-6));
        // each score in its own bin: ECE = mean |score - truth| = (0.1+0.8+0.4+0.7+0.1)/5
        assertThat(m.ece()).isCloseTo((0.1 + 0.8 + 0.4 + 0.7 + 0.1) / 5, within(1e-6));
    }

    @Test
    void unknownLabelsAreSkippedAndMergeAddsCounts() {
        final GroundTruthAccumulator a = new GroundTruthAccumulator(List.of("x", "y"), 0.5, 10);
        final GroundTruthAccumulator b = new GroundTruthAccumulator(List.of("x", "y"), 0.5, 10);
        a.add(new float[] {0.9f, 0.9f}, new boolean[] {true, true}, new boolean[] {true, false});
        b.add(new float[] {0.2f, 0.7f}, new boolean[] {true, false}, new boolean[] {true, true});
        a.mergeFrom(b);
        assertThat(a.known(0)).isEqualTo(2);
        assertThat(a.positives(0)).isEqualTo(2);
        assertThat(a.known(1)).isEqualTo(1);
        assertThat(a.positives(1)).isZero();
        assertThat(a.labelledCount()).isEqualTo(2);
    }

    private static void add(final GroundTruthAccumulator acc, final float score, final boolean truth,
                            final boolean[] known) {
        acc.add(new float[] {score}, new boolean[] {truth}, known);
    }
}
