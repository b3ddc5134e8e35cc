package io.radshift.report.chart;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The numbers of a report page as one long CSV table: one row per chart point (x as an ISO time on time axes, the
 * category name on category axes) and one row per table cell, so every number in the HTML can be checked or
 * re-plotted. Columns: {@code site,element,id,series,x,value}; element is {@code chart} or {@code table} (series =
 * row number, x = column name).
 */
public final class ChartCsv {

    /** The header line. */
    public static final String HEADER = "site,element,id,series,x,value";

    private ChartCsv() {
    }

    /** Appends the rows of one site's charts and tables. */
    public static void rows(final StringBuilder out, final String site, final List<Chart> charts,
                            final List<Table> tables) {
        for (final Chart chart : charts) {
            for (final Series series : chart.series()) {
                for (final Series.Point p : series.points()) {
                    row(out, site, "chart", chart.id(), series.name(), x(chart.x(), p.x()),
                        String.format(Locale.ROOT, "%.6g", p.y()));
                }
            }
        }
        for (final Table table : tables) {
            for (int r = 0; r < table.rows().size(); r++) {
                for (int c = 0; c < table.columns().size(); c++) {
                    row(out, site, "table", table.id(), Integer.toString(r + 1), table.columns().get(c),
                        table.rows().get(r).get(c));
                }
            }
        }
    }

    private static String x(final Axis axis, final double x) {
        return switch (axis.kind()) {
            case TIME -> Instant.ofEpochMilli((long) x).toString();
            case CATEGORY -> axis.categories().get((int) x);
            default -> String.format(Locale.ROOT, "%.6g", x);
        };
    }

    private static void row(final StringBuilder out, final String... cells) {
        out.append(String.join(",", List.of(cells).stream().map(ChartCsv::quote).toList())).append('\n');
    }

    /** RFC 4180 quoting where needed; a leading formula character is defused for spreadsheets. */
    public static String quote(final String cell) {
        final String safe = !cell.isEmpty() && "=+@".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
        return safe.matches(".*[,\"\\n\\r].*") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
