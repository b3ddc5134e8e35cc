package io.radshift.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The marks of the inference tasks of one process, per partition and per owner. */
class BufferMarksTest {

    private final BufferMarks marks = new BufferMarks();

    @Test
    void eachPartitionKeepsItsLatestMark() {
        final Object task = new Object();
        marks.set(0, task, 3);
        marks.set(0, task, 8);
        marks.restored(2, new Object(), BufferMarks.UNPROCESSED);
        marks.committed();
        assertThat(marks.snapshot()).isEqualTo(Map.of(0, 8L, 2, BufferMarks.UNPROCESSED));
    }

    @Test
    void aClosingTaskDoesNotClearTheMarkOfItsSuccessor() {
        final Object closing = new Object();
        final Object successor = new Object();
        marks.restored(1, closing, 5);
        marks.restored(1, successor, 5);
        marks.release(1, closing);
        assertThat(marks.snapshot()).isEqualTo(Map.of(1, 5L));
        marks.release(1, successor);
        assertThat(marks.snapshot()).isEmpty();
    }

    @Test
    void aMarkSetWhileProcessingCountsOnlyOnceItsThreadsTransactionCommitted() throws InterruptedException {
        final Object task = new Object();
        marks.restored(0, task, 3);
        marks.set(0, task, 9);
        assertThat(marks.snapshot()).as("the forwarded inferences are not visible yet").isEqualTo(Map.of(0, 3L));
        onAnotherThread(marks::committed);
        assertThat(marks.snapshot()).as("another stream thread's commit").isEqualTo(Map.of(0, 3L));
        marks.committed();
        assertThat(marks.snapshot()).isEqualTo(Map.of(0, 9L));
    }

    @Test
    void anAbortedTransactionVoidsTheMarksItsThreadSet() {
        final Object task = new Object();
        marks.restored(0, task, 3);
        marks.set(0, task, 9);
        marks.aborted();
        marks.committed();
        assertThat(marks.snapshot()).as("its studies are back in the restored buffer").isEqualTo(Map.of(0, 3L));
    }

    @Test
    void aRestoredBufferCountsAtOnceAndReplacesWhatWasPending() {
        final Object before = new Object();
        final Object after = new Object();
        marks.set(0, before, 9);
        marks.restored(0, after, 4);
        assertThat(marks.snapshot()).isEqualTo(Map.of(0, 4L));
        marks.committed();
        assertThat(marks.snapshot()).isEqualTo(Map.of(0, 4L));
    }

    @Test
    void aClosingTaskTakesItsPendingMarkWithIt() {
        final Object task = new Object();
        marks.set(2, task, 7);
        marks.release(2, task);
        marks.committed();
        assertThat(marks.snapshot()).isEmpty();
    }

    @Test
    void aTaskThatProcessedStudiesSinceItRestoredAnEmptyBufferVouchesForNothingUntilItCommits() {
        final Object task = new Object();
        marks.restored(0, task, BufferMarks.UNPROCESSED);
        assertThat(marks.snapshot()).isEqualTo(Map.of(0, BufferMarks.UNPROCESSED));
        marks.set(0, task, 10);
        assertThat(marks.snapshot()).as("study 10 may be committed into the buffer already").isEmpty();
        marks.committed();
        assertThat(marks.snapshot()).isEqualTo(Map.of(0, 10L));
    }

    private static void onAnotherThread(final Runnable action) throws InterruptedException {
        final Thread thread = new Thread(action);
        thread.start();
        thread.join();
    }
}
