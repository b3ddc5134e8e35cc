package io.radshift.report.assess;

import io.radshift.report.chart.Axis;
import io.radshift.report.chart.Chart;
import io.radshift.report.chart.Series;
import io.radshift.stats.Observation;
import io.radshift.stats.drift.Evaluation;
import io.radshift.stats.drift.TestOutcome;
import io.radshift.stats.profile.EmbeddingMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Where the archive lies in embedding space: each whole-embedding test's statistic per window against its
 * n-calibrated threshold, and the embedding map (the reference's sample and the archive's studies on the
 * reference's first two principal axes, both means marked).
 */
final class EmbeddingSection {

    /** Most archive studies drawn on the map; a larger archive is shown as a seeded sample of this many. */
    static final int MAX_MAP_POINTS = 2000;

    private EmbeddingSection() {
    }

    /** One chart per whole-embedding test with a threshold, in the order the tests first appear. */
    static List<Chart> distanceCharts(final List<Evaluation> evaluations) {
        final Set<String> tests = new LinkedHashSet<>();
        evaluations.forEach(e -> e.tests().stream().filter(t -> t.label() == null && t.threshold() != null)
            .forEach(t -> tests.add(t.test())));
        final List<String> windows = new ArrayList<>();
        for (int w = 0; w < evaluations.size(); w++) {
            windows.add(Integer.toString(w + 1));
        }
        final List<Chart> charts = new ArrayList<>();
        for (final String test : tests) {
            final List<Series.Point> statistic = new ArrayList<>();
            final List<Series.Point> threshold = new ArrayList<>();
            final List<Series.Point> drifted = new ArrayList<>();
            for (int w = 0; w < evaluations.size(); w++) {
                final int x = w;
                outcome(evaluations.get(w), test).ifPresent(t -> {
                    statistic.add(new Series.Point(x, t.statistic()));
                    threshold.add(new Series.Point(x, t.threshold()));
                    if (t.drift()) {
                        drifted.add(new Series.Point(x, t.statistic()));
                    }
                });
            }
            charts.add(new Chart("assess-distance-" + test, "Embedding distance to the reference: " + test
                    + " per window", Axis.categories("window", "consecutive studies", windows, Set.of()),
                Axis.number("statistic", unitOf(test)),
                series(statistic, threshold, drifted), List.of()));
        }
        return charts;
    }

    /** The statistic, its threshold, and a mark on each window with material drift (no legend entry if none). */
    private static List<Series> series(final List<Series.Point> statistic, final List<Series.Point> threshold,
                                       final List<Series.Point> drifted) {
        final List<Series> series = new ArrayList<>(List.of(Series.of("this archive", statistic, Series.Style.LINE),
            Series.of("calibrated threshold (n-calibrated null, level alpha)", threshold, Series.Style.LIMIT)));
        if (!drifted.isEmpty()) {
            series.add(new Series("window with material drift", drifted, Series.Style.POINT, true));
        }
        return series;
    }

    private static Optional<TestOutcome> outcome(final Evaluation e, final String test) {
        return e.tests().stream().filter(t -> t.test().equals(test) && t.label() == null).findFirst();
    }

    private static String unitOf(final String test) {
        if (test.contains("cosine")) {
            return "1 - cosine of the mean embeddings";
        }
        return test.startsWith("mmd") ? "squared MMD, RBF kernel" : "squared distance of the mean embeddings";
    }

    /** The embedding map: reference sample, the archive (sampled above {@value #MAX_MAP_POINTS}), both means. */
    static Chart map(final EmbeddingMap map, final List<Observation> archive, final long seed) {
        final List<Series.Point> reference = new ArrayList<>();
        for (final double[] p : map.points()) {
            reference.add(new Series.Point(p[0], p[1]));
        }
        final List<Series.Point> site = new ArrayList<>();
        final double[] mean = new double[2];
        for (final Observation o : archive) {
            final double[] p = map.project(o.embedding());
            site.add(new Series.Point(p[0], p[1]));
            mean[0] += p[0] / archive.size();
            mean[1] += p[1] / archive.size();
        }
        final List<Series.Point> shown = sample(site, seed);
        final String archiveName = shown.size() < site.size()
            ? String.format(Locale.ROOT, "this archive (sample of %,d of %,d studies)", shown.size(), site.size())
            : String.format(Locale.ROOT, "this archive (%,d studies)", site.size());
        final List<Series> series = List.of(
            Series.of(String.format(Locale.ROOT, "reference (sample of %d studies)", reference.size()), reference,
                Series.Style.POINT),
            Series.of(archiveName, shown, Series.Style.POINT),
            new Series("reference mean", List.of(new Series.Point(0, 0)), Series.Style.POINT, true),
            new Series("archive mean", List.of(new Series.Point(mean[0], mean[1])), Series.Style.POINT, true));
        return new Chart("assess-embedding-map", "Embedding map: the archive on the principal axes of the reference",
            padded(axis(map, 0), series, 0), padded(axis(map, 1), series, 1), series, List.of());
    }

    private static Axis axis(final EmbeddingMap map, final int a) {
        return Axis.number(String.format(Locale.ROOT, "reference principal axis %d (%.0f%% of its variance)", a + 1,
            100 * map.explained(a)), "embedding units");
    }

    /** The axis over the points' range with 4 % room on each side, so that no dot is cut at the frame. */
    private static Axis padded(final Axis axis, final List<Series> series, final int coordinate) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (final Series s : series) {
            for (final Series.Point p : s.points()) {
                final double v = coordinate == 0 ? p.x() : p.y();
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        final double room = 0.04 * Math.max(max - min, 1e-9);
        return new Axis(axis.title(), axis.unit(), Axis.Kind.NUMBER, List.of(), Set.of(), min - room, max + room);
    }

    private static List<Series.Point> sample(final List<Series.Point> points, final long seed) {
        if (points.size() <= MAX_MAP_POINTS) {
            return points;
        }
        final List<Series.Point> shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, new Random(seed));
        return shuffled.subList(0, MAX_MAP_POINTS);
    }
}
