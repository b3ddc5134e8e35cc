package io.radshift.window;

import java.nio.ByteBuffer;

/**
 * The event-time clock of one site, kept in the changelogged {@code site-clocks} store so that it moves with the
 * task that owns the site's partition and survives a restart: the site's windows close on this clock and on no
 * other site's, and on no JVM's.
 *
 * <p>The clock is the latest event time of the site's own studies. A site that goes quiet is advanced by the idle
 * rule ({@link #idle}): once no study of the site was processed for {@code idleTimeout} of wall clock, and the
 * task's input holds no backlog that could hide its studies ({@link Backlog}), its clock counts the whole silence,
 * its latest study plus the wall time since that study was processed, and runs on at wall-clock speed, so the last
 * windows close and site-silent is raised. Because the wall time of the latest study is stored too, the silence a
 * site kept while no instance ran counts as well.
 *
 * @param latestStudy     event time of the site's latest study (the clock never runs behind it)
 * @param latestStudyWall wall-clock time at which that study was processed
 * @param now             the site's event time: {@code latestStudy}, or later after idling
 */
record SiteClock(long latestStudy, long latestStudyWall, long now) {

    private static final int BYTES = 3 * Long.BYTES;

    /** The clock of a site whose first study, dated {@code eventTime}, is processed at {@code wall}. */
    static SiteClock first(final long eventTime, final long wall) {
        return new SiteClock(eventTime, wall, eventTime);
    }

    /**
     * The clock after a study dated {@code eventTime} was processed at {@code wall}. A study behind the clock does
     * not move it back; every study, late or not, shows that the site is sending.
     */
    SiteClock observe(final long eventTime, final long wall) {
        return new SiteClock(Math.max(latestStudy, eventTime), Math.max(latestStudyWall, wall), Math.max(now, eventTime));
    }

    /** The clock advanced by the idle rule on input without backlog: {@link #idle(long, long, long, long)}. */
    SiteClock idle(final long wallNow, final long idleTimeoutMs, final long taskStartWall) {
        return idle(wallNow, idleTimeoutMs, taskStartWall, Long.MAX_VALUE);
    }

    /**
     * The clock advanced by the idle rule at wall-clock {@code wallNow}. The site idles when no study of it was
     * processed for {@code idleTimeoutMs} <em>and</em> the task that owns it has run on this instance for
     * {@code idleTimeoutMs} since {@code taskStartWall}, and the task's input is processed through
     * ({@code processedThrough}, {@link Backlog}) a time after its latest study: a site whose studies still wait in
     * the partition, behind a backlog that a task which moved or restarted is working through, is not quiet, and its
     * clock stands still until the backlog is processed.
     *
     * <p>Once idle, the silence counts in full, from the wall time of the latest study up to {@code wallNow}, but
     * never past {@code processedThrough} (input that arrived since may hold the site's studies): the clock then
     * stands where a live site's would, had a study been taken just then. The idle timeout is only the proof of
     * silence, not a lag: a clock trailing by it would hold every quiet site's last window open that much longer and
     * buy nothing, since a study delayed in transit is on time up to the window's grace either way.
     */
    SiteClock idle(final long wallNow, final long idleTimeoutMs, final long taskStartWall, final long processedThrough) {
        if (wallNow - taskStartWall < idleTimeoutMs || wallNow - latestStudyWall < idleTimeoutMs) {
            return this;
        }
        final long silentUntil = Math.min(wallNow, processedThrough);
        if (silentUntil < latestStudyWall) {
            return this;
        }
        final long idled = saturatedAdd(latestStudy, silentUntil - latestStudyWall);
        return idled > now ? new SiteClock(latestStudy, latestStudyWall, idled) : this;
    }

    /** Event time the site has been silent for, on its own clock. */
    long silentFor() {
        return now - latestStudy;
    }

    byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).putLong(latestStudy).putLong(latestStudyWall).putLong(now).array();
    }

    static SiteClock fromBytes(final byte[] bytes) {
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        return new SiteClock(b.getLong(), b.getLong(), b.getLong());
    }

    private static long saturatedAdd(final long a, final long b) {
        final long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
