package io.radshift.tools.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Times a restore from the changelogs: from the first store partition that starts restoring to the last that
 * ends, and how many records were replayed. Kafka Streams calls it from its restore threads, hence the atomics.
 */
final class RestoreTimer implements StateRestoreListener {

    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);

    @Override
    public void onRestoreStart(final TopicPartition partition, final String store, final long startingOffset,
                               final long endingOffset) {
        started.incrementAndGet();
        active.incrementAndGet();
        firstStart.accumulateAndGet(System.nanoTime(), Math::min);
    }

    @Override
    public void onBatchRestored(final TopicPartition partition, final String store, final long batchEndOffset,
                                final long numRestored) {
        records.addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(final TopicPartition partition, final String store, final long totalRestored) {
        lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
        active.decrementAndGet();
    }

    @Override
    public void onRestoreSuspended(final TopicPartition partition, final String store, final long totalRestored) {
        active.decrementAndGet();
    }

    /** Whether some restore started and none is still running. */
    boolean done() {
        return started.get() > 0 && active.get() == 0;
    }

    /** Records replayed from the changelogs. */
    long records() {
        return records.get();
    }

    /** First restore start to last restore end; zero when nothing was restored. */
    Duration span() {
        return started.get() == 0 ? Duration.ZERO : Duration.ofNanos(lastEnd.get() - firstStart.get());
    }
}
