package io.radshift.ingest.serde;

import io.radshift.ingest.registry.SchemaRegistryClient;
import io.radshift.ingest.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for Confluent wire-format Avro into generated classes, with schema evolution.
 *
 * <p>The writer schema is fetched by the id in the payload (once per id: cached by the client) and resolved
 * to the reader class's schema with Avro's resolving reader, so a record written with an older version of a
 * schema is read with the defaults of fields added since. The reader class is the one given to the
 * constructor or in {@code specific.avro.value.type} / {@code specific.avro.key.type}, else the generated
 * class the writer schema names.
 *
 * <p>Records that can never be decoded throw an {@link UndecodableRecordException} with the reason
 * ({@link MalformedPayloadException}, {@link UnknownSchemaIdException}, {@link IncompatibleWriterSchemaException});
 * a registry outage throws {@link SchemaRegistryException} instead. Null payloads (tombstones) give null.
 * Thread-safe.
 *
 * @param <T> the generated record type
 */
public final class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private SchemaRegistryClient client;
    private Class<? extends T> readerClass;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; {@link #configure} must supply {@code schema.registry.url}. */
    public ConfluentAvroDeserializer() {
    }

    /** Reads into the class each writer schema names. */
    public ConfluentAvroDeserializer(final SchemaRegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Reads every record into {@code readerClass}, resolving older or newer writer schemas to it. */
    public ConfluentAvroDeserializer(final SchemaRegistryClient client, final Class<T> readerClass) {
        this(client);
        this.readerClass = Objects.requireNonNull(readerClass, "readerClass");
    }

    /** Creates a REST client from {@code schema.registry.url} unless one was given; reads the reader class. */
    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        if (!ConfluentAvroSerdeConfig.bool(configs, ConfluentAvroSerdeConfig.SPECIFIC_AVRO_READER, true)) {
            throw new ConfigException(ConfluentAvroSerdeConfig.SPECIFIC_AVRO_READER, false,
                    "this deserializer only reads generated SpecificRecord classes");
        }
        final Object type = configs.get(isKey ? ConfluentAvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE
                : ConfluentAvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE);
        if (readerClass == null && type != null) {
            readerClass = specificClass(type);
        }
        if (client == null) {
            client = ConfluentAvroSerializer.clientFrom(configs);
        }
    }

    @Override
    public T deserialize(final String topic, final byte[] payload) {
        if (payload == null) {
            return null;
        }
        final int id = AvroWireFormat.schemaId(payload);
        final DatumReader<T> reader = readerFor(id);
        final BinaryDecoder decoder = ReusableAvroCodec.decoder(payload, AvroWireFormat.HEADER_SIZE,
                payload.length - AvroWireFormat.HEADER_SIZE);
        final T value;
        try {
            value = reader.read(null, new LengthBoundedDecoder(decoder, payload.length));
        } catch (final MalformedPayloadException e) {
            throw new MalformedPayloadException("corrupt Avro body for schema id " + id + " on topic " + topic + ": "
                    + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new MalformedPayloadException("corrupt Avro body for schema id " + id + " (" + payload.length
                    + " bytes) on topic " + topic + ": " + e, e);
        }
        if (!isFullyRead(decoder)) {
            throw new MalformedPayloadException("corrupt Avro body for schema id " + id + " on topic " + topic
                    + ": trailing bytes after the record");
        }
        return value;
    }

    private static boolean isFullyRead(final BinaryDecoder decoder) {
        try {
            return decoder.isEnd();
        } catch (IOException e) {
            return false;
        }
    }

    private DatumReader<T> readerFor(final int id) {
        final DatumReader<T> cached = readers.get(id);
        return cached != null ? cached : readers.computeIfAbsent(id, this::newReader);
    }

    private DatumReader<T> newReader(final int id) {
        if (client == null) {
            throw new IllegalStateException("deserializer has no schema registry client: pass one to the"
                    + " constructor or call configure with schema.registry.url");
        }
        final Schema writer = writerSchema(id);
        final Class<? extends T> type = Optional.<Class<? extends T>>ofNullable(readerClass)
                .orElseGet(() -> generatedClass(id, writer));
        final SpecificData model = SpecificData.getForClass(type);
        final Schema reader = model.getSchema(type);
        final SchemaCompatibilityResult compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (!compatibility.getIncompatibilities().isEmpty()) {
            throw new IncompatibleWriterSchemaException("schema id " + id + " (" + writer.getFullName()
                    + ") cannot be read as " + reader.getFullName() + ": " + compatibility.getIncompatibilities()
                    .stream().map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                    .collect(Collectors.joining("; ")));
        }
        return new SpecificDatumReader<>(writer, reader, model);
    }

    private Schema writerSchema(final int id) {
        try {
            return client.getById(id);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                throw new UnknownSchemaIdException(id, e);
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private Class<? extends T> generatedClass(final int id, final Schema writer) {
        final Class<?> type = writer.getType() == Schema.Type.RECORD ? SpecificData.get().getClass(writer) : null;
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new IncompatibleWriterSchemaException("schema id " + id + " (" + writer.getFullName()
                    + ") has no generated SpecificRecord class on the classpath");
        }
        return (Class<? extends T>) type;
    }

    @SuppressWarnings("unchecked")
    private Class<? extends T> specificClass(final Object type) {
        try {
            final Class<?> loaded = type instanceof Class<?> given ? given
                    : Class.forName(type.toString().trim(), true, Thread.currentThread().getContextClassLoader());
            if (!SpecificRecord.class.isAssignableFrom(loaded)) {
                throw new ConfigException("specific.avro.*.type", type, "not a generated SpecificRecord class");
            }
            return (Class<? extends T>) loaded;
        } catch (ClassNotFoundException e) {
            throw new ConfigException("specific.avro.*.type", type, "class not found");
        }
    }
}
