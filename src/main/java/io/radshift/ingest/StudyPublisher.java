package io.radshift.ingest;

import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyLabels;
import io.radshift.ingest.registry.SchemaRegistryClient;
import io.radshift.ingest.serde.ConfluentAvroSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends study events and delayed labels to Kafka as a hospital would: keyed by site (per-site order), Avro in
 * the Confluent wire format, the record timestamp set to the acquisition time, idempotent and acknowledged
 * by all replicas.
 */
public final class StudyPublisher implements AutoCloseable {

    private final KafkaProducer<String, StudyEvent> studies;
    private final KafkaProducer<String, StudyLabels> labels;
    private final String studiesTopic;
    private final String labelsTopic;

    /**
     * @param bootstrapServers Kafka
     * @param registry         Schema Registry client
     * @param clientProperties extra producer settings (security)
     */
    public StudyPublisher(final String bootstrapServers, final SchemaRegistryClient registry, final Map<String, String> clientProperties,
                          final String studiesTopic, final String labelsTopic) {
        final Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        this.studies = new KafkaProducer<>(props, new StringSerializer(), new ConfluentAvroSerializer<>(registry));
        this.labels = new KafkaProducer<>(props, new StringSerializer(), new ConfluentAvroSerializer<>(registry));
        this.studiesTopic = studiesTopic;
        this.labelsTopic = labelsTopic;
    }

    /** Sends a study; the future completes when Kafka acknowledged it. */
    public Future<RecordMetadata> send(final StudyEvent event) {
        return studies.send(new ProducerRecord<>(studiesTopic, null, event.getEventTime().toEpochMilli(), event.getSiteId(), event));
    }

    /** Sends ground truth for a study. */
    public Future<RecordMetadata> send(final StudyLabels truth) {
        return labels.send(new ProducerRecord<>(labelsTopic, null, truth.getEventTime().toEpochMilli(), truth.getSiteId(), truth));
    }

    /** Waits until everything sent so far is acknowledged. */
    public void flush() {
        studies.flush();
        labels.flush();
    }

    @Override
    public void close() {
        studies.close(Duration.ofSeconds(10));
        labels.close(Duration.ofSeconds(10));
    }
}
