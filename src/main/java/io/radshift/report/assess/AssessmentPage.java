package io.radshift.report.assess;

import io.radshift.report.chart.Chart;
import io.radshift.report.chart.Table;
import java.util.List;

/**
 * The pre-deployment report of {@code radshift assess --html}: what a hospital's archive looks like to the model
 * next to the reference, before go-live. Built by {@link AssessmentPageBuilder}, written as HTML, CSV and JSON with
 * the same numbers by {@link AssessmentPageFiles}. Holds no study ids and no image data: only aggregates and map
 * coordinates of anonymous points.
 *
 * @param title          page title
 * @param source         which studies were assessed (the selection, e.g. a manifest filter)
 * @param profileId      the reference profile
 * @param generatedAt    when the page was made, ISO-8601 UTC
 * @param studies        studies selected
 * @param notScorable    of them, studies that could not be decoded or scored
 * @param windows        windows evaluated
 * @param driftedWindows of them, windows with material drift
 * @param verdict        DRIFT when any window drifted, else OK
 * @param summary        one-line findings, most important first
 * @param notes          one-line remarks (what is missing and why)
 * @param charts         charts, in reading order
 * @param tables         tables, in reading order
 */
public record AssessmentPage(String title, String source, String profileId, String generatedAt, long studies,
                             long notScorable, int windows, int driftedWindows, String verdict, List<String> summary,
                             List<String> notes, List<Chart> charts, List<Table> tables) {

    /** Copies the lists. */
    public AssessmentPage {
        summary = List.copyOf(summary);
        notes = List.copyOf(notes);
        charts = List.copyOf(charts);
        tables = List.copyOf(tables);
    }
}
