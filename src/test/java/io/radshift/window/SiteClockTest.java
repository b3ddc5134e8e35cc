package io.radshift.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-site event-time clock: its own studies, the idle rule, and what a restart or a moved task does to it. */
class SiteClockTest {

    private static final long IDLE = Duration.ofSeconds(30).toMillis();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long EVENT = 1_772_409_600_000L; // 2026-03-02T00:00Z
    private static final long WALL = 1_796_169_600_000L;  // 2026-12-02T00:00Z

    @Test
    void theClockIsTheLatestEventTimeOfTheSitesOwnStudiesAndALateStudyDoesNotMoveItBack() {
        final SiteClock clock = SiteClock.first(EVENT, WALL).observe(EVENT + HOUR, WALL + 10).observe(EVENT - 21 * 24 * HOUR, WALL + 20);
        assertThat(clock.now()).isEqualTo(EVENT + HOUR);
        assertThat(clock.latestStudy()).isEqualTo(EVENT + HOUR);
        assertThat(clock.latestStudyWall()).as("a late study still shows the site is sending").isEqualTo(WALL + 20);
        assertThat(SiteClock.fromBytes(clock.toBytes())).isEqualTo(clock);
    }

    /**
     * The idle timeout proves the silence; once proven, the silence counts in full: the clock stands where a live
     * site's would had it sent a study just now, and runs on at wall-clock speed.
     */
    @Test
    void aQuietSiteCountsItsWholeSilenceOnceTheIdleTimeoutProvesIt() {
        final SiteClock clock = SiteClock.first(EVENT, WALL);
        final long taskStart = WALL - HOUR;
        assertThat(clock.idle(WALL + IDLE - 1, IDLE, taskStart)).isEqualTo(clock);
        assertThat(clock.idle(WALL + IDLE, IDLE, taskStart).now()).as("not trailing by the idle timeout").isEqualTo(EVENT + IDLE);
        assertThat(clock.idle(WALL + IDLE + 5_000, IDLE, taskStart).now()).isEqualTo(EVENT + IDLE + 5_000);
        final SiteClock idled = clock.idle(WALL + 7 * HOUR, IDLE, taskStart);
        assertThat(idled.now()).isEqualTo(EVENT + 7 * HOUR);
        assertThat(idled.silentFor()).isEqualTo(7 * HOUR);
        assertThat(idled.observe(EVENT + HOUR, WALL + 8 * HOUR).now()).as("never backwards").isEqualTo(EVENT + 7 * HOUR);
        assertThat(idled.observe(EVENT + HOUR, WALL + 8 * HOUR).silentFor()).isEqualTo(6 * HOUR);
    }

    /** A window whose last study came just before its end closes once the idle timeout has passed, not later. */
    @Test
    void aQuietSitesLastWindowClosesAsSoonAsTheSilenceIsProven() {
        final long end = EVENT + 1_000;
        final long grace = 1_000;
        final SiteClock clock = SiteClock.first(EVENT, WALL);
        assertThat(clock.idle(WALL + IDLE, IDLE, WALL - HOUR).now()).isGreaterThanOrEqualTo(end + grace);
    }

    /**
     * A task restarted (or moved here) during a site's outage: for the idle timeout after it starts, its backlog
     * may still hold the site's studies, so the clock waits; then the whole outage counts, the hours no instance
     * ran included, and site-silent is raised.
     */
    @Test
    void afterARestartDuringAnOutageTheClockWaitsForTheBacklogThenCountsTheWholeSilence() {
        final SiteClock beforeCrash = SiteClock.first(EVENT, WALL);
        final long restart = WALL + 5 * HOUR;
        assertThat(beforeCrash.idle(restart + IDLE - 1, IDLE, restart)).as("the backlog comes first").isEqualTo(beforeCrash);
        assertThat(beforeCrash.idle(restart + IDLE, IDLE, restart).now()).isEqualTo(EVENT + 5 * HOUR + IDLE);
    }

    @Test
    void aTaskThatMovedWithABacklogDoesNotIdleTheSiteWhoseStudiesAreStillInIt() {
        final SiteClock stored = SiteClock.first(EVENT, WALL);
        final long moved = WALL + HOUR;
        final SiteClock caughtUp = stored.observe(EVENT + 10 * 60_000, moved + IDLE / 2);
        assertThat(caughtUp.idle(moved + IDLE, IDLE, moved)).as("the backlog's study reset the idle time").isEqualTo(caughtUp);
        assertThat(caughtUp.now()).isEqualTo(EVENT + 10 * 60_000);
    }

    /**
     * A task that moved with a backlog longer than the idle timeout: while its input is processed only through a
     * time before the site's latest study, the site is not taken for quiet, however long ago that study was
     * processed; once the backlog is processed, the whole silence counts.
     */
    @Test
    void aQuietSiteDoesNotIdleWhileTheInputIsProcessedOnlyThroughATimeBeforeItsLatestStudy() {
        final SiteClock stored = SiteClock.first(EVENT, WALL);
        final long moved = WALL + HOUR;
        final long later = moved + 10 * IDLE;
        assertThat(stored.idle(later, IDLE, moved, WALL - 1)).as("the backlog may hold its studies").isEqualTo(stored);
        assertThat(stored.idle(later, IDLE, moved, Long.MIN_VALUE)).as("nothing known").isEqualTo(stored);
        assertThat(stored.idle(later, IDLE, moved, WALL + HOUR).now()).as("silence only as far as the input is processed")
                .isEqualTo(EVENT + HOUR);
        assertThat(stored.idle(later, IDLE, moved, WALL + 5).now()).as("silence only as far as the input is processed")
                .isEqualTo(EVENT + 5);
        assertThat(stored.idle(later, IDLE, moved, later).now()).isEqualTo(EVENT + HOUR + 10 * IDLE);
        assertThat(stored.idle(later, IDLE, moved, later)).isEqualTo(stored.idle(later, IDLE, moved));
    }

    @Test
    void idlingNeverOverflows() {
        final SiteClock clock = SiteClock.first(Long.MAX_VALUE - 10, 0);
        assertThat(clock.idle(Long.MAX_VALUE / 2, IDLE, 0).now()).isEqualTo(Long.MAX_VALUE);
    }
}
