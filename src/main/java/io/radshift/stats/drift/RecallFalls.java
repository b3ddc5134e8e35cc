package io.radshift.stats.drift;

import io.radshift.stats.math.Distributions;
import io.radshift.stats.metrics.GroundTruthSummary;
import io.radshift.stats.metrics.LabelMetricsValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whether a label's recall in a labelled sample (e.g. a hospital's archive before go-live) fell below the
 * reference's own: a one-sided Fisher exact test of detected positives / positives against the reference's, per
 * label with positives on both sides, Holm-adjusted across the labels tested. A bare difference of recalls is no
 * evidence on a rare label (3 of 4 against 9 of 10 is no fall; 2 of 10 against 9 of 10 is one), and the exact test
 * stays valid at the handful of positives a rare label has, where a z-test does not.
 */
public final class RecallFalls {

    /**
     * The comparison of one label.
     *
     * @param label              label name
     * @param rare               whether the label is rare in the reference
     * @param positives          positives in the sample
     * @param detected           of them, predicted positive (recall = detected / positives)
     * @param referencePositives positives in the reference
     * @param referenceDetected  of them, predicted positive
     * @param pValue             one-sided p-value (NaN when not tested: no positives on one side)
     * @param adjustedPValue     Holm-adjusted across the labels tested (NaN when not tested)
     * @param falls              whether the adjusted p-value is at most alpha
     */
    public record LabelRecall(String label, boolean rare, long positives, long detected, long referencePositives,
                              long referenceDetected, double pValue, double adjustedPValue, boolean falls) {

        /** Whether both sides had positives, so that the recalls could be compared. */
        public boolean tested() {
            return !Double.isNaN(pValue);
        }

        /** The sample's recall (NaN without positives). */
        public double recall() {
            return positives == 0 ? Double.NaN : (double) detected / positives;
        }

        /** The reference's recall (NaN without positives). */
        public double referenceRecall() {
            return referencePositives == 0 ? Double.NaN : (double) referenceDetected / referencePositives;
        }
    }

    private RecallFalls() {
    }

    /**
     * Compares every label of {@code sample} with the same label of {@code reference}, in the sample's order.
     *
     * @param rare  the reference's rare labels
     * @param alpha level of the Holm procedure
     */
    public static List<LabelRecall> compare(final GroundTruthSummary sample, final GroundTruthSummary reference,
                                            final Set<String> rare, final double alpha) {
        final Map<String, LabelMetricsValue> byLabel = reference.perLabel().stream()
            .collect(Collectors.toMap(LabelMetricsValue::label, Function.identity()));
        final List<long[]> counts = new ArrayList<>();
        final List<Double> tested = new ArrayList<>();
        for (final LabelMetricsValue m : sample.perLabel()) {
            final LabelMetricsValue ref = byLabel.get(m.label());
            final long[] c = {m.support(), detected(m), ref == null ? 0 : ref.support(), ref == null ? 0 : detected(ref)};
            counts.add(c);
            if (c[0] > 0 && c[2] > 0) {
                tested.add(Distributions.fisherExactLower(c[1], c[0], c[3], c[2]));
            }
        }
        final double[] adjusted = MultipleTesting.holm(tested.stream().mapToDouble(Double::doubleValue).toArray());
        final List<LabelRecall> out = new ArrayList<>();
        int t = 0;
        for (int i = 0; i < counts.size(); i++) {
            final long[] c = counts.get(i);
            final String label = sample.perLabel().get(i).label();
            final boolean isTested = c[0] > 0 && c[2] > 0;
            final double p = isTested ? tested.get(t) : Double.NaN;
            final double adj = isTested ? adjusted[t++] : Double.NaN;
            out.add(new LabelRecall(label, rare.contains(label), c[0], c[1], c[2], c[3], p, adj,
                isTested && adj <= alpha));
        }
        return out;
    }

    /** Detected positives: recall times positives, which the metrics computed as a ratio of these counts. */
    private static long detected(final LabelMetricsValue m) {
        return Math.round(m.recall() * m.support());
    }
}
