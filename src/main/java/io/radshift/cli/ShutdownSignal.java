package io.radshift.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits for Ctrl-C (or a time limit) and lets the command close its resources before the JVM exits: the shutdown
 * hook wakes the command and then waits, up to a minute, until the command says it has closed everything, so the
 * last Kafka transaction commits.
 */
final class ShutdownSignal implements AutoCloseable {

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    ShutdownSignal() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            await(closed, Duration.ofMinutes(1));
        }, "radshift-shutdown"));
    }

    /** Blocks until Ctrl-C, or until {@code limit} has passed when it is not null. */
    void await(final Duration limit) throws InterruptedException {
        if (limit == null) {
            stop.await();
        } else {
            stop.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Tells a pending shutdown hook that everything is closed. */
    @Override
    public void close() {
        closed.countDown();
    }

    private static void await(final CountDownLatch latch, final Duration limit) {
        try {
            latch.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
