package io.radshift.topics;

import io.radshift.avro.DriftAlert;
import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;
import io.radshift.avro.WindowSummary;
import io.radshift.config.RadShiftConfig;
import io.radshift.ingest.registry.SchemaRegistryClient;
import io.radshift.ingest.serde.ConfluentAvroSerde;
import io.radshift.ingest.serde.ConfluentAvroSerdeConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic RadShift reads or writes, with its serdes, defined in one place from the configuration.
 *
 * <p>All records are keyed by site id: per-site order is kept from the hospital to the alert, and studies,
 * inferences and labels of one site are co-partitioned, so windows and the ground-truth join need no
 * repartitioning. Values are Avro in the Confluent wire format; the dead-letter topic keeps the original bytes.
 */
public final class Topics {

    private final Topic<String, StudyEvent> studies;
    private final Topic<String, StudyLabels> studyLabels;
    private final Topic<String, StudyInference> inferences;
    private final Topic<String, WindowSummary> windows;
    private final Topic<String, DriftAlert> alerts;
    private final Topic<byte[], byte[]> deadLetter;
    private final RadShiftConfig.Kafka kafka;

    public Topics(final RadShiftConfig config, final SchemaRegistryClient registry) {
        this.kafka = config.kafka();
        final RadShiftConfig.TopicNames names = config.topics();
        final boolean autoRegister = config.schemaRegistry().autoRegister();
        this.studies = new Topic<>(names.studies(), Serdes.String(), avro(registry, StudyEvent.class, autoRegister));
        this.studyLabels = new Topic<>(names.studyLabels(), Serdes.String(), avro(registry, StudyLabels.class, autoRegister));
        this.inferences = new Topic<>(names.inferences(), Serdes.String(), avro(registry, StudyInference.class, autoRegister));
        this.windows = new Topic<>(names.windows(), Serdes.String(), avro(registry, WindowSummary.class, autoRegister));
        this.alerts = new Topic<>(names.alerts(), Serdes.String(), avro(registry, DriftAlert.class, autoRegister));
        this.deadLetter = new Topic<>(names.deadLetter(), Serdes.ByteArray(), Serdes.ByteArray());
    }

    public Topic<String, StudyEvent> studies() {
        return studies;
    }

    public Topic<String, StudyLabels> studyLabels() {
        return studyLabels;
    }

    public Topic<String, StudyInference> inferences() {
        return inferences;
    }

    public Topic<String, WindowSummary> windows() {
        return windows;
    }

    public Topic<String, DriftAlert> alerts() {
        return alerts;
    }

    public Topic<byte[], byte[]> deadLetter() {
        return deadLetter;
    }

    /**
     * A consumer of RadShift's two outputs, {@code drift-alerts} ({@link DriftAlert} values) and
     * {@code drift-windows} ({@link WindowSummary} values), subscribed to both, reading committed records from the
     * earliest offset: what any downstream reader (the demo console, the alert benchmark) sees. It connects with
     * the deployment's client settings, security included.
     */
    public KafkaConsumer<String, Object> outputsConsumer(final String groupId) {
        final Map<String, Object> settings = new HashMap<>(kafka.clientProperties());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(settings,
                Serdes.String().deserializer(), (topic, bytes) -> topic.equals(alerts.name())
                        ? alerts.valueSerde().deserializer().deserialize(topic, bytes)
                        : windows.valueSerde().deserializer().deserialize(topic, bytes));
        consumer.subscribe(List.of(alerts.name(), windows.name()));
        return consumer;
    }

    /** The names of all external topics, for creating them. */
    public List<String> names() {
        return List.of(studies.name(), studyLabels.name(), inferences.name(), windows.name(), alerts.name(), deadLetter.name());
    }

    private static <T extends SpecificRecord> Serde<T> avro(final SchemaRegistryClient registry, final Class<T> type,
                                                           final boolean autoRegister) {
        final ConfluentAvroSerde<T> serde = new ConfluentAvroSerde<>(registry, type);
        serde.configure(Map.of(ConfluentAvroSerdeConfig.AUTO_REGISTER_SCHEMAS, autoRegister), false);
        return serde;
    }
}
