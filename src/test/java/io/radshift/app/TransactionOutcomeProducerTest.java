package io.radshift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.inference.stream.BufferMarks;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A stream thread's producer tells the buffer marks how each transaction ended. */
class TransactionOutcomeProducerTest {

    private final BufferMarks marks = new BufferMarks();
    private final Object task = new Object();
    private MockProducer<byte[], byte[]> kafka;
    private TransactionOutcomeProducer producer;

    @BeforeEach
    void transactionWithAHandedOnBatch() {
        kafka = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        producer = new TransactionOutcomeProducer(kafka, marks);
        producer.initTransactions();
        marks.restored(0, task, 10);
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("study-inferences", new byte[] {1}));
        marks.set(0, task, 42);
    }

    @Test
    void aCommittedTransactionMakesItsMarksCount() {
        assertThat(marks.snapshot()).isEqualTo(Map.of(0, 10L));
        producer.commitTransaction();
        assertThat(kafka.transactionCommitted()).isTrue();
        assertThat(marks.snapshot()).isEqualTo(Map.of(0, 42L));
    }

    @Test
    void anAbortedTransactionVoidsThem() {
        producer.abortTransaction();
        assertThat(kafka.transactionAborted()).isTrue();
        producer.beginTransaction();
        producer.commitTransaction();
        assertThat(marks.snapshot()).as("the next commit does not bring them back").isEqualTo(Map.of(0, 10L));
        assertThat(marks.snapshot()).isEqualTo(Map.of(0, 10L));
    }

    @Test
    void aFailedCommitLeavesThemWaiting() {
        kafka.commitTransactionException = new KafkaException("broker gone");
        assertThatThrownBy(producer::commitTransaction).hasMessageContaining("broker gone");
        assertThat(marks.snapshot()).isEqualTo(Map.of(0, 10L));
    }

    @Test
    void everythingElseReachesTheWrappedProducer() {
        assertThat(kafka.uncommittedRecords()).hasSize(1);
        producer.flush();
        assertThat(kafka.flushed()).isTrue();
        producer.commitTransaction();
        assertThat(kafka.history()).hasSize(1);
    }
}
