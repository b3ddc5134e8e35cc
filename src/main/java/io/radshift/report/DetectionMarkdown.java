package io.radshift.report;

import io.radshift.stats.math.Distributions;
import io.radshift.tools.bench.DetectionBenchmark;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Renders a {@link DetectionBenchmark.Result} as the Markdown tables of BENCHMARKS.md's Detection section. */
public final class DetectionMarkdown {

    private DetectionMarkdown() {
    }

    /** Flag-rate table (one row per condition and n, one column per detector) and the timing table. */
    public static String render(final DetectionBenchmark.Result result, final int[] sizes) {
        final StringBuilder out = new StringBuilder();
        out.append("| condition | role | n | ").append(String.join(" | ", DetectionBenchmark.METHODS)).append(" |\n");
        out.append("|---|---|---:|").append("---:|".repeat(DetectionBenchmark.METHODS.size())).append('\n');
        for (final Map.Entry<String, List<DetectionBenchmark.Cell>> row : rows(result).entrySet()) {
            final DetectionBenchmark.Cell first = row.getValue().get(0);
            out.append("| ").append(first.condition()).append(first.withReplacement() ? " (with replacement)" : "")
                .append(" | ").append(first.role()).append(" | ").append(first.n()).append(" |");
            for (final DetectionBenchmark.Cell cell : row.getValue()) {
                out.append(String.format(Locale.ROOT, " %.3f |", cell.rate()));
            }
            out.append('\n');
        }
        out.append(verdicts(result));
        out.append(meanEffects(result));
        out.append("\nWindows in which each RadShift test drifted materially, on the false-alarm conditions (a window "
            + "can count for several tests):\n\n| condition | n | tests (windows) |\n|---|---:|---|\n");
        result.cells().stream().filter(c -> c.role().equals("false alarm") && !c.driftingTests().isEmpty())
            .forEach(c -> out.append("| ").append(c.condition()).append(" | ").append(c.n()).append(" | ")
                .append(c.driftingTests()).append(" |\n"));
        out.append("\nMedian compute time per window (microseconds, same process, one thread). RadShift's times "
            + "include building the window aggregate from the studies (the aggregation column), which the streaming "
            + "path spends study by study as events arrive; the evaluation at window close is the rest.\n\n");
        out.append("| n | ").append(String.join(" | ", DetectionBenchmark.METHODS)).append(" | ")
            .append(DetectionBenchmark.AGGREGATION).append(" | ").append(DetectionBenchmark.EVALUATION)
            .append(" | MMD test / RadShift (all tests) | MMD test / "
                + "RadShift evaluation at window close |\n");
        out.append("|---:|").append("---:|".repeat(DetectionBenchmark.METHODS.size() + 4)).append('\n');
        for (final int n : sizes) {
            out.append("| ").append(n).append(" |");
            for (final String method : DetectionBenchmark.METHODS) {
                out.append(String.format(Locale.ROOT, " %.1f |", DetectionBenchmark.medianMicros(result, method, n)));
            }
            final double aggregation = DetectionBenchmark.medianMicros(result, DetectionBenchmark.AGGREGATION, n);
            final double radshift = DetectionBenchmark.medianMicros(result, DetectionBenchmark.METHODS.get(0), n);
            final double evaluation = DetectionBenchmark.medianMicros(result, DetectionBenchmark.EVALUATION, n);
            final double mmd = DetectionBenchmark.medianMicros(result, DetectionBenchmark.METHODS.get(3), n);
            out.append(String.format(Locale.ROOT, " %.1f | %.1f | %.0fx | %.0fx |%n", aggregation, evaluation,
                mmd / radshift, mmd / evaluation));
        }
        return out.toString();
    }

    /**
     * RadShift's full verdict per condition and n: material drift (the verdict) against merely significant (the
     * verdict before tolerances), with the largest severity of the material windows.
     */
    private static String verdicts(final DetectionBenchmark.Result result) {
        final StringBuilder out = new StringBuilder("\nRadShift's full verdict: windows with a material drift "
            + "(significant after correction and beyond the effect tolerance) against windows with a merely "
            + "significant test (the verdict before tolerances), and the largest severity of the material ones:\n\n"
            + "| condition | role | n | material drift | significant | material, warning | material, critical |\n"
            + "|---|---|---:|---:|---:|---:|---:|\n");
        final List<String> conditions = result.verdicts().stream().map(DetectionBenchmark.Verdicts::condition)
            .distinct().toList();
        result.verdicts().stream()
            .sorted(Comparator.comparingInt((DetectionBenchmark.Verdicts v) -> conditions.indexOf(v.condition()))
                .thenComparingInt(DetectionBenchmark.Verdicts::n))
            .forEach(v -> out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.3f | %.3f |%n",
                v.condition(), v.role(), v.n(), v.materialRate(), v.significantRate(),
                (double) v.warning() / v.windows(), (double) v.critical() / v.windows())));
        return out.toString();
    }

    /**
     * Mean effect size of the tests whose effect measures the same thing at every window size: flat in n when
     * the effects are unbiased, and near 0 on the false-alarm conditions.
     */
    private static String meanEffects(final DetectionBenchmark.Result result) {
        final List<String> tests = List.of("centroid-euclidean", "centroid-cosine", "mmd2-rff", "score-chi2",
            "metadata-chi2");
        final StringBuilder out = new StringBuilder("\nMean debiased effect size per window (over windows, and over "
            + "labels for score-chi2 and metadata-chi2; empty where the test did not run): squared centroid shift "
            + "over the total variance, cosine distance, MMD², PSI. Unbiased effects stay flat as n falls.\n\n"
            + "| condition | n | " + String.join(" | ", tests) + " |\n|---|---:|" + "---:|".repeat(tests.size())
            + "\n");
        final List<String> conditions = result.verdicts().stream().map(DetectionBenchmark.Verdicts::condition)
            .distinct().toList();
        result.verdicts().stream()
            .sorted(Comparator.comparingInt((DetectionBenchmark.Verdicts v) -> conditions.indexOf(v.condition()))
                .thenComparingInt(DetectionBenchmark.Verdicts::n))
            .forEach(v -> {
                out.append("| ").append(v.condition()).append(" | ").append(v.n()).append(" |");
                for (final String test : tests) {
                    final Double mean = v.meanEffects().get(test);
                    out.append(mean == null ? " |" : String.format(Locale.ROOT, " %+.4f |", mean));
                }
                out.append('\n');
            });
        return out.toString();
    }

    /**
     * The false-alarm goal: the full verdict's rate on the first false-alarm condition (same-hospital windows) at
     * each n against alpha, with a 95% Wilson upper bound.
     */
    public static String falseAlarmGoal(final DetectionBenchmark.Result result, final double alpha) {
        final StringBuilder out = new StringBuilder();
        firstNull(result).ifPresent(condition -> {
            out.append(String.format(Locale.ROOT, "False alarms of the full verdict on %s (goal: at most alpha = "
                + "%.2f at every n):%n%n| n | windows | false alarms | rate | 95%% upper bound | goal |%n"
                + "|---:|---:|---:|---:|---:|---|%n", condition, alpha));
            result.verdicts().stream().filter(v -> v.condition().equals(condition)).forEach(v -> out.append(
                String.format(Locale.ROOT, "| %d | %d | %d | %.3f | %.3f | %s |%n", v.n(), v.windows(), v.material(),
                    v.materialRate(), Distributions.wilsonInterval(v.material(), v.windows(), 0.05)[1],
                    v.materialRate() <= alpha ? "met" : "not met")));
        });
        return out.toString();
    }

    /**
     * The closing {@code BENCH detection ...} line: the full verdict's false-alarm rate at each n on the first
     * false-alarm condition, and its smallest power over the power conditions at n >= 50.
     */
    public static String benchLine(final DetectionBenchmark.Result result, final double alpha) {
        final StringBuilder line = new StringBuilder("BENCH detection");
        firstNull(result).ifPresent(condition -> result.verdicts().stream()
            .filter(v -> v.condition().equals(condition))
            .forEach(v -> line.append(String.format(Locale.ROOT, " far_n%d=%.3f", v.n(), v.materialRate()))));
        result.verdicts().stream().filter(v -> v.role().equals("power") && v.n() >= 50)
            .mapToDouble(DetectionBenchmark.Verdicts::materialRate).min()
            .ifPresent(power -> line.append(String.format(Locale.ROOT, " min_power_n50plus=%.3f", power)));
        return line.append(String.format(Locale.ROOT, " alpha=%.2f", alpha)).toString();
    }

    private static Optional<String> firstNull(final DetectionBenchmark.Result result) {
        return result.verdicts().stream().filter(v -> v.role().equals("false alarm"))
            .map(DetectionBenchmark.Verdicts::condition).findFirst();
    }

    /** Cells grouped per (condition, n), conditions in run order, then by n. */
    private static Map<String, List<DetectionBenchmark.Cell>> rows(final DetectionBenchmark.Result result) {
        final List<String> conditions = result.cells().stream().map(DetectionBenchmark.Cell::condition).distinct()
            .toList();
        final List<DetectionBenchmark.Cell> sorted = new ArrayList<>(result.cells());
        sorted.sort(Comparator.comparingInt((DetectionBenchmark.Cell c) -> conditions.indexOf(c.condition()))
            .thenComparingInt(DetectionBenchmark.Cell::n));
        final Map<String, List<DetectionBenchmark.Cell>> rows = new LinkedHashMap<>();
        for (final DetectionBenchmark.Cell cell : sorted) {
            rows.computeIfAbsent(cell.condition() + "\u0000" + cell.n(), k -> new ArrayList<>()).add(cell);
        }
        return rows;
    }
}
