package io.radshift.report.chart;

import java.util.List;

/**
 * One named series of a {@link Chart}: its points and how it is drawn.
 *
 * @param name       legend text
 * @param points     points in x order; a category chart has one point per category index
 * @param style      how it is drawn
 * @param emphasised drawn heavier (a rare label's series; larger, opaque dots)
 */
public record Series(String name, List<Point> points, Style style, boolean emphasised) {

    /** How a series is drawn. */
    public enum Style {
        /** A solid line with point markers. */
        LINE,
        /** A dashed line without markers: a threshold, tolerance or other limit. */
        LIMIT,
        /** Bars (grouped per category with the chart's other bar series). */
        BAR,
        /** A short horizontal tick per category: a reference value beside the bars. */
        REFERENCE,
        /** Dots without a line: a scatter plot (e.g. the embedding map), or marks on single categories. */
        POINT
    }

    /** One point; {@code x} is epoch ms on a time axis, the category index on a category axis. */
    public record Point(double x, double y) {
    }

    /** Copies the points and drops those that are not finite (nothing to draw, nothing to export). */
    public Series {
        points = points.stream().filter(p -> Double.isFinite(p.x()) && Double.isFinite(p.y())).toList();
    }

    /** A series drawn normally. */
    public static Series of(final String name, final List<Point> points, final Style style) {
        return new Series(name, points, style, false);
    }
}
