package io.radshift.report.weekly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class IsoWeekTest {

    @Test
    void aWeekRunsFromMondayToMondayInItsZone() {
        final IsoWeek week = IsoWeek.parse("2026-W47", ZoneId.of("Europe/Berlin"));
        assertThat(week.monday()).isEqualTo(LocalDate.of(2026, 11, 16));
        assertThat(week.start()).isEqualTo(Instant.parse("2026-11-15T23:00:00Z"));
        assertThat(week.end()).isEqualTo(Instant.parse("2026-11-22T23:00:00Z"));
        assertThat(week.days()).hasSize(7).first().isEqualTo(LocalDate.of(2026, 11, 16));
        assertThat(week).hasToString("2026-W47");
    }

    @Test
    void aWindowBelongsToTheWeekItsEndFallsIn() {
        final IsoWeek week = IsoWeek.parse("2026-W10", ZoneId.of("UTC"));
        assertThat(week.holds(Instant.parse("2026-03-02T00:00:00Z"))).as("ended at the week's start: the week before").isFalse();
        assertThat(week.holds(Instant.parse("2026-03-02T01:00:00Z"))).isTrue();
        assertThat(week.holds(Instant.parse("2026-03-09T00:00:00Z"))).as("the week's own ISO-week window").isTrue();
        assertThat(week.holds(Instant.parse("2026-03-09T01:00:00Z"))).isFalse();
    }

    @Test
    void weeksAcrossTheYearBoundaryFollowIso8601() {
        assertThat(IsoWeek.parse("2026-W53", ZoneId.of("UTC")).monday()).isEqualTo(LocalDate.of(2026, 12, 28));
        assertThat(IsoWeek.parse("2027-W01", ZoneId.of("UTC")).monday()).isEqualTo(LocalDate.of(2027, 1, 4));
    }

    @Test
    void badWeeksAreRejectedInOneLine() {
        assertThatThrownBy(() -> IsoWeek.parse("2026-47", ZoneId.of("UTC")))
                .hasMessage("week '2026-47' is not an ISO week such as 2026-W47");
        assertThatThrownBy(() -> IsoWeek.parse("2025-W53", ZoneId.of("UTC"))).hasMessage("week 2025-W53 does not exist");
        assertThatThrownBy(() -> IsoWeek.parse("2026-W00", ZoneId.of("UTC"))).hasMessage("week 2026-W00 does not exist");
    }
}
