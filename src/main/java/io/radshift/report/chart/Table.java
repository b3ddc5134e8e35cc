package io.radshift.report.chart;

import java.util.List;

/**
 * A table of a report page (the weekly review, the pre-deployment assessment), shown in the HTML and written to the
 * CSV and JSON as it is.
 *
 * @param id      stable identifier
 * @param title   caption
 * @param columns column headers
 * @param rows    cells, one list per row, as many as columns
 */
public record Table(String id, String title, List<String> columns, List<List<String>> rows) {

    /** Copies the lists and checks every row's width. */
    public Table {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        for (final List<String> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("table " + id + ": row of " + row.size() + " cells for "
                    + columns.size() + " columns");
            }
        }
    }
}
