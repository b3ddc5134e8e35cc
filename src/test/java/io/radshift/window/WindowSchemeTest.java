package io.radshift.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.config.RadShiftConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WindowSchemeTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();

    @Test
    void slidingWindowsAreMadeOfAdvanceLongPanes() {
        final WindowScheme w = WindowScheme.of(new RadShiftConfig.Window("oncall", "sliding",
                Duration.ofHours(24), Duration.ofHours(1), Duration.ofMinutes(10), null, null));
        final long t = Instant.parse("2026-11-27T13:45:00Z").toEpochMilli();
        assertThat(w.paneStart(t)).isEqualTo(Instant.parse("2026-11-27T13:00:00Z").toEpochMilli());
        assertThat(w.firstWindowEndContaining(t)).isEqualTo(Instant.parse("2026-11-27T14:00:00Z").toEpochMilli());
        final long end = w.firstWindowEndContaining(t);
        assertThat(w.windowStart(end)).isEqualTo(end - 24 * HOUR);
        assertThat(w.nextWindowEnd(end)).isEqualTo(end + HOUR);
        assertThat(w.graceMs()).isEqualTo(Duration.ofMinutes(10).toMillis());
        assertThat(w.paneStart(-1)).isEqualTo(-HOUR);
    }

    @Test
    void tumblingWindowsHaveOnePane() {
        final WindowScheme w = WindowScheme.of(new RadShiftConfig.Window("daily", "tumbling",
                Duration.ofDays(1), null, null, null, null));
        final long end = w.firstWindowEndContaining(Instant.parse("2026-11-27T13:45:00Z").toEpochMilli());
        assertThat(end).isEqualTo(Instant.parse("2026-11-28T00:00:00Z").toEpochMilli());
        assertThat(w.windowStart(end)).isEqualTo(Instant.parse("2026-11-27T00:00:00Z").toEpochMilli());
    }

    @Test
    void isoWeeksStartOnMondayInTheConfiguredZoneAcrossDaylightSaving() {
        final WindowScheme w = WindowScheme.of(new RadShiftConfig.Window("weekly", "iso-week",
                null, null, Duration.ofHours(1), ZoneId.of("Europe/Berlin"), null));
        // Sunday 2026-03-29 02:00 CET -> 03:00 CEST: the ISO week 2026-W13 lasts 167 hours.
        final long sunday = Instant.parse("2026-03-29T12:00:00Z").toEpochMilli();
        final long start = w.paneStart(sunday);
        assertThat(Instant.ofEpochMilli(start)).isEqualTo(Instant.parse("2026-03-22T23:00:00Z"));
        final long end = w.firstWindowEndContaining(sunday);
        assertThat(Instant.ofEpochMilli(end)).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
        assertThat(end - start).isEqualTo(167 * HOUR);
        assertThat(w.windowStart(end)).isEqualTo(start);
        assertThat(Instant.ofEpochMilli(w.nextWindowEnd(end))).isEqualTo(Instant.parse("2026-04-05T22:00:00Z"));
        // Monday 00:00 local belongs to the new week, Sunday 23:59 local to the old one.
        assertThat(w.paneStart(end)).isEqualTo(end);
        assertThat(w.paneStart(end - 1)).isEqualTo(start);
    }

    @Test
    void sizeMustBeAMultipleOfAdvance() {
        assertThatThrownBy(() -> WindowScheme.of(new RadShiftConfig.Window("odd", "sliding",
                Duration.ofMinutes(90), Duration.ofHours(1), null, null, null)))
                .hasMessageContaining("multiple of advance");
    }
}
