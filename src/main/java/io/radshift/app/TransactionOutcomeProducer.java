package io.radshift.app;

import io.radshift.inference.stream.BufferMarks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * A stream thread's producer that tells the inference buffer's marks how its transactions ended: a mark set while
 * processing counts only once the transaction that removed its studies from the buffer has committed
 * ({@link BufferMarks}). Kafka Streams has no commit callback for processors, but under exactly-once every stream
 * thread commits through its own producer, on that thread, so the end of {@link #commitTransaction()} is exactly the
 * moment the thread's outputs became visible. Everything else goes straight to the wrapped producer.
 */
final class TransactionOutcomeProducer implements Producer<byte[], byte[]> {

    private final Producer<byte[], byte[]> delegate;
    private final BufferMarks marks;

    TransactionOutcomeProducer(final Producer<byte[], byte[]> delegate, final BufferMarks marks) {
        this.delegate = delegate;
        this.marks = marks;
    }

    /** Commits, then lets the marks of this thread's transaction count; a failed commit leaves them waiting. */
    @Override
    public void commitTransaction() {
        delegate.commitTransaction();
        marks.committed();
    }

    /** Aborts; the marks this thread set since its last commit are void (its tasks restore their buffers). */
    @Override
    public void abortTransaction() {
        marks.aborted();
        delegate.abortTransaction();
    }

    @Override
    public void initTransactions() {
        delegate.initTransactions();
    }

    @Override
    public void beginTransaction() {
        delegate.beginTransaction();
    }

    @Override
    public void sendOffsetsToTransaction(final Map<TopicPartition, OffsetAndMetadata> offsets, final ConsumerGroupMetadata group) {
        delegate.sendOffsetsToTransaction(offsets, group);
    }

    @Override
    public void registerMetricForSubscription(final KafkaMetric metric) {
        delegate.registerMetricForSubscription(metric);
    }

    @Override
    public void unregisterMetricFromSubscription(final KafkaMetric metric) {
        delegate.unregisterMetricFromSubscription(metric);
    }

    @Override
    public Future<RecordMetadata> send(final ProducerRecord<byte[], byte[]> record) {
        return delegate.send(record);
    }

    @Override
    public Future<RecordMetadata> send(final ProducerRecord<byte[], byte[]> record, final Callback callback) {
        return delegate.send(record, callback);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public List<PartitionInfo> partitionsFor(final String topic) {
        return delegate.partitionsFor(topic);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return delegate.metrics();
    }

    @Override
    public Uuid clientInstanceId(final Duration timeout) {
        return delegate.clientInstanceId(timeout);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void close(final Duration timeout) {
        delegate.close(timeout);
    }
}
