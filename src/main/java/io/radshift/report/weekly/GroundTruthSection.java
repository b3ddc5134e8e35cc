package io.radshift.report.weekly;

import io.radshift.avro.GroundTruthMetrics;
import io.radshift.avro.LabelMetrics;
import io.radshift.avro.LabelRates;
import io.radshift.report.chart.Axis;
import io.radshift.report.chart.Chart;
import io.radshift.report.chart.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Ground-truth metrics of the week where labels arrived: per-label precision, recall, F1, calibration error and
 * over-confidence gap (against the reference's gap), and the ranking metrics (LRAP, coverage error, ranking loss).
 * They come from the ISO-week window: metrics such as LRAP cannot be pooled from smaller windows.
 */
final class GroundTruthSection {

    private GroundTruthSection() {
    }

    static Chart perLabel(final String id, final GroundTruthMetrics truth, final Set<String> rare) {
        final List<String> labels = truth.getPerLabel().stream().map(LabelMetrics::getLabel).toList();
        return new Chart(id, "Precision, recall and F1 per label (" + truth.getLabelledCount() + " labelled studies)",
            Axis.categories("label", "", labels, rare), Axis.number("metric", "fraction"),
            List.of(series("precision", truth, LabelMetrics::getPrecision), series("recall", truth, LabelMetrics::getRecall),
                series("F1", truth, LabelMetrics::getF1)), List.of());
    }

    static Chart calibration(final String id, final GroundTruthMetrics truth, final List<LabelRates> rates,
                             final Set<String> rare) {
        final Map<String, LabelRates> byLabel = rates.stream().collect(Collectors.toMap(LabelRates::getLabel, r -> r));
        final List<Series.Point> reference = new ArrayList<>();
        for (int i = 0; i < truth.getPerLabel().size(); i++) {
            final LabelRates r = byLabel.get(truth.getPerLabel().get(i).getLabel());
            if (r != null && r.getReferenceOverconfidenceGap() != null) {
                reference.add(new Series.Point(i, r.getReferenceOverconfidenceGap()));
            }
        }
        return new Chart(id, "Calibration and over-confidence gap per label",
            Axis.categories("label", "", truth.getPerLabel().stream().map(LabelMetrics::getLabel).toList(), rare),
            Axis.number("score minus observed rate", "fraction"),
            List.of(series("expected calibration error", truth, LabelMetrics::getEce),
                series("over-confidence gap", truth, LabelMetrics::getOverconfidenceGap),
                Series.of("reference over-confidence gap", reference, Series.Style.REFERENCE)), List.of());
    }

    private static Series series(final String name, final GroundTruthMetrics truth,
                                 final Function<LabelMetrics, Double> value) {
        final List<Series.Point> points = new ArrayList<>();
        for (int i = 0; i < truth.getPerLabel().size(); i++) {
            points.add(new Series.Point(i, value.apply(truth.getPerLabel().get(i))));
        }
        return Series.of(name, points, Series.Style.BAR);
    }

    static Table perLabelTable(final String id, final GroundTruthMetrics truth, final List<LabelRates> rates) {
        final Map<String, LabelRates> byLabel = rates.stream().collect(Collectors.toMap(LabelRates::getLabel, r -> r));
        final List<List<String>> rows = new ArrayList<>();
        for (final LabelMetrics m : truth.getPerLabel()) {
            final LabelRates r = byLabel.get(m.getLabel());
            final Double referenceGap = r == null ? null : r.getReferenceOverconfidenceGap();
            rows.add(List.of(m.getLabel(), r != null && r.getRare() ? "yes" : "no", Long.toString(m.getSupport()),
                number(m.getPrecision()), number(m.getRecall()), number(m.getF1()), number(m.getEce()),
                number(m.getOverconfidenceGap()), referenceGap == null ? "" : number(referenceGap),
                referenceGap == null ? "" : number(m.getOverconfidenceGap() - referenceGap)));
        }
        return new Table(id, "Ground truth per label", List.of("label", "rare", "positives", "precision", "recall", "F1",
            "ECE", "over-confidence gap", "reference gap", "gap growth"), rows);
    }

    static Table rankingTable(final String id, final GroundTruthMetrics truth) {
        return new Table(id, "Ranking metrics", List.of("labelled studies", "macro F1", "LRAP", "coverage error",
            "ranking loss"), List.of(List.of(Long.toString(truth.getLabelledCount()), number(truth.getMacroF1()),
                number(truth.getLrap()), number(truth.getCoverageError()), number(truth.getRankingLoss()))));
    }

    static String number(final double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "";
    }
}
