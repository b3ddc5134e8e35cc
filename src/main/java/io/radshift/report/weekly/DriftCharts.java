package io.radshift.report.weekly;

import io.radshift.avro.TestResult;
import io.radshift.avro.WindowSummary;
import io.radshift.report.chart.Axis;
import io.radshift.report.chart.Band;
import io.radshift.report.chart.Chart;
import io.radshift.report.chart.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Each drift test of the alerting windows over the week, two charts per test: its statistic against its
 * calibrated threshold, and its debiased effect against its tolerance (a test is material drift only beyond both).
 * A whole-site test is drawn as it is, with its threshold and tolerance as dashed lines (they move with the
 * window's size); a test run per label, feature or field is drawn as ratios, statistic / threshold and effect /
 * tolerance, one line per label with the limit at 1, rare labels heavier. Open incidents shade the time axis.
 */
final class DriftCharts {

    private final String site;
    private final Axis time;
    private final List<Band> bands;
    private final Set<String> rare;

    DriftCharts(final String site, final Axis time, final List<Band> bands, final Set<String> rare) {
        this.site = site;
        this.time = time;
        this.bands = List.copyOf(bands);
        this.rare = Set.copyOf(rare);
    }

    /** Both charts of every test that ran in the windows, in the order tests first appear. */
    List<Chart> charts(final List<WindowSummary> windows) {
        final Map<String, Set<String>> labelsByTest = new LinkedHashMap<>();
        windows.forEach(w -> w.getTests().forEach(t ->
            labelsByTest.computeIfAbsent(t.getTest(), k -> new LinkedHashSet<>()).add(Objects.toString(t.getLabel(), ""))));
        final List<Chart> charts = new ArrayList<>();
        labelsByTest.forEach((test, labels) -> {
            final boolean whole = labels.size() == 1;
            statisticChart(test, labels, whole, windows).ifPresent(charts::add);
            charts.add(effectChart(test, labels, whole, windows));
        });
        return charts;
    }

    private Optional<Chart> statisticChart(final String test, final Set<String> labels, final boolean whole,
                                                     final List<WindowSummary> windows) {
        if (windows.stream().flatMap(w -> w.getTests().stream())
                .noneMatch(t -> t.getTest().equals(test) && t.getThreshold() != null)) {
            return Optional.empty();
        }
        final List<Series> series = new ArrayList<>();
        if (whole) {
            series.add(Series.of("statistic", points(windows, test, null, TestResult::getStatistic), Series.Style.LINE));
            series.add(Series.of("calibrated threshold", points(windows, test, null, TestResult::getThreshold),
                Series.Style.LIMIT));
        } else {
            labels.forEach(l -> series.add(labelSeries(l, points(windows, test, l, t -> ratio(t.getStatistic(),
                t.getThreshold())))));
            series.add(limit(windows, "threshold (ratio 1)"));
        }
        return Optional.of(new Chart(id("stat", test), test + ": statistic against threshold", time,
            Axis.number(whole ? "statistic" : "statistic / threshold", whole ? unitOf(test) : "ratio"),
            series, bands));
    }

    private Chart effectChart(final String test, final Set<String> labels, final boolean whole,
                              final List<WindowSummary> windows) {
        final List<Series> series = new ArrayList<>();
        final String unit = effectName(windows, test);
        if (whole) {
            series.add(Series.of("effect (" + unit + ")", points(windows, test, null, TestResult::getEffectSize),
                Series.Style.LINE));
            series.add(Series.of("tolerance", points(windows, test, null, TestResult::getEffectTolerance),
                Series.Style.LIMIT));
        } else {
            labels.forEach(l -> series.add(labelSeries(l, points(windows, test, l, t -> ratio(t.getEffectSize(),
                t.getEffectTolerance())))));
            series.add(limit(windows, "tolerance (ratio 1)"));
        }
        return new Chart(id("effect", test), test + ": effect against tolerance", time,
            Axis.number(whole ? "effect" : "effect / tolerance", whole ? unit : "ratio"), series, bands);
    }

    private Series labelSeries(final String label, final List<Series.Point> points) {
        final boolean isRare = rare.contains(label);
        return new Series(isRare ? label + " (rare)" : label, points, Series.Style.LINE, isRare);
    }

    private Series limit(final List<WindowSummary> windows, final String name) {
        final List<Series.Point> points = List.of(new Series.Point(time.min(), 1), new Series.Point(time.max(), 1));
        return Series.of(name, windows.isEmpty() ? List.of() : points, Series.Style.LIMIT);
    }

    private static List<Series.Point> points(final List<WindowSummary> windows, final String test, final String label,
                                             final Function<TestResult, Double> value) {
        final List<Series.Point> points = new ArrayList<>();
        for (final WindowSummary w : windows) {
            w.getTests().stream()
                .filter(t -> t.getTest().equals(test) && (label == null || label.equals(Objects.toString(t.getLabel(), ""))))
                .findFirst().map(value).ifPresent(v -> points.add(new Series.Point(w.getWindowEnd().toEpochMilli(), v)));
        }
        return points;
    }

    private static Double ratio(final double value, final Double limit) {
        return limit == null || limit == 0 ? null : value / limit;
    }

    private static String effectName(final List<WindowSummary> windows, final String test) {
        return windows.stream().flatMap(w -> w.getTests().stream()).filter(t -> t.getTest().equals(test))
            .map(TestResult::getEffectSizeName).findFirst().orElse("effect");
    }

    /** The unit of a whole-site test's statistic: the embedding tests measure distances, the others are counts. */
    private static String unitOf(final String test) {
        return test.startsWith("centroid") || test.startsWith("mmd") ? "distance in embedding space" : "test statistic";
    }

    private String id(final String what, final String test) {
        return "site-" + site.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + what + "-" + test.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
