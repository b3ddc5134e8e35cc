package io.radshift.report.assess;

import io.radshift.report.chart.Axis;
import io.radshift.report.chart.Chart;
import io.radshift.report.chart.Series;
import io.radshift.report.chart.Table;
import io.radshift.stats.Observation;
import io.radshift.stats.drift.Evaluation;
import io.radshift.stats.profile.LabelReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The predicted label mix of the archive against the reference's: per label, the share of studies predicted
 * positive (score at or above the decision threshold) and with high confidence (score at or above tau), against the
 * reference's predicted-positive share; rare labels highlighted.
 */
final class LabelSection {

    private final LabelReference reference;
    private final Set<String> rare;
    private final double[] predicted;
    private final double[] high;

    LabelSection(final LabelReference reference, final List<Observation> archive) {
        this.reference = reference;
        this.rare = Set.copyOf(reference.rareLabels());
        final int labels = reference.labels().size();
        predicted = new double[labels];
        high = new double[labels];
        for (final Observation o : archive) {
            for (int i = 0; i < labels; i++) {
                predicted[i] += o.scores()[i] >= reference.decisionThreshold() ? 1.0 / archive.size() : 0;
                high[i] += o.scores()[i] >= reference.tau() ? 1.0 / archive.size() : 0;
            }
        }
    }

    Chart chart() {
        final List<Series.Point> archivePredicted = new ArrayList<>();
        final List<Series.Point> archiveHigh = new ArrayList<>();
        final List<Series.Point> referencePredicted = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            archivePredicted.add(new Series.Point(i, predicted[i]));
            archiveHigh.add(new Series.Point(i, high[i]));
            referencePredicted.add(new Series.Point(i, referencePredicted(i)));
        }
        return new Chart("assess-label-mix", "Predicted label mix against the reference",
            Axis.categories("label", "", reference.labels(), rare), Axis.number("share of studies", "fraction"),
            List.of(Series.of(String.format(Locale.ROOT, "predicted positive (score >= %.2f)",
                    reference.decisionThreshold()), archivePredicted, Series.Style.BAR),
                Series.of(String.format(Locale.ROOT, "high confidence (score >= %.2f)", reference.tau()), archiveHigh,
                    Series.Style.BAR),
                Series.of("reference: predicted positive", referencePredicted, Series.Style.REFERENCE)),
            List.of());
    }

    /** The mix as a table, with the windows in which each label's prior or over-confidence test drifted. */
    Table table(final List<Evaluation> evaluations) {
        final List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            final String label = reference.labels().get(i);
            rows.add(List.of(label, rare.contains(label) ? "yes" : "no", number(predicted[i]),
                number(referencePredicted(i)), number(high[i]),
                number((double) reference.highConfidence()[i] / reference.studies()),
                reference.known()[i] == 0 ? "" : number((double) reference.positives()[i] / reference.known()[i]),
                Long.toString(windowsDrifted(evaluations, label))));
        }
        return new Table("assess-label-mix-table", "Predicted label mix", List.of("label", "rare",
            "predicted positive", "reference predicted positive", "high confidence", "reference high confidence",
            "reference prevalence (labels)", "windows with a label test drifting"), rows);
    }

    private double referencePredicted(final int i) {
        return (double) reference.predictedPositive()[i] / reference.studies();
    }

    /** Windows in which any test about this label (prior, rare over-confidence, score histogram) drifted. */
    private static long windowsDrifted(final List<Evaluation> evaluations, final String label) {
        return evaluations.stream().filter(e -> e.drifted().stream().anyMatch(t -> label.equals(t.label()))).count();
    }

    static String number(final double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "";
    }
}
