package io.radshift.report.chart;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link Chart} as one self-contained inline SVG element: title, both axes with their captions and
 * units, grid, series, shaded bands and a legend. Nothing is loaded from anywhere (no fonts, scripts or images),
 * so the HTML that embeds it renders offline. Text widths are estimated, not measured: no font is needed to lay a
 * chart out, on a headless build machine or anywhere else.
 */
public final class SvgChart {

    static final String[] PALETTE = {"#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
        "#7f7f7f", "#ff7f0e", "#393b79", "#637939", "#843c39"};
    static final String LIMIT_COLOUR = "#b22222";
    static final String REFERENCE_COLOUR = "#111111";
    static final String BAND_COLOUR = "#d62728";
    static final String HIGHLIGHT_COLOUR = "#ffe08a";
    private static final int WIDTH = 550;
    private static final int PLOT_HEIGHT = 190;
    private static final int LEFT = 62;
    private static final int RIGHT = 30;
    private static final int TOP = 34;
    private static final double CHAR_WIDTH = 6.2;
    private static final int LEGEND_ROW = 16;

    private final Chart chart;
    private final Svg svg = new Svg();
    private final double plotWidth = WIDTH - LEFT - RIGHT;
    private final int tickBand;
    private final Scale xs;
    private final Scale ys;

    private SvgChart(final Chart chart) {
        this.chart = chart;
        this.tickBand = chart.x().kind() == Axis.Kind.CATEGORY ? categoryTickBand(chart.x()) : 18;
        this.xs = xScale(chart);
        this.ys = yScale(chart);
    }

    /** The chart as an {@code <svg>} element. */
    public static String render(final Chart chart) {
        return new SvgChart(chart).draw();
    }

    private String draw() {
        final List<LegendItem> legend = legendItems();
        final int legendTop = TOP + PLOT_HEIGHT + tickBand + 22;
        final int legendRows = legendRows(legend);
        final int height = legendTop + legendRows * LEGEND_ROW + 6;
        svg.open("svg", "xmlns", "http://www.w3.org/2000/svg", "id", chart.id(), "class", "chart", "width", WIDTH,
            "height", height, "viewBox", "0 0 " + WIDTH + " " + height, "role", "img", "aria-label", chart.title());
        svg.element("title", chart.title());
        svg.empty("rect", "x", 0, "y", 0, "width", WIDTH, "height", height, "fill", "#ffffff");
        svg.text(WIDTH / 2.0, 20, chart.title(), "middle", "chart-title");
        drawHighlights();
        drawBands();
        drawGrid();
        drawSeries();
        drawAxes();
        drawLegend(legend, legendTop);
        svg.close("svg");
        return svg.toString();
    }

    // ---- scales

    /** A linear map from data values to pixels, with its ticks. */
    private record Scale(double min, double max, double from, double to, List<Double> ticks) {
        double at(final double value) {
            return max == min ? (from + to) / 2 : from + (value - min) / (max - min) * (to - from);
        }
    }

    private Scale xScale(final Chart c) {
        final Axis x = c.x();
        if (x.kind() == Axis.Kind.CATEGORY) {
            final int n = Math.max(1, x.categories().size());
            final List<Double> ticks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ticks.add((double) i);
            }
            return new Scale(-0.5, n - 0.5, LEFT, LEFT + plotWidth, ticks);
        }
        final double[] range = range(c, true);
        final double min = x.min() == null ? range[0] : x.min();
        final double max = x.max() == null ? range[1] : x.max();
        final List<Double> ticks = x.kind() == Axis.Kind.TIME ? timeTicks(min, max, ZoneId.of(x.unit()))
            : Ticks.nice(min, max, 6);
        return new Scale(min, max, LEFT, LEFT + plotWidth, ticks);
    }

    private Scale yScale(final Chart c) {
        final double[] range = range(c, false);
        double min = c.y().min() == null ? Math.min(0, range[0]) : c.y().min();
        double max = c.y().max() == null ? range[1] + 0.08 * (range[1] - min) : c.y().max();
        if (!(max > min)) {
            max = min + 1;
        }
        final List<Double> ticks = Ticks.nice(min, max, 5);
        min = Math.min(min, ticks.get(0));
        max = Math.max(max, ticks.get(ticks.size() - 1));
        return new Scale(min, max, TOP + PLOT_HEIGHT, TOP, ticks);
    }

    private static double[] range(final Chart c, final boolean x) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (final Series s : c.series()) {
            for (final Series.Point p : s.points()) {
                final double v = x ? p.x() : p.y();
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return min > max ? new double[] {0, 1} : new double[] {min, max};
    }

    private static List<Double> timeTicks(final double min, final double max, final ZoneId zone) {
        final long span = (long) (max - min);
        final ChronoUnit unit = span > 2 * 86_400_000L ? ChronoUnit.DAYS : ChronoUnit.HOURS;
        final int step = unit == ChronoUnit.DAYS ? 1 : Math.max(1, (int) Math.ceil(span / 3_600_000.0 / 8));
        ZonedDateTime t = Instant.ofEpochMilli((long) min).atZone(zone).truncatedTo(unit);
        final List<Double> ticks = new ArrayList<>();
        while (t.toInstant().toEpochMilli() <= max && ticks.size() < 50) {
            if (t.toInstant().toEpochMilli() >= min) {
                ticks.add((double) t.toInstant().toEpochMilli());
            }
            t = t.plus(step, unit);
        }
        return ticks;
    }

    private static int categoryTickBand(final Axis x) {
        final int longest = x.categories().stream().mapToInt(String::length).max().orElse(1) + 2;
        return x.categories().size() > 6 ? (int) (longest * CHAR_WIDTH * 0.62) + 14 : 18;
    }

    // ---- layers

    private void drawHighlights() {
        final Axis x = chart.x();
        if (x.kind() != Axis.Kind.CATEGORY) {
            return;
        }
        for (int i = 0; i < x.categories().size(); i++) {
            if (x.highlighted().contains(x.categories().get(i))) {
                final double left = xs.at(i - 0.5);
                svg.empty("rect", "x", left, "y", TOP, "width", xs.at(i + 0.5) - left, "height", PLOT_HEIGHT,
                    "fill", HIGHLIGHT_COLOUR, "fill-opacity", 0.55, "class", "highlight");
            }
        }
    }

    private void drawBands() {
        for (final Band band : chart.bands()) {
            final double from = clamp(xs.at(band.from()));
            final double to = clamp(xs.at(band.to()));
            if (to > from) {
                svg.empty("rect", "x", from, "y", TOP, "width", to - from, "height", PLOT_HEIGHT, "fill", BAND_COLOUR,
                    "fill-opacity", 0.14, "class", "band");
            }
        }
    }

    private double clamp(final double px) {
        return Math.max(LEFT, Math.min(LEFT + plotWidth, px));
    }

    private void drawGrid() {
        for (final double t : ys.ticks()) {
            final double y = ys.at(t);
            svg.empty("line", "x1", LEFT, "x2", LEFT + plotWidth, "y1", y, "y2", y, "stroke", "#e3e3e3");
        }
    }

    private void drawSeries() {
        final List<Series> bars = chart.series().stream().filter(s -> s.style() == Series.Style.BAR).toList();
        int colour = 0;
        for (final Series s : chart.series()) {
            final String stroke = colourOf(s, colour);
            colour += coloured(s) ? 1 : 0;
            switch (s.style()) {
                case LINE -> drawLine(s, stroke, false);
                case LIMIT -> drawLine(s, stroke, true);
                case BAR -> drawBars(s, stroke, bars.indexOf(s), bars.size());
                case REFERENCE -> drawReference(s);
                case POINT -> drawPoints(s, stroke);
                default -> throw new IllegalStateException(s.style().name());
            }
        }
    }

    /** Whether a series takes the next palette colour (limits and reference ticks have fixed colours). */
    private static boolean coloured(final Series s) {
        return s.style() == Series.Style.LINE || s.style() == Series.Style.BAR || s.style() == Series.Style.POINT;
    }

    private String colourOf(final Series s, final int index) {
        return switch (s.style()) {
            case LIMIT -> s.emphasised() ? "#444444" : LIMIT_COLOUR;
            case REFERENCE -> REFERENCE_COLOUR;
            default -> PALETTE[index % PALETTE.length];
        };
    }

    private void drawLine(final Series s, final String stroke, final boolean limit) {
        if (s.points().isEmpty()) {
            return;
        }
        final StringBuilder d = new StringBuilder();
        for (final Series.Point p : s.points()) {
            d.append(d.length() == 0 ? "M" : " L").append(Svg.number(xs.at(p.x()))).append(',')
                .append(Svg.number(ys.at(p.y())));
        }
        final double width = s.emphasised() && !limit ? 3 : 1.6;
        svg.empty("path", "d", d, "fill", "none", "stroke", stroke, "stroke-width", width,
            "stroke-dasharray", limit ? (s.emphasised() ? "2 3" : "7 4") : null, "class", limit ? "limit" : "series");
        if (!limit && s.points().size() <= 60) {
            for (final Series.Point p : s.points()) {
                svg.empty("circle", "cx", xs.at(p.x()), "cy", ys.at(p.y()), "r", s.emphasised() ? 3 : 2, "fill", stroke);
            }
        }
    }

    private void drawBars(final Series s, final String fill, final int index, final int count) {
        final double slot = (xs.at(1) - xs.at(0)) * 0.8;
        final double width = slot / count;
        final double zero = ys.at(Math.max(ys.min(), 0));
        for (final Series.Point p : s.points()) {
            final double left = chart.x().kind() == Axis.Kind.CATEGORY ? xs.at(p.x()) - slot / 2 + index * width
                : xs.at(p.x()) + index * width;
            final double y = ys.at(p.y());
            svg.empty("rect", "x", left, "y", Math.min(y, zero), "width", Math.max(1, width - 1),
                "height", Math.abs(zero - y), "fill", fill, "class", "bar");
        }
    }

    /** Dots: small and translucent so that dense clouds show their density, emphasised ones larger and opaque. */
    private void drawPoints(final Series s, final String fill) {
        for (final Series.Point p : s.points()) {
            svg.empty("circle", "cx", xs.at(p.x()), "cy", ys.at(p.y()), "r", s.emphasised() ? 4.5 : 2.2,
                "fill", fill, "fill-opacity", s.emphasised() ? 0.95 : 0.45, "stroke", s.emphasised() ? "#000000" : null,
                "stroke-width", s.emphasised() ? 1 : null, "class", "point");
        }
    }

    private void drawReference(final Series s) {
        final double half = (xs.at(1) - xs.at(0)) * 0.45;
        for (final Series.Point p : s.points()) {
            final double x = xs.at(p.x());
            final double y = ys.at(p.y());
            svg.empty("line", "x1", x - half, "x2", x + half, "y1", y, "y2", y, "stroke", REFERENCE_COLOUR,
                "stroke-width", 2.5, "class", "reference");
        }
    }

    private void drawAxes() {
        final double bottom = TOP + PLOT_HEIGHT;
        svg.empty("line", "x1", LEFT, "x2", LEFT + plotWidth, "y1", bottom, "y2", bottom, "stroke", "#333333");
        svg.empty("line", "x1", LEFT, "x2", LEFT, "y1", TOP, "y2", bottom, "stroke", "#333333");
        for (final double t : ys.ticks()) {
            svg.text(LEFT - 5, ys.at(t) + 3.5, Ticks.format(t, ys.ticks()), "end", "tick");
        }
        drawXTicks(bottom);
        svg.text(WIDTH / 2.0, bottom + tickBand + 14, chart.x().caption(), "middle", "axis-title");
        svg.rotatedText(14, TOP + PLOT_HEIGHT / 2.0, chart.y().caption(), "axis-title",
            fitted(chart.y().caption(), PLOT_HEIGHT));
    }

    /** The length a text must be squeezed to so that it fits {@code room} pixels, or null when it fits as it is. */
    private static Double fitted(final String text, final double room) {
        return text.length() * CHAR_WIDTH > room ? room : null;
    }

    private void drawXTicks(final double bottom) {
        final Axis x = chart.x();
        for (final double t : xs.ticks()) {
            final double px = xs.at(t);
            svg.empty("line", "x1", px, "x2", px, "y1", bottom, "y2", bottom + 4, "stroke", "#333333");
            if (x.kind() == Axis.Kind.CATEGORY) {
                final String name = x.categories().get((int) t);
                final boolean rare = x.highlighted().contains(name);
                if (x.categories().size() > 6) {
                    svg.slantedText(px, bottom + 12, rare ? "\u2605 " + name : name, rare ? "tick rare" : "tick");
                } else {
                    svg.text(px, bottom + 15, rare ? "\u2605 " + name : name, "middle", rare ? "tick rare" : "tick");
                }
            } else if (x.kind() == Axis.Kind.TIME) {
                svg.text(px, bottom + 15, timeLabel(t, ZoneId.of(x.unit())), "middle", "tick");
            } else {
                svg.text(px, bottom + 15, Ticks.format(t, xs.ticks()), "middle", "tick");
            }
        }
    }

    private static String timeLabel(final double t, final ZoneId zone) {
        final ZonedDateTime time = Instant.ofEpochMilli((long) t).atZone(zone);
        return time.getHour() == 0 && time.getMinute() == 0
            ? time.format(DateTimeFormatter.ofPattern("EEE d MMM", Locale.ROOT))
            : time.format(DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT));
    }

    // ---- legend

    /** One legend entry: its text and how its swatch is drawn. */
    private record LegendItem(String text, String kind, String colour, boolean emphasised) {
        double width() {
            return 26 + text.length() * CHAR_WIDTH + 14;
        }
    }

    private List<LegendItem> legendItems() {
        final List<LegendItem> items = new ArrayList<>();
        int colour = 0;
        for (final Series s : chart.series()) {
            items.add(new LegendItem(s.name(), s.style().name(), colourOf(s, colour), s.emphasised()));
            colour += coloured(s) ? 1 : 0;
        }
        chart.bands().stream().map(Band::name).distinct()
            .forEach(name -> items.add(new LegendItem(name, "BAND", BAND_COLOUR, false)));
        if (chart.x().categories().stream().anyMatch(chart.x().highlighted()::contains)) {
            items.add(new LegendItem("\u2605 rare label (highlighted)", "HIGHLIGHT", HIGHLIGHT_COLOUR, false));
        }
        return items;
    }

    private int legendRows(final List<LegendItem> items) {
        int rows = items.isEmpty() ? 0 : 1;
        double x = LEFT;
        for (final LegendItem item : items) {
            if (x + item.width() > WIDTH - RIGHT && x > LEFT) {
                rows++;
                x = LEFT;
            }
            x += item.width();
        }
        return rows;
    }

    private void drawLegend(final List<LegendItem> items, final int top) {
        double x = LEFT;
        double y = top;
        svg.open("g", "class", "legend");
        for (final LegendItem item : items) {
            if (x + item.width() > WIDTH - RIGHT && x > LEFT) {
                x = LEFT;
                y += LEGEND_ROW;
            }
            drawSwatch(item, x, y);
            svg.text(x + 24, y + 4, item.text(), "start", "legend-text");
            x += item.width();
        }
        svg.close("g");
    }

    private void drawSwatch(final LegendItem item, final double x, final double y) {
        switch (item.kind()) {
            case "LINE" -> svg.empty("line", "x1", x, "x2", x + 18, "y1", y, "y2", y, "stroke", item.colour(),
                "stroke-width", item.emphasised() ? 3 : 1.6);
            case "LIMIT" -> svg.empty("line", "x1", x, "x2", x + 18, "y1", y, "y2", y, "stroke", item.colour(),
                "stroke-width", 1.6, "stroke-dasharray", item.emphasised() ? "2 3" : "7 4");
            case "REFERENCE" -> svg.empty("line", "x1", x, "x2", x + 18, "y1", y, "y2", y, "stroke", item.colour(),
                "stroke-width", 2.5);
            case "BAND" -> svg.empty("rect", "x", x, "y", y - 6, "width", 18, "height", 12, "fill", item.colour(),
                "fill-opacity", 0.14, "stroke", item.colour(), "stroke-opacity", 0.4);
            case "POINT" -> svg.empty("circle", "cx", x + 9, "cy", y, "r", item.emphasised() ? 4.5 : 3,
                "fill", item.colour(), "fill-opacity", item.emphasised() ? 0.95 : 0.6,
                "stroke", item.emphasised() ? "#000000" : null, "stroke-width", item.emphasised() ? 1 : null);
            case "HIGHLIGHT" -> svg.empty("rect", "x", x, "y", y - 6, "width", 18, "height", 12, "fill", item.colour(),
                "fill-opacity", 0.55);
            default -> svg.empty("rect", "x", x, "y", y - 6, "width", 18, "height", 12, "fill", item.colour());
        }
    }
}
