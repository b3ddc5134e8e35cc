package io.radshift.report.assess;

import io.radshift.report.chart.Axis;
import io.radshift.report.chart.Chart;
import io.radshift.report.chart.Series;
import io.radshift.report.chart.Table;
import io.radshift.stats.Observation;
import io.radshift.stats.drift.RecallFalls;
import io.radshift.stats.metrics.GroundTruthAccumulator;
import io.radshift.stats.metrics.GroundTruthSummary;
import io.radshift.stats.metrics.LabelMetricsValue;
import io.radshift.stats.profile.LabelReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Ground truth of the archive where its labels were given: per-label precision, recall, F1, calibration error and
 * over-confidence gap, and the ranking metrics, against the reference's own (where the profile kept them). A
 * label's recall "falls" when a one-sided Fisher exact test of its detected positives against the reference's is
 * significant after Holm's correction across the labels tested ({@link RecallFalls}); falls are marked on the chart
 * and in the table, rare labels highlighted.
 */
final class TruthSection {

    /** Calibration bins of the expected calibration error, as in the streaming windows. */
    private static final int CALIBRATION_BINS = 10;

    private final GroundTruthSummary archive;
    private final Optional<GroundTruthSummary> reference;
    private final Set<String> rare;
    private final List<RecallFalls.LabelRecall> recalls;
    private final double alpha;

    private TruthSection(final GroundTruthSummary archive, final Optional<GroundTruthSummary> reference,
                         final Set<String> rare, final double alpha) {
        this.archive = archive;
        this.reference = reference;
        this.rare = rare;
        this.alpha = alpha;
        this.recalls = reference.map(r -> RecallFalls.compare(archive, r, rare, alpha)).orElse(List.of());
    }

    /** The section, empty when no study of the archive came with labels. */
    static Optional<TruthSection> of(final LabelReference labels, final List<Observation> archive, final double alpha) {
        final GroundTruthAccumulator truth = new GroundTruthAccumulator(labels.labels(), labels.decisionThreshold(),
            CALIBRATION_BINS);
        archive.stream().filter(Observation::hasTruth).forEach(o -> truth.add(o.scores(), o.positives(), o.known()));
        if (truth.labelledCount() == 0) {
            return Optional.empty();
        }
        return Optional.of(new TruthSection(truth.summary(), labels.referenceTruth(), Set.copyOf(labels.rareLabels()),
            alpha));
    }

    boolean hasReference() {
        return reference.isPresent();
    }

    long labelledCount() {
        return archive.labelledCount();
    }

    /** Rare labels whose recall fell below the reference's. */
    List<String> rareFalls() {
        return recalls.stream().filter(r -> r.rare() && r.falls()).map(RecallFalls.LabelRecall::label).toList();
    }

    /** Labels whose recall could be compared (positives on both sides). */
    long tested() {
        return recalls.stream().filter(RecallFalls.LabelRecall::tested).count();
    }

    Chart chart() {
        final List<Series> series = new ArrayList<>(List.of(bars("precision", LabelMetricsValue::precision),
            bars("recall", m -> m.support() == 0 ? Double.NaN : m.recall()),
            bars("F1", m -> m.support() == 0 ? Double.NaN : m.f1())));
        reference.ifPresent(r -> {
            series.add(Series.of("reference recall", ticks(r), Series.Style.REFERENCE));
            final List<Series.Point> falls = new ArrayList<>();
            for (int i = 0; i < recalls.size(); i++) {
                if (recalls.get(i).falls()) {
                    falls.add(new Series.Point(i, recalls.get(i).recall()));
                }
            }
            series.add(new Series(String.format(Locale.ROOT, "recall falls below the reference's (one-sided Fisher "
                + "exact, Holm, alpha %s)", alpha), falls, Series.Style.POINT, true));
        });
        return new Chart("assess-ground-truth", String.format(Locale.ROOT,
                "Precision, recall and F1 per label (%,d labelled studies)", archive.labelledCount()),
            Axis.categories("label", "", labels(), rare), Axis.number("metric", "fraction"), series, List.of());
    }

    Table perLabelTable() {
        final Map<String, LabelMetricsValue> ref = reference.map(r -> r.perLabel().stream()
            .collect(Collectors.toMap(LabelMetricsValue::label, Function.identity()))).orElse(Map.of());
        final List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < archive.perLabel().size(); i++) {
            final LabelMetricsValue m = archive.perLabel().get(i);
            final Optional<LabelMetricsValue> r = Optional.ofNullable(ref.get(m.label()));
            final Optional<RecallFalls.LabelRecall> recall = i < recalls.size() ? Optional.of(recalls.get(i))
                : Optional.empty();
            rows.add(List.of(m.label(), rare.contains(m.label()) ? "yes" : "no", Long.toString(m.support()),
                LabelSection.number(m.recall()), r.map(v -> Long.toString(v.support())).orElse(""),
                r.map(v -> LabelSection.number(v.recall())).orElse(""),
                recall.filter(RecallFalls.LabelRecall::tested).map(v -> p(v.pValue())).orElse(""),
                recall.filter(RecallFalls.LabelRecall::tested).map(v -> p(v.adjustedPValue())).orElse(""),
                fallText(recall), LabelSection.number(m.precision()),
                r.map(v -> LabelSection.number(v.precision())).orElse(""), LabelSection.number(m.f1()),
                r.map(v -> LabelSection.number(v.f1())).orElse(""), LabelSection.number(m.ece()),
                r.map(v -> LabelSection.number(v.ece())).orElse(""), LabelSection.number(m.overconfidenceGap())));
        }
        return new Table("assess-ground-truth-table", "Ground truth per label, against the reference",
            List.of("label", "rare", "positives", "recall", "reference positives", "reference recall",
                "one-sided p (recall lower)", "Holm p", "recall falls (not tested: no positives on a side)", "precision", "reference precision", "F1",
                "reference F1", "ECE", "reference ECE", "over-confidence gap"), rows);
    }

    private static String fallText(final Optional<RecallFalls.LabelRecall> recall) {
        if (recall.isEmpty() || !recall.get().tested()) {
            return "not tested";
        }
        return recall.get().falls() ? (recall.get().rare() ? "YES (rare label)" : "yes") : "no";
    }

    Table rankingTable() {
        final List<List<String>> rows = new ArrayList<>();
        rows.add(ranking("this archive", archive));
        reference.ifPresent(r -> rows.add(ranking("reference", r)));
        return new Table("assess-ranking", "Ranking metrics", List.of("studies", "labelled studies", "macro F1",
            "LRAP", "coverage error", "ranking loss"), rows);
    }

    private static List<String> ranking(final String name, final GroundTruthSummary m) {
        return List.of(name, Long.toString(m.labelledCount()), LabelSection.number(m.macroF1()),
            LabelSection.number(m.lrap()), LabelSection.number(m.coverageError()),
            LabelSection.number(m.rankingLoss()));
    }

    private List<String> labels() {
        return archive.perLabel().stream().map(LabelMetricsValue::label).toList();
    }

    private Series bars(final String name, final Function<LabelMetricsValue, Double> value) {
        final List<Series.Point> points = new ArrayList<>();
        for (int i = 0; i < archive.perLabel().size(); i++) {
            points.add(new Series.Point(i, value.apply(archive.perLabel().get(i))));
        }
        return Series.of(name, points, Series.Style.BAR);
    }

    /** The reference's recall per label of the archive, where the reference had positives of it. */
    private List<Series.Point> ticks(final GroundTruthSummary ref) {
        final List<String> labels = labels();
        final List<Series.Point> points = new ArrayList<>();
        ref.perLabel().forEach(m -> {
            final int i = labels.indexOf(m.label());
            if (i >= 0 && m.support() > 0) {
                points.add(new Series.Point(i, m.recall()));
            }
        });
        return points;
    }

    private static String p(final double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
