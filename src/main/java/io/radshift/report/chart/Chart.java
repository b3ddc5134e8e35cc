package io.radshift.report.chart;

import java.util.List;

/**
 * What one chart shows, independent of how it is drawn: {@link SvgChart} draws it, and the weekly report writes the
 * same series to CSV and JSON, so the numbers beside the report are exactly those in its charts.
 *
 * @param id     stable identifier (used in the CSV and JSON and as the SVG element id)
 * @param title  chart title
 * @param x      x axis
 * @param y      y axis
 * @param series the series, drawn in order
 * @param bands  shaded x ranges (time charts only)
 */
public record Chart(String id, String title, Axis x, Axis y, List<Series> series, List<Band> bands) {

    /** Copies the lists. */
    public Chart {
        series = List.copyOf(series);
        bands = List.copyOf(bands);
    }
}
