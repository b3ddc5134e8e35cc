package io.radshift.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Remembers recent stream-thread failures so that a thread that keeps failing (replaced, fails again on the same
 * input, replaced...) turns {@code /health} and {@code /ready} down with the reason, instead of answering 200 while
 * nothing is processed. A single failure (a model error retried once) does not: {@code maxFailures} within
 * {@code period} do; the state clears once {@code period} passes without a failure.
 *
 * <p>The reason names the exception type only: messages can carry record content.
 */
public final class StreamFailures {

    private final int maxFailures;
    private final Duration period;
    private final Clock clock;
    private final Deque<Instant> recent = new ArrayDeque<>();
    private String lastType = "";

    /** Down after {@code maxFailures} failures within {@code period}. */
    public StreamFailures(final int maxFailures, final Duration period, final Clock clock) {
        if (maxFailures < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("maxFailures must be >= 1 and the period positive");
        }
        this.maxFailures = maxFailures;
        this.period = period;
        this.clock = clock;
    }

    /** Three failures within ten minutes, on the system clock. */
    public static StreamFailures defaults() {
        return new StreamFailures(3, Duration.ofMinutes(10), Clock.systemUTC());
    }

    /** Records one failure of a stream thread. */
    public synchronized void failed(final Throwable failure) {
        final Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        lastType = cause.getClass().getSimpleName();
        recent.addLast(clock.instant());
        expire();
    }

    /** Why the stream counts as down, when it has failed too often recently. */
    public synchronized Optional<String> downReason() {
        expire();
        if (recent.size() < maxFailures) {
            return Optional.empty();
        }
        return Optional.of("stream thread failed " + recent.size() + " times in the last " + period.toMinutes()
                + " min (last: " + lastType + "; see the log)");
    }

    private void expire() {
        final Instant oldest = clock.instant().minus(period);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(oldest)) {
            recent.removeFirst();
        }
    }
}
