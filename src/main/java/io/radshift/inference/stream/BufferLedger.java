package io.radshift.inference.stream;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The source offsets of one inference task's buffered studies, in buffer order, and how far the task has processed
 * its partition of {@code studies}: from them the task's {@link #mark()}, the offset below which every study it
 * processed has left the buffer. The buffer is first in, first out (batches are submitted and forwarded in sequence
 * order), so the oldest buffered study is the first of the queue. Kept on the stream thread; pure Java.
 */
final class BufferLedger {

    /** Offset of a study restored from a buffer written before offsets were kept: nothing after 0 is vouched for. */
    static final long UNKNOWN_OFFSET = 0;

    private final Deque<Long> buffered = new ArrayDeque<>();
    private long position = BufferMarks.UNPROCESSED;

    /** A record of the partition at {@code offset} was processed (buffered, dead-lettered at the door, ...). */
    void processed(final long offset) {
        position = Math.max(position, offset + 1);
    }

    /** The study at {@code offset} entered the buffer (or was found there after a restart), after every other. */
    void buffered(final long offset) {
        buffered.addLast(offset);
    }

    /** The oldest buffered study left the buffer: its inference or dead letter was forwarded. */
    void forwarded() {
        buffered.pollFirst();
    }

    /** Forgets everything: the task's buffer is about to be read back from its store. */
    void clear() {
        buffered.clear();
        position = BufferMarks.UNPROCESSED;
    }

    /**
     * The offset below which every study processed here has left the buffer: the oldest buffered study's offset;
     * with an empty buffer, the offset after the last record processed; {@link BufferMarks#UNPROCESSED} when the
     * buffer is empty and no record was processed since the task started here.
     */
    long mark() {
        return buffered.isEmpty() ? position : buffered.peekFirst();
    }
}
