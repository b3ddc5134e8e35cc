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
        marks.set(2, new Object(), BufferMarks.UNPROCESSED);
        assertThat(marks.snapshot()).isEqualTo(Map.of(0, 8L, 2, BufferMarks.UNPROCESSED));
    }

    @Test
    void aClosingTaskDoesNotClearTheMarkOfItsSuccessor() {
        final Object closing = new Object();
        final Object successor = new Object();
        marks.set(1, closing, 5);
        marks.set(1, successor, 5);
        marks.release(1, closing);
        assertThat(marks.snapshot()).isEqualTo(Map.of(1, 5L));
        marks.release(1, successor);
        assertThat(marks.snapshot()).isEmpty();
    }
}
