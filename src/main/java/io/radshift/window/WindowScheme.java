package io.radshift.window;

import io.radshift.config.RadShiftConfig;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * How one configured window kind cuts event time into panes and windows.
 *
 * <p>Studies are aggregated into panes (the unit of storage); a window is the merge of consecutive panes. A
 * sliding 24-hour window advancing by one hour keeps 24 one-hour panes, so each study is stored once, not 24
 * times. ISO weeks are one pane each, cut at Monday 00:00 in the configured time zone (so a week is 167 or 169
 * hours across daylight-saving changes).
 */
public interface WindowScheme {

    /** The configured name of this window kind, e.g. {@code oncall-24h}. */
    String name();

    /** Grace period in ms: a window ending at {@code e} closes when its site's clock reaches {@code e + grace}. */
    long graceMs();

    /** Start of the pane holding event time {@code t}. */
    long paneStart(long t);

    /** End of the window that follows the window ending at {@code end}. */
    long nextWindowEnd(long end);

    /** End of the first window that contains event time {@code t}. */
    default long firstWindowEndContaining(final long t) {
        return nextPaneStart(paneStart(t));
    }

    /** Start of the pane after the one starting at {@code paneStart}. */
    long nextPaneStart(long paneStart);

    /** Start of the window ending at {@code end}. */
    long windowStart(long end);

    /**
     * How many windows of this kind hold any one study: {@code size / advance} for a sliding window, 1 for a
     * tumbling window or an ISO week. A stable site's chance excursion shows in every one of them, which is why the
     * detector tests each window at {@code alpha / windowsPerStudy()} (see {@code detection.alpha}).
     */
    default int windowsPerStudy() {
        return 1;
    }

    /** Builds the scheme of a configured window. */
    static WindowScheme of(final RadShiftConfig.Window window) {
        return switch (window.type()) {
            case "iso-week" -> new IsoWeek(window.name(), window.zone(), window.grace().toMillis());
            default -> new Sliding(window.name(), window.size().toMillis(), window.advance().toMillis(), window.grace().toMillis());
        };
    }

    /**
     * Windows of {@code size} every {@code advance}, aligned to the epoch (tumbling when they are equal).
     * Panes are {@code advance} long.
     */
    record Sliding(String name, long sizeMs, long advanceMs, long graceMs) implements WindowScheme {
        public Sliding {
            if (sizeMs % advanceMs != 0) {
                throw new IllegalArgumentException("window " + name + ": size must be a multiple of advance");
            }
        }

        @Override
        public long paneStart(final long t) {
            return Math.floorDiv(t, advanceMs) * advanceMs;
        }

        @Override
        public long nextPaneStart(final long paneStart) {
            return paneStart + advanceMs;
        }

        @Override
        public long nextWindowEnd(final long end) {
            return end + advanceMs;
        }

        @Override
        public long windowStart(final long end) {
            return end - sizeMs;
        }

        @Override
        public int windowsPerStudy() {
            return Math.toIntExact(sizeMs / advanceMs);
        }
    }

    /** Calendar ISO weeks (Monday to Monday) in a time zone; one pane per week. */
    record IsoWeek(String name, ZoneId zone, long graceMs) implements WindowScheme {
        @Override
        public long paneStart(final long t) {
            return Instant.ofEpochMilli(t).atZone(zone)
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .truncatedTo(ChronoUnit.DAYS).toInstant().toEpochMilli();
        }

        @Override
        public long nextPaneStart(final long paneStart) {
            final ZonedDateTime monday = Instant.ofEpochMilli(paneStart).atZone(zone);
            return monday.plusWeeks(1).truncatedTo(ChronoUnit.DAYS).toInstant().toEpochMilli();
        }

        @Override
        public long nextWindowEnd(final long end) {
            return nextPaneStart(end);
        }

        @Override
        public long windowStart(final long end) {
            return paneStart(end - 1);
        }
    }
}
