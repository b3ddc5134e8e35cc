package io.radshift.bench;

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
        out.append("\nMedian compute time per window (microseconds, same process, one thread):\n\n");
        out.append("| n | ").append(String.join(" | ", DetectionBenchmark.METHODS))
            .append(" | MMD test / RadShift (all tests) |\n");
        out.append("|---:|").append("---:|".repeat(DetectionBenchmark.METHODS.size() + 1)).append('\n');
        for (final int n : sizes) {
            out.append("| ").append(n).append(" |");
            for (final String method : DetectionBenchmark.METHODS) {
                out.append(String.format(Locale.ROOT, " %.1f |", DetectionBenchmark.medianMicros(result, method, n)));
            }
            final double ratio = DetectionBenchmark.medianMicros(result, DetectionBenchmark.METHODS.get(3), n)
                / DetectionBenchmark.medianMicros(result, DetectionBenchmark.METHODS.get(0), n);
            out.append(String.format(Locale.ROOT, " %.0fx |", ratio)).append('\n');
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
