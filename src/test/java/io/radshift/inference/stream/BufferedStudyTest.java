package io.radshift.inference.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class BufferedStudyTest {

    @Test
    void roundTripsKeyValueTimesAndHeadersIncludingNulls() {
        final RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        headers.add("empty", null);
        headers.add("trace", "t-2".getBytes(StandardCharsets.UTF_8));
        final BufferedStudy study = new BufferedStudy(null, new byte[] {0, 0, 0, 0, 7, 42}, 1_764_000_000_123L, 99L, headers);

        final BufferedStudy back = BufferedStudy.fromBytes(study.toBytes());

        assertThat(back.key()).isNull();
        assertThat(back.value()).containsExactly(0, 0, 0, 0, 7, 42);
        assertThat(back.timestamp()).isEqualTo(1_764_000_000_123L);
        assertThat(back.bufferedAt()).isEqualTo(99L);
        assertThat(back.headers().toArray()).hasSize(3);
        assertThat(back.headers().lastHeader("trace").value()).isEqualTo("t-2".getBytes(StandardCharsets.UTF_8));
        assertThat(back.headers().lastHeader("empty").value()).isNull();
    }

    @Test
    void keepsTheSourceOffsetAndReadsFormatOneWithoutIt() {
        final BufferedStudy study = new BufferedStudy(null, new byte[] {1}, 5, 6, new RecordHeaders(), 1_234L);
        assertThat(BufferedStudy.fromBytes(study.toBytes()).sourceOffset()).isEqualTo(1_234L);
        final byte[] current = study.toBytes();
        final byte[] formatOne = java.util.Arrays.copyOf(current, current.length - Long.BYTES);
        formatOne[0] = 1;
        final BufferedStudy old = BufferedStudy.fromBytes(formatOne);
        assertThat(old.sourceOffset()).isEqualTo(BufferedStudy.NO_OFFSET);
        assertThat(old.value()).containsExactly(1);
    }

    @Test
    void rejectsAnUnknownFormatVersion() {
        final byte[] bytes = new BufferedStudy("k".getBytes(StandardCharsets.UTF_8), new byte[0], 1, 2, new RecordHeaders()).toBytes();
        bytes[0] = 9;
        assertThatThrownBy(() -> BufferedStudy.fromBytes(bytes)).hasMessageContaining("format version 9");
    }
}
