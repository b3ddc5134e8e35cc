package io.radshift.cli;

import java.util.function.LongSupplier;

/**
 * Spaces out work to at most {@code perSecond} items a second, a token bucket holding one token: after a pause
 * (a slow file, a busy broker) it does not burst to catch up, so a hospital link never sees more than the rate.
 * Not thread-safe: call it from the loop that does the work.
 */
final class Pacer {

    /** Waits for a number of nanoseconds; {@code Thread::sleep} outside tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextSlot;
    private boolean started;

    /**
     * @param perSecond items per second, positive
     * @param nanoTime  clock, {@code System::nanoTime} outside tests
     * @param sleeper   how to wait
     */
    Pacer(final double perSecond, final LongSupplier nanoTime, final Sleeper sleeper) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("--rate must be a positive number of studies per second, got " + perSecond);
        }
        this.intervalNanos = Math.max(1, Math.round(1e9 / perSecond));
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** A pacer on the system clock. */
    static Pacer perSecond(final double perSecond) {
        return new Pacer(perSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Returns when the next item may start, waiting if the previous one started less than one interval ago. */
    void acquire() throws InterruptedException {
        final long now = nanoTime.getAsLong();
        if (!started || now >= nextSlot) {
            started = true;
            nextSlot = now + intervalNanos;
            return;
        }
        final long wait = nextSlot - now;
        sleeper.sleepNanos(wait);
        nextSlot += intervalNanos;
    }
}
