package io.radshift.report.weekly;

import io.radshift.avro.GroundTruthMetrics;
import io.radshift.avro.LabelMetrics;
import io.radshift.report.chart.Axis;
import io.radshift.report.chart.Chart;
import io.radshift.report.chart.Series;
import io.radshift.report.chart.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Ground-truth metrics of the week where labels arrived, against the reference's own (where the profile kept
 * them): per-label precision, recall, F1, calibration error and over-confidence gap, and the ranking metrics (LRAP,
 * coverage error, ranking loss). They come from the ISO-week window: metrics such as LRAP cannot be pooled from
 * smaller windows.
 *
 * @param week      the week's metrics
 * @param reference the reference's, if known
 * @param rare      rare labels, highlighted
 */
record GroundTruthSection(GroundTruthMetrics week, Optional<GroundTruthMetrics> reference, Set<String> rare) {

    Chart perLabel(final String id) {
        final List<Series> series = new ArrayList<>(List.of(bars("precision", LabelMetrics::getPrecision),
            bars("recall", LabelMetrics::getRecall), bars("F1", LabelMetrics::getF1)));
        reference.ifPresent(r -> series.add(referenceTicks("reference F1", r, LabelMetrics::getF1)));
        return new Chart(id, "Precision, recall and F1 per label (" + week.getLabelledCount() + " labelled studies)",
            Axis.categories("label", "", labels(), rare), Axis.number("metric", "fraction"), series, List.of());
    }

    Chart calibration(final String id) {
        final List<Series> series = new ArrayList<>(List.of(bars("expected calibration error", LabelMetrics::getEce),
            bars("over-confidence gap", LabelMetrics::getOverconfidenceGap)));
        reference.ifPresent(r -> series.add(referenceTicks("reference over-confidence gap", r,
            LabelMetrics::getOverconfidenceGap)));
        return new Chart(id, "Calibration and over-confidence gap per label", Axis.categories("label", "", labels(), rare),
            Axis.number("score minus observed rate", "fraction"), series, List.of());
    }

    Table perLabelTable(final String id) {
        final Map<String, LabelMetrics> byLabel = reference.map(r -> r.getPerLabel().stream()
            .collect(Collectors.toMap(LabelMetrics::getLabel, m -> m))).orElse(Map.of());
        final List<List<String>> rows = new ArrayList<>();
        for (final LabelMetrics m : week.getPerLabel()) {
            final Optional<LabelMetrics> ref = Optional.ofNullable(byLabel.get(m.getLabel()));
            rows.add(List.of(m.getLabel(), rare.contains(m.getLabel()) ? "yes" : "no", Long.toString(m.getSupport()),
                number(m.getPrecision()), of(ref, LabelMetrics::getPrecision), number(m.getRecall()),
                of(ref, LabelMetrics::getRecall), number(m.getF1()), of(ref, LabelMetrics::getF1), number(m.getEce()),
                of(ref, LabelMetrics::getEce), number(m.getOverconfidenceGap()), of(ref, LabelMetrics::getOverconfidenceGap)));
        }
        return new Table(id, "Ground truth per label, against the reference", List.of("label", "rare", "positives",
            "precision", "reference precision", "recall", "reference recall", "F1", "reference F1", "ECE",
            "reference ECE", "over-confidence gap", "reference gap"), rows);
    }

    Table rankingTable(final String id) {
        final List<List<String>> rows = new ArrayList<>();
        rows.add(ranking("this week", week));
        reference.ifPresent(r -> rows.add(ranking("reference", r)));
        return new Table(id, "Ranking metrics", List.of("studies", "labelled studies", "macro F1", "LRAP",
            "coverage error", "ranking loss"), rows);
    }

    private static List<String> ranking(final String name, final GroundTruthMetrics m) {
        return List.of(name, Long.toString(m.getLabelledCount()), number(m.getMacroF1()), number(m.getLrap()),
            number(m.getCoverageError()), number(m.getRankingLoss()));
    }

    private List<String> labels() {
        return week.getPerLabel().stream().map(LabelMetrics::getLabel).toList();
    }

    private Series bars(final String name, final Function<LabelMetrics, Double> value) {
        final List<Series.Point> points = new ArrayList<>();
        for (int i = 0; i < week.getPerLabel().size(); i++) {
            points.add(new Series.Point(i, value.apply(week.getPerLabel().get(i))));
        }
        return Series.of(name, points, Series.Style.BAR);
    }

    /** The reference's value per label of the week, matched by name. */
    private Series referenceTicks(final String name, final GroundTruthMetrics ref,
                                  final Function<LabelMetrics, Double> value) {
        final List<String> labels = labels();
        final List<Series.Point> points = new ArrayList<>();
        ref.getPerLabel().forEach(m -> {
            final int i = labels.indexOf(m.getLabel());
            if (i >= 0) {
                points.add(new Series.Point(i, value.apply(m)));
            }
        });
        return Series.of(name, points, Series.Style.REFERENCE);
    }

    private static String of(final Optional<LabelMetrics> m, final Function<LabelMetrics, Double> value) {
        return m.map(value).map(GroundTruthSection::number).orElse("");
    }

    static String number(final double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "";
    }
}
