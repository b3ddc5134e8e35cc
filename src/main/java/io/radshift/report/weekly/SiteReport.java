package io.radshift.report.weekly;

import io.radshift.report.chart.Chart;
import io.radshift.report.chart.Table;
import java.util.List;

/**
 * The weekly report of one site (or of all sites, {@code *}).
 *
 * @param site          site id
 * @param studies       studies of the week (from the ISO-week window, else the alerting windows without overlap)
 * @param windows       alerting windows evaluated in the week
 * @param driftWindows  of them, windows with material drift
 * @param incidents     incidents open at some time in the week
 * @param charts        charts, in reading order
 * @param tables        tables, in reading order
 * @param notes         one-line remarks (what is missing and why)
 */
public record SiteReport(String site, long studies, int windows, int driftWindows, int incidents, List<Chart> charts,
                         List<Table> tables, List<String> notes) {

    /** Copies the lists. */
    public SiteReport {
        charts = List.copyOf(charts);
        tables = List.copyOf(tables);
        notes = List.copyOf(notes);
    }
}
