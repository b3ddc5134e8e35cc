package io.radshift.ingest.serde;

import io.radshift.ingest.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link ConfluentAvroSerializer} and {@link ConfluentAvroDeserializer} as one Kafka Streams {@link Serde}.
 * Without {@link #configure} it is a value serde with default options (auto-register, {@code <topic>-value});
 * call {@code configure(config, true)} to use it for keys.
 *
 * @param <T> the generated record type
 */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final ConfluentAvroSerializer<T> serializer;
    private final ConfluentAvroDeserializer<T> deserializer;

    /** For {@code default.value.serde}; {@link #configure} must supply {@code schema.registry.url}. */
    public ConfluentAvroSerde() {
        this.serializer = new ConfluentAvroSerializer<>();
        this.deserializer = new ConfluentAvroDeserializer<>();
    }

    /** A serde over a shared client that reads records into {@code type}. */
    public ConfluentAvroSerde(final SchemaRegistryClient client, final Class<T> type) {
        this.serializer = new ConfluentAvroSerializer<>(client);
        this.deserializer = new ConfluentAvroDeserializer<>(client, type);
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
