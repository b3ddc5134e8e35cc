package io.radshift.detect;

import io.radshift.avro.LabelRates;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.metrics.GroundTruthSummary;
import io.radshift.stats.profile.LabelReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Per-label rates and score histograms of a window beside the reference's, for {@link
 * io.radshift.avro.WindowSummary#getLabelRates()}, and the reference's own ground-truth metrics, for {@link
 * io.radshift.avro.WindowSummary#getReferenceGroundTruth()}: the weekly report draws predicted-positive rates
 * against reference prevalence, score histograms against the reference's and a week's metrics against the
 * reference's from them, so it needs no profile file and always compares a window with the profile it was
 * evaluated against. The reference half is computed once.
 */
public final class LabelRatesMapper {

    private final LabelReference reference;
    private final List<LabelRates> referenceOnly;

    /** Rates against the reference labels of the profile the detector evaluates with. */
    public LabelRatesMapper(final LabelReference reference) {
        this.reference = reference;
        this.referenceOnly = referenceRates(reference);
    }

    /**
     * What a window summary carries about its labels beside the reference.
     *
     * @param labels the window's per-label rates with their reference values, in label order
     * @param truth  the reference's own ground-truth metrics, when the profile has them
     */
    public record Rates(List<LabelRates> labels, Optional<GroundTruthSummary> truth) {
    }

    /** The window's rates and the reference's ground-truth metrics. */
    public Rates of(final WindowAggregate window) {
        return new Rates(labelRates(window), reference.referenceTruth());
    }

    /** The window's rates, in label order; none for an empty window. */
    List<LabelRates> labelRates(final WindowAggregate window) {
        if (window.count() == 0) {
            return List.of();
        }
        final List<LabelRates> rates = new ArrayList<>(referenceOnly.size());
        for (int i = 0; i < referenceOnly.size(); i++) {
            final long[] histogram = window.histogram(i);
            rates.add(LabelRates.newBuilder(referenceOnly.get(i))
                    .setPredictedPositiveRate((double) countFrom(histogram, reference.decisionThreshold()) / window.count())
                    .setHighConfidenceRate((double) window.highConfidenceCount(i) / window.count())
                    .setScoreHistogram(Arrays.stream(histogram).boxed().toList())
                    .build());
        }
        return rates;
    }

    private static List<LabelRates> referenceRates(final LabelReference reference) {
        final List<LabelRates> rates = new ArrayList<>();
        for (int i = 0; i < reference.labels().size(); i++) {
            final String label = reference.labels().get(i);
            final double gap = reference.overconfidenceGap().length > i ? reference.overconfidenceGap()[i] : Double.NaN;
            rates.add(LabelRates.newBuilder()
                    .setLabel(label)
                    .setRare(reference.rareLabels().contains(label))
                    .setPredictedPositiveRate(0)
                    .setHighConfidenceRate(0)
                    .setScoreHistogram(List.of())
                    .setReferencePrevalence(reference.prevalence(i))
                    .setReferencePredictedPositiveRate(reference.studies() == 0 ? 0
                            : (double) reference.predictedPositive()[i] / reference.studies())
                    .setReferenceHighConfidenceRate(reference.highConfidenceRate(i))
                    .setReferenceScoreHistogram(shares(reference.histograms()[i]))
                    .setReferenceOverconfidenceGap(Double.isNaN(gap) ? null : gap)
                    .build());
        }
        return List.copyOf(rates);
    }

    /** Studies in the bins whose lower edge is at or above the threshold (bins are equal-width over [0, 1]). */
    private static long countFrom(final long[] histogram, final double threshold) {
        long count = 0;
        for (int b = 0; b < histogram.length; b++) {
            // The bin index of the threshold itself, as the aggregate bins a score: score * bins, truncated.
            if (b >= Math.min(histogram.length - 1, (int) (threshold * histogram.length))) {
                count += histogram[b];
            }
        }
        return count;
    }

    private static List<Double> shares(final long[] histogram) {
        final long total = Arrays.stream(histogram).sum();
        return Arrays.stream(histogram).mapToObj(c -> total == 0 ? 0.0 : (double) c / total).toList();
    }
}
