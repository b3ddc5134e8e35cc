package io.radshift.tools.bench;

import io.radshift.inference.ImageInput;
import io.radshift.inference.ImageScorer;
import io.radshift.inference.decode.DecodeException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Decode + preprocess throughput of the scorer's per-image step ({@link ImageScorer#prepare}: read, decode, quality
 * features, resize, normalise) on encoded images held in memory, on one thread (per core) and on a fixed pool of
 * threads (all cores). Every measurement runs at least {@code seconds} and at least one pass over the images.
 */
public final class DecodeBenchmark {

    /**
     * A single-thread rate.
     *
     * @param wall images per second of wall clock
     * @param cpu  images per second of the thread's CPU time (what other processes on a shared machine take
     *             from the wall clock does not count)
     */
    public record Rate(double wall, double cpu) {
    }

    private DecodeBenchmark() {
    }

    /** Images per second on the calling thread, after a short warm-up. */
    public static Rate perCore(final ImageScorer scorer, final List<ImageInput> images, final double seconds)
            throws DecodeException {
        for (int i = 0; i < Math.min(20, images.size()); i++) {
            scorer.prepare(images.get(i));
        }
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long cpuStart = threads.getCurrentThreadCpuTime();
        final long start = System.nanoTime();
        long decoded = 0;
        while (decoded < images.size() || System.nanoTime() - start < seconds * 1e9) {
            scorer.prepare(images.get((int) (decoded % images.size())));
            decoded++;
        }
        return new Rate(decoded / ((System.nanoTime() - start) / 1e9), decoded / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9));
    }

    /** Images per second of {@code threads} threads decoding at once, each cycling through the images. */
    public static double allCores(final ImageScorer scorer, final List<ImageInput> images, final double seconds,
                                  final int threads) throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            final AtomicLong next = new AtomicLong();
            final long start = System.nanoTime();
            final long end = start + (long) (seconds * 1e9);
            final List<Future<Long>> workers = IntStream.range(0, threads)
                    .mapToObj(t -> pool.submit(() -> {
                        long done = 0;
                        for (long i = next.getAndIncrement(); i < images.size() || System.nanoTime() < end; i = next.getAndIncrement()) {
                            scorer.prepare(images.get((int) (i % images.size())));
                            done++;
                        }
                        return done;
                    })).toList();
            long decoded = 0;
            for (final Future<Long> worker : workers) {
                decoded += worker.get();
            }
            return decoded / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }
}
