package io.radshift.report.chart;

/**
 * A shaded stretch of a time chart's x axis, e.g. the time an incident was open, so that alert periods are
 * visible at a glance on every chart of a site.
 *
 * @param name legend text
 * @param from start, epoch ms
 * @param to   end, epoch ms
 */
public record Band(String name, double from, double to) {
}
