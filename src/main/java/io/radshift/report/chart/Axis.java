package io.radshift.report.chart;

import java.util.List;
import java.util.Set;

/**
 * One axis of a {@link Chart}: what it measures, in which unit, and how its values read. A time axis holds epoch
 * milliseconds; a category axis holds indices into {@code categories}, of which the {@code highlighted} ones
 * (rare labels) are drawn so that they stand out at a glance.
 *
 * @param title       what the axis measures, e.g. "studies per day"
 * @param unit        the unit shown after the title in brackets, e.g. "studies", "ratio", "UTC"
 * @param kind        how values read
 * @param categories  category names, for a category axis
 * @param highlighted categories to highlight
 * @param min         lower end of the axis, or null to fit the data
 * @param max         upper end of the axis, or null to fit the data
 */
public record Axis(String title, String unit, Kind kind, List<String> categories, Set<String> highlighted,
                   Double min, Double max) {

    /** How an axis' values read. */
    public enum Kind {
        /** Epoch milliseconds, shown as dates and times. */
        TIME,
        /** Plain numbers. */
        NUMBER,
        /** Indices into the categories. */
        CATEGORY
    }

    /** Copies the collections. */
    public Axis {
        categories = List.copyOf(categories);
        highlighted = Set.copyOf(highlighted);
    }

    /** A numeric axis. */
    public static Axis number(final String title, final String unit) {
        return new Axis(title, unit, Kind.NUMBER, List.of(), Set.of(), null, null);
    }

    /**
     * A time axis over [from, to) in epoch milliseconds, whose ticks are shown in {@code zone} (an id such as
     * {@code UTC} or {@code Europe/Berlin}, also the axis unit).
     */
    public static Axis time(final String title, final String zone, final long from, final long to) {
        return new Axis(title, zone, Kind.TIME, List.of(), Set.of(), (double) from, (double) to);
    }

    /** A category axis. */
    public static Axis categories(final String title, final String unit, final List<String> categories,
                                  final Set<String> highlighted) {
        return new Axis(title, unit, Kind.CATEGORY, categories, highlighted, null, null);
    }

    /** The axis caption: title and unit. */
    public String caption() {
        return unit.isEmpty() ? title : title + " [" + unit + "]";
    }
}
