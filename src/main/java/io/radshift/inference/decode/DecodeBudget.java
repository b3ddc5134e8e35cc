package io.radshift.inference.decode;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bytes of decoded pixels that may be held at once by all decodes of the process, whatever the number of stream
 * tasks and parallel decode threads. A batch of 32 small files that each declare 7000 x 7000 16-bit RGBA would
 * otherwise allocate some 19 GB at the same moment: every decode first leases its estimated decoded size, waits
 * (a bounded time) while others hold the budget, and is rejected as too large when it alone exceeds it.
 *
 * <p>Counted in KiB so that budgets of several GiB fit a semaphore's int permits.
 */
public final class DecodeBudget {

    private static final long UNIT = 1024;
    private static final DecodeBudget SHARED = new DecodeBudget(defaultBytes(Runtime.getRuntime().maxMemory()), 30_000);

    private final Semaphore permits;
    private final long totalBytes;
    private final long waitMillis;

    /** A budget of {@code totalBytes}; a decode waits at most {@code waitMillis} for its lease. */
    public DecodeBudget(final long totalBytes, final long waitMillis) {
        if (totalBytes < UNIT || waitMillis < 0) {
            throw new IllegalArgumentException("decode budget must be at least 1 KiB and the wait non-negative");
        }
        this.totalBytes = totalBytes;
        this.permits = new Semaphore((int) Math.min(Integer.MAX_VALUE, totalBytes / UNIT), true);
        this.waitMillis = waitMillis;
    }

    /** The process-wide budget: a quarter of the maximum heap, at least 256 MiB. */
    public static DecodeBudget shared() {
        return SHARED;
    }

    static long defaultBytes(final long maxHeap) {
        return Math.max(256L << 20, maxHeap / 4);
    }

    /** The whole budget in bytes. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Bytes free now (for tests and metrics). */
    public long availableBytes() {
        return (long) permits.availablePermits() * UNIT;
    }

    /**
     * Leases {@code bytes} for one decode; close the lease when the decoded pixels are no longer needed.
     *
     * @throws DecodeException {@link DecodeException#TOO_LARGE} when the decode alone exceeds the budget or the
     *                         budget stays taken for longer than the wait
     */
    public Lease acquire(final long bytes) throws DecodeException {
        final int units = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (bytes + UNIT - 1) / UNIT));
        if ((long) units * UNIT > totalBytes) {
            throw new DecodeException(DecodeException.TOO_LARGE, "decoding needs about " + (bytes >> 20)
                    + " MiB, more than the whole decode budget of " + (totalBytes >> 20) + " MiB");
        }
        try {
            if (!permits.tryAcquire(units, waitMillis, TimeUnit.MILLISECONDS)) {
                throw new DecodeException(DecodeException.TOO_LARGE, "decode budget of " + (totalBytes >> 20)
                        + " MiB stayed in use for " + waitMillis + " ms");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecodeException(DecodeException.TOO_LARGE, "interrupted while waiting for the decode budget");
        }
        return new Lease(units);
    }

    /** Decoded bytes held by one decode. */
    public final class Lease implements AutoCloseable {
        private final int units;
        private boolean released;

        private Lease(final int units) {
            this.units = units;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                permits.release(units);
            }
        }
    }
}
