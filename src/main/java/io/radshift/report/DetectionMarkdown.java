package io.radshift.report;

import io.radshift.tools.bench.DetectionBenchmark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        out.append("\nWindows in which each RadShift test fired, on the false-alarm conditions (a window can count "
            + "for several tests):\n\n| condition | n | tests (windows) |\n|---|---:|---|\n");
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
