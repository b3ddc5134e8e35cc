package io.radshift.report.weekly;

import io.radshift.avro.LabelRates;
import io.radshift.report.chart.Axis;
import io.radshift.report.chart.Chart;
import io.radshift.report.chart.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the model said per label in the week beside the reference: predicted-positive and high-confidence rates
 * against reference prevalence (rare labels highlighted), and the score histogram of every rare label against the
 * reference's (where over-confidence on a rare finding shows first).
 */
final class LabelCharts {

    private LabelCharts() {
    }

    /** Labels rare in the reference. */
    static Set<String> rare(final List<LabelRates> rates) {
        return rates.stream().filter(LabelRates::getRare).map(LabelRates::getLabel).collect(Collectors.toSet());
    }

    static Chart rates(final String id, final List<LabelRates> rates, final String source) {
        final List<String> labels = rates.stream().map(LabelRates::getLabel).toList();
        final List<Series.Point> predicted = new ArrayList<>();
        final List<Series.Point> high = new ArrayList<>();
        final List<Series.Point> prevalence = new ArrayList<>();
        for (int i = 0; i < rates.size(); i++) {
            predicted.add(new Series.Point(i, rates.get(i).getPredictedPositiveRate()));
            high.add(new Series.Point(i, rates.get(i).getHighConfidenceRate()));
            prevalence.add(new Series.Point(i, rates.get(i).getReferencePrevalence()));
        }
        return new Chart(id, "Predicted-positive rate against reference prevalence (" + source + ")",
            Axis.categories("label", "", labels, rare(rates)),
            Axis.number("share of studies", "fraction"),
            List.of(Series.of("predicted positive (score >= decision threshold)", predicted, Series.Style.BAR),
                Series.of("high confidence (score >= tau)", high, Series.Style.BAR),
                Series.of("reference prevalence", prevalence, Series.Style.REFERENCE)),
            List.of());
    }

    /** The score histogram of one (rare) label: the week's shares per bin against the reference's. */
    static Chart histogram(final String id, final LabelRates rates, final String source) {
        final List<Long> counts = rates.getScoreHistogram();
        final long total = counts.stream().mapToLong(Long::longValue).sum();
        final int bins = counts.size();
        final List<String> names = new ArrayList<>();
        final List<Series.Point> week = new ArrayList<>();
        final List<Series.Point> reference = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            names.add(String.format(Locale.ROOT, "%.1f-%.1f", (double) b / bins, (double) (b + 1) / bins));
            week.add(new Series.Point(b, total == 0 ? 0 : (double) counts.get(b) / total));
            if (b < rates.getReferenceScoreHistogram().size()) {
                reference.add(new Series.Point(b, rates.getReferenceScoreHistogram().get(b)));
            }
        }
        return new Chart(id, "Score histogram of " + rates.getLabel() + (rates.getRare() ? " (rare)" : "")
                + " against the reference (" + source + ")",
            Axis.categories("score bin", "model score, 0-1", names, Set.of()),
            Axis.number("share of studies", "fraction"),
            List.of(new Series("this week (" + total + " studies)", week, Series.Style.BAR, rates.getRare()),
                Series.of("reference", reference, Series.Style.REFERENCE)),
            List.of());
    }
}
