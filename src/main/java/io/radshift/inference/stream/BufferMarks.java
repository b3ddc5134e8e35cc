package io.radshift.inference.stream;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far each inference task of this process has handed its input on: per partition of {@code studies}, the offset
 * below which every study the task processed has left the batch buffer, i.e. was written (with the same transaction
 * as its removal from the buffer) to {@code study-inferences} or the dead-letter topic ({@link BufferLedger#mark()}).
 *
 * <p>A study committed into the buffer is consumed as far as the consumer group's offsets tell, yet its inference
 * is not written yet: without this mark, the idle rule of its site would take it for processed input. The
 * application publishes the marks of the tasks running here and reads every task's mark back, whichever instance
 * runs it ({@code app.ConsumedBacklog}).
 *
 * <p>Only committed marks are published. A mark set while processing ({@link #set}) describes the task's open
 * exactly-once transaction: until that transaction commits, the forwarded inferences are invisible to the
 * monitoring stage, and if the process dies first the transaction aborts and the studies are back in the restored
 * buffer for the next owner. So such a mark waits, per stream thread, until the thread's producer reports its
 * transaction committed ({@link #committed()}, see {@code app.TransactionOutcomeProducer}); an aborted transaction
 * drops it ({@link #aborted()}). A mark taken from a freshly restored buffer ({@link #restored}) is committed state
 * already and counts at once.
 *
 * <p>Tasks set their marks on the stream thread, the publisher reads a snapshot on its own thread; each entry
 * belongs to the processor that set it, so a task closing on one stream thread does not clear the entry of its
 * successor on another. Pure Java and thread safe.
 */
public final class BufferMarks {

    /** A mark that says nothing: the task has an empty buffer and processed no record since it started here. */
    public static final long UNPROCESSED = -1;

    private final Map<Integer, Entry> committed = new ConcurrentHashMap<>();
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();

    /** One partition's mark and the processor that set it. */
    private record Entry(Object owner, long mark) {
    }

    /** A mark of an open transaction: the thread whose producer will commit it. */
    private record Pending(Thread thread, Entry entry) {
    }

    /**
     * Sets the mark of {@code partition} from a buffer just read back from its store (committed state), owned from
     * now on by {@code owner}; it counts at once and replaces anything pending for the partition.
     */
    public void restored(final int partition, final Object owner, final long mark) {
        pending.remove(partition);
        committed.put(partition, new Entry(owner, mark));
    }

    /**
     * Sets the mark of {@code partition} as of the calling stream thread's open transaction, owned by {@code owner};
     * it counts once that thread's transaction commits.
     */
    public void set(final int partition, final Object owner, final long mark) {
        pending.put(partition, new Pending(Thread.currentThread(), new Entry(owner, mark)));
    }

    /** The calling thread's transaction committed: the marks it set count from now on. */
    public void committed() {
        final Thread thread = Thread.currentThread();
        pending.forEach((partition, waiting) -> {
            if (waiting.thread() == thread && pending.remove(partition, waiting)) {
                committed.put(partition, waiting.entry());
            }
        });
    }

    /** The calling thread's transaction aborted: the marks it set since its last commit are void. */
    public void aborted() {
        final Thread thread = Thread.currentThread();
        pending.values().removeIf(waiting -> waiting.thread() == thread);
    }

    /** Removes the marks of {@code partition} that {@code owner} set (the task closed on this instance). */
    public void release(final int partition, final Object owner) {
        pending.computeIfPresent(partition, (p, waiting) -> waiting.entry().owner() == owner ? null : waiting);
        committed.computeIfPresent(partition, (p, entry) -> entry.owner() == owner ? null : entry);
    }

    /**
     * The committed marks of the tasks running here, partition to mark. {@link #UNPROCESSED} (the task restored an
     * empty buffer and has processed nothing since, so the partition's committed offset is vouched for) is left out
     * while the task has a mark pending: it processed studies in a transaction that may have committed a moment ago,
     * its consumed offsets with it, before {@link #committed()} ran; vouching for the committed offset then could
     * count a study still in the buffer.
     */
    public Map<Integer, Long> snapshot() {
        final Map<Integer, Long> copy = new TreeMap<>();
        committed.forEach((partition, entry) -> {
            if (entry.mark() != UNPROCESSED || !pending.containsKey(partition)) {
                copy.put(partition, entry.mark());
            }
        });
        return copy;
    }
}
