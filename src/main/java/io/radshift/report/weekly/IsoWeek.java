package io.radshift.report.weekly;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * One ISO-8601 week (Monday 00:00 to the next Monday 00:00) in a time zone. A window belongs to the week when its
 * (exclusive) end falls in (start, end]: the week's own ISO-week window, which ends on the next Monday at 00:00,
 * belongs to it, and a window that ended on Monday at 00:00 belongs to the week before.
 *
 * @param monday the week's Monday
 * @param zone   the zone its days are counted in
 */
public record IsoWeek(LocalDate monday, ZoneId zone) {

    private static final Pattern FORMAT = Pattern.compile("\\d{4}-W\\d{2}");

    /** Checks that {@code monday} is a Monday. */
    public IsoWeek {
        if (monday.getDayOfWeek() != DayOfWeek.MONDAY) {
            throw new IllegalArgumentException(monday + " is not a Monday");
        }
    }

    /** Parses {@code 2026-W47}; a week that does not exist in its year is rejected with a one-line message. */
    public static IsoWeek parse(final String text, final ZoneId zone) {
        if (text == null || !FORMAT.matcher(text).matches()) {
            throw new IllegalArgumentException("week '" + text + "' is not an ISO week such as 2026-W47");
        }
        try {
            final LocalDate monday = LocalDate.parse(text + "-1", DateTimeFormatter.ISO_WEEK_DATE);
            if (!monday.format(DateTimeFormatter.ISO_WEEK_DATE).startsWith(text)) {
                throw new IllegalArgumentException("week " + text + " does not exist");
            }
            return new IsoWeek(monday, zone);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("week " + text + " does not exist", e);
        }
    }

    /** Start of the week (Monday 00:00 in the zone). */
    public Instant start() {
        return monday.atStartOfDay(zone).toInstant();
    }

    /** End of the week (the next Monday 00:00 in the zone), exclusive. */
    public Instant end() {
        return monday.plusWeeks(1).atStartOfDay(zone).toInstant();
    }

    /** True when a window with this (exclusive) end belongs to the week. */
    public boolean holds(final Instant windowEnd) {
        return windowEnd.isAfter(start()) && !windowEnd.isAfter(end());
    }

    /** The seven days, Monday first. */
    public List<LocalDate> days() {
        return IntStream.range(0, 7).mapToObj(monday::plusDays).toList();
    }

    /** The day (in the zone) of an instant. */
    public LocalDate dayOf(final Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    @Override
    public String toString() {
        return String.format("%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR), monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
