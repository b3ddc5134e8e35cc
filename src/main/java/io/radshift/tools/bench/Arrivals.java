package io.radshift.tools.bench;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The event-time order of a replay's studies: every site sends at its own mean volume with the demo simulator's
 * jitter (each interval uniform in 0.5x to 1.5x the mean), and the sites are merged by time, as one stream of
 * hospitals would reach Kafka. Kafka-free, so the volume that sets a site's window size n is unit-tested.
 */
final class Arrivals implements Iterator<Arrivals.Arrival> {

    /** One study: which site (index) sends it, and when (epoch ms). */
    record Arrival(int site, long time) {
    }

    private final double[] meanIntervalMs;
    private final long stop;
    private final SplittableRandom random;
    private final PriorityQueue<Arrival> next = new PriorityQueue<>((a, b) -> a.time() != b.time()
        ? Long.compare(a.time(), b.time()) : Integer.compare(a.site(), b.site()));

    /**
     * @param studiesPerDay mean volume of each site
     * @param start         time of every site's first study
     * @param stop          no study at or after this time
     */
    Arrivals(final List<Double> studiesPerDay, final long start, final long stop, final SplittableRandom random) {
        this.meanIntervalMs = studiesPerDay.stream().mapToDouble(v -> Duration.ofDays(1).toMillis() / v).toArray();
        this.stop = stop;
        this.random = random;
        for (int s = 0; s < meanIntervalMs.length; s++) {
            if (start < stop) {
                next.add(new Arrival(s, start));
            }
        }
    }

    @Override
    public boolean hasNext() {
        return !next.isEmpty();
    }

    @Override
    public Arrival next() {
        final Arrival arrival = next.poll();
        if (arrival == null) {
            throw new NoSuchElementException();
        }
        final long following = arrival.time() + (long) (meanIntervalMs[arrival.site()] * (0.5 + random.nextDouble()));
        if (following < stop) {
            next.add(new Arrival(arrival.site(), following));
        }
        return arrival;
    }
}
