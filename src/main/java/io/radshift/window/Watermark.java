package io.radshift.window;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's event-time clock, shared by the window processors of all tasks in one instance.
 *
 * <p>Kafka Streams keeps stream time per task, so a quiet partition (a site that stopped sending) never closes
 * its windows by itself. RadShift instead derives one watermark from all tasks, as Flink does for parallel
 * sources: the smallest of the latest event times of the tasks that are still receiving studies. Taking the
 * minimum matters when data arrives in a burst (a replay, a backlog after an outage): one partition may be
 * hours of event time ahead of another, and the largest event time would close windows that the slower
 * partition has not filled yet. A task that received nothing for {@code idleTimeout} (a quiet partition) no
 * longer holds the watermark back; when every task is idle the watermark advances at wall-clock speed from the
 * largest event time seen, so the last windows still close. A replay therefore runs purely on event time, and
 * a live stream closes windows within about a second of {@code end + grace}.
 */
public final class Watermark {

    /** The latest event time a task has seen, and when (wall clock) it last saw a study. */
    private record TaskClock(long maxEventTime, long lastSeenWall) {
    }

    private final long idleTimeoutMs;
    private final Map<String, TaskClock> tasks = new ConcurrentHashMap<>();

    public Watermark(final Duration idleTimeout) {
        this.idleTimeoutMs = idleTimeout.toMillis();
    }

    /** Records that {@code task} saw a study with {@code eventTime} at wall-clock time {@code wallNow}. */
    public void observe(final String task, final long eventTime, final long wallNow) {
        tasks.merge(task, new TaskClock(eventTime, wallNow),
                (old, now) -> new TaskClock(Math.max(old.maxEventTime(), now.maxEventTime()), now.lastSeenWall()));
    }

    /** The current event time, or {@link Long#MIN_VALUE} before the first study. */
    public long current(final long wallNow) {
        long activeMin = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        long lastSeen = Long.MIN_VALUE;
        for (TaskClock clock : tasks.values()) {
            max = Math.max(max, clock.maxEventTime());
            lastSeen = Math.max(lastSeen, clock.lastSeenWall());
            if (wallNow - clock.lastSeenWall() < idleTimeoutMs) {
                activeMin = Math.min(activeMin, clock.maxEventTime());
            }
        }
        if (max == Long.MIN_VALUE) {
            return max;
        }
        if (activeMin != Long.MAX_VALUE) {
            return activeMin;
        }
        return max + Math.max(0, wallNow - lastSeen - idleTimeoutMs);
    }
}
