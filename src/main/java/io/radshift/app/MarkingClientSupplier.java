package io.radshift.app;

import io.radshift.inference.stream.BufferMarks;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' clients as its default supplier makes them (byte-array serdes, the configuration Streams passes),
 * except that every producer reports its transactions' outcome to the inference buffer's marks
 * ({@link TransactionOutcomeProducer}). Under the streams rebalance protocol Kafka Streams builds its main consumer
 * itself; the producers still come from here.
 */
public final class MarkingClientSupplier implements KafkaClientSupplier {

    private final BufferMarks marks;

    /** Clients whose producers report to {@code marks}. */
    public MarkingClientSupplier(final BufferMarks marks) {
        this.marks = marks;
    }

    @Override
    public Admin getAdmin(final Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(final Map<String, Object> config) {
        return new TransactionOutcomeProducer(new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()), marks);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(final Map<String, Object> config) {
        return byteConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(final Map<String, Object> config) {
        return byteConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(final Map<String, Object> config) {
        return byteConsumer(config);
    }

    private static Consumer<byte[], byte[]> byteConsumer(final Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
