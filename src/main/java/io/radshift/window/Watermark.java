package io.radshift.window;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application's event-time clock, shared by the window processors of all tasks in one instance.
 *
 * <p>Kafka Streams keeps stream time per task, so a quiet partition (a site that stopped sending) never closes
 * its windows by itself. RadShift instead takes the largest event time seen by any task, because all hospitals
 * stream concurrently. When nothing at all arrives for {@code idleTimeout}, the clock advances at wall-clock
 * speed from there (as Flink does for idle sources), so the last windows still close. A replay of historical
 * data therefore runs purely on event time, and a live stream closes windows within about a second of
 * {@code end + grace}.
 */
public final class Watermark {

    private final long idleTimeoutMs;
    private final AtomicLong maxEventTime = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong wallAtLastAdvance = new AtomicLong();

    public Watermark(final Duration idleTimeout) {
        this.idleTimeoutMs = idleTimeout.toMillis();
    }

    /** Records that a study with {@code eventTime} was seen at wall-clock time {@code wallNow}. */
    public void observe(final long eventTime, final long wallNow) {
        final long before = maxEventTime.getAndAccumulate(eventTime, Math::max);
        if (eventTime >= before) {
            wallAtLastAdvance.set(wallNow);
        }
    }

    /** The current event time, or {@link Long#MIN_VALUE} before the first study. */
    public long current(final long wallNow) {
        final long max = maxEventTime.get();
        if (max == Long.MIN_VALUE) {
            return max;
        }
        final long idle = wallNow - wallAtLastAdvance.get() - idleTimeoutMs;
        return idle > 0 ? max + idle : max;
    }
}
