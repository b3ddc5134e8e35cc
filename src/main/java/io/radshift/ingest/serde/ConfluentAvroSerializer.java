package io.radshift.ingest.serde;

import io.radshift.ingest.registry.RegisteredSchema;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.ingest.registry.SchemaRegistryClient;
import io.radshift.ingest.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer writing generated Avro records in the Confluent wire format, byte-compatible with
 * Confluent's {@code KafkaAvroSerializer}.
 *
 * <p>The schema id comes from the registry: registered on first use ({@code auto.register.schemas=true},
 * default), looked up ({@code false}), or the subject's latest version ({@code use.latest.version=true}, which
 * requires the record's schema to be that latest version; the latest version is read once per subject and
 * kept for the serializer's life). Ids are cached by the client, so steady state makes no HTTP call.
 * Thread-safe.
 *
 * @param <T> the generated record type
 */
public final class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private SchemaRegistryClient client;
    private ConfluentAvroSerdeConfig options = ConfluentAvroSerdeConfig.defaults();
    private boolean isKey;
    private final Map<Class<?>, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final Map<String, RegisteredSchema> latestBySubject = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; {@link #configure} must supply {@code schema.registry.url}. */
    public ConfluentAvroSerializer() {
    }

    /** A value serializer with default options over a given client; {@link #configure} may change options. */
    public ConfluentAvroSerializer(final SchemaRegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Reads options; creates a REST client from {@code schema.registry.url} unless one was given. */
    @Override
    public void configure(final Map<String, ?> configs, final boolean key) {
        this.isKey = key;
        this.options = ConfluentAvroSerdeConfig.from(configs, key);
        if (client == null) {
            client = clientFrom(configs);
        }
    }

    @Override
    public byte[] serialize(final String topic, final T record) {
        if (record == null) {
            return null;
        }
        final Schema schema = record.getSchema();
        final int id = schemaId(topic, schema);
        try {
            return ReusableAvroCodec.encode(id, writerFor(record), record);
        } catch (IOException | AvroRuntimeException | NullPointerException | ClassCastException e) {
            throw new SerializationException("cannot encode " + schema.getFullName() + " for topic " + topic
                    + " with schema id " + id + ": " + e, e);
        }
    }

    private int schemaId(final String topic, final Schema schema) {
        if (client == null) {
            throw new IllegalStateException("serializer has no schema registry client: pass one to the constructor"
                    + " or call configure with schema.registry.url");
        }
        final String subject = options.subjectStrategy().subjectName(topic, isKey, schema);
        try {
            if (options.useLatestVersion()) {
                return latestId(subject, schema);
            }
            return options.autoRegister() ? client.register(subject, schema) : client.lookup(subject, schema).id();
        } catch (SchemaRegistryException e) {
            throw new SerializationException("cannot serialize " + schema.getFullName() + " for topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }

    private int latestId(final String subject, final Schema schema) {
        final RegisteredSchema latest = latestBySubject.computeIfAbsent(subject, client::latest);
        if (!latest.schema().equals(schema)) {
            throw new SerializationException("use.latest.version: the record's schema " + schema.getFullName()
                    + " is not the latest version (" + latest.version() + ", id " + latest.id() + ") of subject "
                    + subject + "; produce with the class generated from that version or disable use.latest.version");
        }
        return latest.id();
    }

    @SuppressWarnings("unchecked")
    private DatumWriter<T> writerFor(final T record) {
        return writers.computeIfAbsent(record.getClass(), type -> new SpecificDatumWriter<>(record.getSchema(),
                SpecificData.getForClass((Class<T>) type)));
    }

    static SchemaRegistryClient clientFrom(final Map<String, ?> configs) {
        try {
            return RestSchemaRegistryClient.fromConfig(configs);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid schema registry client config: " + e.getMessage());
        }
    }
}
