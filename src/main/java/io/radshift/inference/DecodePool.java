package io.radshift.inference;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process-wide threads that decode images: one per core, shared by every stream task and offline scorer, so
 * that decoding uses all cores without oversubscribing them however many tasks run. Daemon threads: they never
 * keep the JVM alive. How much decoded memory they hold at once is bounded by the
 * {@link io.radshift.inference.decode.DecodeBudget}, how much work is queued by the callers (a stream task has at
 * most two batches in flight).
 */
public final class DecodePool {

    private static final ExecutorService SHARED = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), daemonThreads("radshift-decode-"));

    private DecodePool() {
    }

    /** The shared pool. */
    public static ExecutorService shared() {
        return SHARED;
    }

    /** A factory of daemon threads named {@code prefix + n}. */
    static ThreadFactory daemonThreads(final String prefix) {
        final AtomicInteger count = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
