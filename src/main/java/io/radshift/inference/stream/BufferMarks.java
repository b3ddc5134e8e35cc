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
 * runs it ({@code app.ConsumedBacklog}). Tasks set their mark on the stream thread, the publisher reads a snapshot
 * on its own thread; each entry belongs to the processor that set it, so a task closing on one stream thread does
 * not clear the entry of its successor on another. Pure Java and thread safe.
 */
public final class BufferMarks {

    /** A mark that says nothing: the task has an empty buffer and processed no record since it started here. */
    public static final long UNPROCESSED = -1;

    private final Map<Integer, Entry> marks = new ConcurrentHashMap<>();

    /** One partition's mark and the processor that set it. */
    private record Entry(Object owner, long mark) {
    }

    /** Sets the mark of {@code partition}, owned from now on by {@code owner}. */
    public void set(final int partition, final Object owner, final long mark) {
        marks.put(partition, new Entry(owner, mark));
    }

    /** Removes the mark of {@code partition} if {@code owner} set it last (the task closed on this instance). */
    public void release(final int partition, final Object owner) {
        marks.computeIfPresent(partition, (p, entry) -> entry.owner() == owner ? null : entry);
    }

    /** The marks of the tasks running here, partition to mark ({@link #UNPROCESSED} included). */
    public Map<Integer, Long> snapshot() {
        final Map<Integer, Long> copy = new TreeMap<>();
        marks.forEach((partition, entry) -> copy.put(partition, entry.mark()));
        return copy;
    }
}
