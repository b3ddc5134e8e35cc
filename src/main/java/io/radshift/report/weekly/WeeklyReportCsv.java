package io.radshift.report.weekly;

import io.radshift.report.chart.ChartCsv;

/**
 * Writes the numbers of a {@link WeeklyReport} as one long CSV table ({@link ChartCsv}): every site's charts and
 * tables, so every number in the HTML can be checked or re-plotted.
 */
public final class WeeklyReportCsv {

    /** The header line. */
    public static final String HEADER = ChartCsv.HEADER;

    private WeeklyReportCsv() {
    }

    /** The CSV text. */
    public static String render(final WeeklyReport report) {
        final StringBuilder out = new StringBuilder(HEADER).append('\n');
        report.sites().forEach(site -> ChartCsv.rows(out, site.site(), site.charts(), site.tables()));
        return out.toString();
    }
}
