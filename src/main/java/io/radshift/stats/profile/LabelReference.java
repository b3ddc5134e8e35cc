package io.radshift.stats.profile;

import io.radshift.stats.metrics.GroundTruthSummary;
import java.util.List;
import java.util.Optional;

/**
 * Per-label reference statistics over the whole reference (fit and calibration splits).
 *
 * @param labels label names in score order
 * @param studies reference studies
 * @param positives positives among studies where the label was known
 * @param known studies where the label was known
 * @param highConfidence studies with score >= tau
 * @param predictedPositive studies with score >= the decision threshold
 * @param histograms score histogram counts per label (equal-width bins over [0,1])
 * @param tau high-confidence threshold
 * @param decisionThreshold decision threshold
 * @param rareThreshold prevalence below which a label counts as rare
 * @param rareLabels rare labels
 * @param overconfidenceGap the reference's over-confidence gap per label (NaN without labels)
 * @param truth the reference's own ground-truth metrics (precision, recall, F1, calibration, ranking metrics), the
 *              baseline the weekly review compares a week's with; null without reference labels or in profiles
 *              built before they were kept
 */
public record LabelReference(List<String> labels, long studies, long[] positives, long[] known,
                             long[] highConfidence, long[] predictedPositive, long[][] histograms, double tau,
                             double decisionThreshold, double rareThreshold, List<String> rareLabels,
                             double[] overconfidenceGap, GroundTruthSummary truth) {

    /** Copies lists. */
    public LabelReference {
        labels = List.copyOf(labels);
        rareLabels = List.copyOf(rareLabels);
    }

    /** A label reference without the reference's ground-truth metrics. */
    public LabelReference(final List<String> labels, final long studies, final long[] positives, final long[] known,
                          final long[] highConfidence, final long[] predictedPositive, final long[][] histograms,
                          final double tau, final double decisionThreshold, final double rareThreshold,
                          final List<String> rareLabels, final double[] overconfidenceGap) {
        this(labels, studies, positives, known, highConfidence, predictedPositive, histograms, tau, decisionThreshold,
            rareThreshold, rareLabels, overconfidenceGap, null);
    }

    /** The reference's ground-truth metrics, when it had labels and the profile kept them. */
    public Optional<GroundTruthSummary> referenceTruth() {
        return Optional.ofNullable(truth);
    }

    /**
     * Reference prevalence of label i: positives/known where labels exist, smoothed by the Jeffreys prior
     * ((x + 1/2) / (n + 1)) so that a label with zero reference positives does not make every window positive
     * "impossible" (p-value exactly 0). Without any known labels the predicted-positive rate stands in.
     */
    public double prevalence(final int i) {
        if (known[i] == 0) {
            return (predictedPositive[i] + 0.5) / (studies + 1.0);
        }
        return (positives[i] + 0.5) / (known[i] + 1.0);
    }

    /** Reference rate of score >= tau for label i, Jeffreys-smoothed like {@link #prevalence}. */
    public double highConfidenceRate(final int i) {
        return (highConfidence[i] + 0.5) / (studies + 1.0);
    }

    /** Number of histogram bins. */
    public int histogramBins() {
        return histograms.length == 0 ? 0 : histograms[0].length;
    }
}
