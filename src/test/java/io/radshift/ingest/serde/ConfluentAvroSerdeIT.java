package io.radshift.ingest.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyInference;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.ingest.registry.SchemaRegistryClient;
import io.radshift.ingest.registry.TestSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Serializer, deserializer and serde of the generated records through a real embedded registry over HTTP. */
class ConfluentAvroSerdeIT {

    private EmbeddedSchemaRegistry registry;
    private SchemaRegistryClient client;

    @BeforeEach
    void startRegistry() {
        registry = EmbeddedSchemaRegistry.start(0);
        client = RestSchemaRegistryClient.builder(registry.url()).build();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void studyEventRoundTripsAndIsByteExactConfluentWireFormat() throws IOException {
        final StudyEvent event = SampleRecords.studyEvent(1);
        final byte[] payload = new ConfluentAvroSerializer<StudyEvent>(client).serialize("studies", event);

        final int id = client.latest("studies-value").id();
        final byte[] expected = AvroWireFormat.encode(id, plainAvro(event));
        assertThat(payload).isEqualTo(expected);
        assertThat(Arrays.copyOf(payload, 5)).containsExactly(0, 0, 0, 0, id);

        final StudyEvent read = new ConfluentAvroDeserializer<>(freshClient(), StudyEvent.class).deserialize("studies", payload);
        assertThat(read).isEqualTo(event);
    }

    @Test
    void studyInferenceRoundTripsThroughTheSerdeIntoTheWriterNamedClass() {
        final StudyInference inference = SampleRecords.studyInference(7);
        final ConfluentAvroSerde<StudyInference> serde = new ConfluentAvroSerde<>(client, StudyInference.class);
        final byte[] payload = serde.serializer().serialize("study-inferences", inference);
        assertThat(serde.deserializer().deserialize("study-inferences", payload)).isEqualTo(inference);

        final ConfluentAvroDeserializer<StudyInference> configured = new ConfluentAvroDeserializer<>();
        configured.configure(Map.of("schema.registry.url", registry.url()), false);
        assertThat(configured.deserialize("study-inferences", payload)).isEqualTo(inference);
        assertThat(serde.deserializer().deserialize("study-inferences", null)).isNull();
        assertThat(serde.serializer().serialize("study-inferences", null)).isNull();
    }

    @Test
    void kafkaStyleConfigurationSelectsSubjectStrategyAndKeySubjects() {
        final ConfluentAvroSerde<StudyEvent> byRecord = new ConfluentAvroSerde<>();
        byRecord.configure(Map.of("schema.registry.url", registry.url(), "value.subject.name.strategy",
                "io.confluent.kafka.serializers.subject.RecordNameStrategy"), false);
        final ConfluentAvroSerde<StudyEvent> byTopicRecord = new ConfluentAvroSerde<>();
        byTopicRecord.configure(Map.of("schema.registry.url", registry.url(), "value.subject.name.strategy",
                "topic-record", "specific.avro.value.type", StudyEvent.class.getName()), false);
        final ConfluentAvroSerializer<StudyEvent> keys = new ConfluentAvroSerializer<>(client);
        keys.configure(Map.of(), true);

        final StudyEvent event = SampleRecords.studyEvent(2);
        final byte[] first = byRecord.serializer().serialize("studies", event);
        final byte[] second = byTopicRecord.serializer().serialize("studies", event);
        keys.serialize("studies", event);

        assertThat(client.subjects()).containsExactlyInAnyOrder("io.radshift.avro.StudyEvent",
                "studies-io.radshift.avro.StudyEvent", "studies-key");
        assertThat(second).as("same schema, same global id").isEqualTo(first);
        assertThat(byTopicRecord.deserializer().deserialize("studies", first)).isEqualTo(event);
    }

    @Test
    void olderWriterSchemaIsResolvedToTheReaderClassWithDefaults() throws IOException {
        final Schema v1 = TestSchemas.withoutField(StudyInference.getClassSchema(), "batchSize");
        final int v1Id = client.register("study-inferences-value", v1);
        final StudyInference current = SampleRecords.studyInference(3);
        final byte[] v1Payload = AvroWireFormat.encode(v1Id, asOlderVersion(current, v1));

        final ConfluentAvroSerializer<StudyInference> serializer = new ConfluentAvroSerializer<>(client);
        final byte[] v2Payload = serializer.serialize("study-inferences", current);
        assertThat(AvroWireFormat.schemaId(v2Payload)).as("v2 registered as a new version").isNotEqualTo(v1Id);
        assertThat(client.latest("study-inferences-value").version()).isEqualTo(2);

        final StudyInference read = new ConfluentAvroDeserializer<>(freshClient(), StudyInference.class)
                .deserialize("study-inferences", v1Payload);
        assertThat(read.getBatchSize()).as("default of the field added in v2").isEqualTo(1);
        assertThat(read).usingRecursiveComparison().ignoringFields("batchSize").isEqualTo(current);
    }

    @Test
    void unknownSchemaIdIsAPoisonRecordNamingTheId() throws IOException {
        final byte[] payload = AvroWireFormat.encode(42, plainAvro(SampleRecords.studyEvent(4)));
        assertThatThrownBy(() -> new ConfluentAvroDeserializer<>(client, StudyEvent.class).deserialize("studies", payload))
                .isInstanceOf(UnknownSchemaIdException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessage("unknown schema id 42: schema id 42 not found")
                .satisfies(e -> assertThat(((UnknownSchemaIdException) e).schemaId()).isEqualTo(42));
    }

    @Test
    void corruptPayloadsArePoisonRecordsWithThePreciseReason() {
        final ConfluentAvroDeserializer<StudyEvent> deserializer = new ConfluentAvroDeserializer<>(client, StudyEvent.class);
        final byte[] valid = new ConfluentAvroSerializer<StudyEvent>(client).serialize("studies", SampleRecords.studyEvent(5));
        final int id = AvroWireFormat.schemaId(valid);

        assertThatThrownBy(() -> deserializer.deserialize("studies", "{\"studyId\":\"s\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("not Confluent wire format: unknown magic byte 0x7b");
        assertThatThrownBy(() -> deserializer.deserialize("studies", Arrays.copyOf(valid, 3)))
                .isInstanceOf(MalformedPayloadException.class).hasMessageStartingWith("payload too short");
        assertThatThrownBy(() -> deserializer.deserialize("studies", Arrays.copyOf(valid, valid.length - 4)))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("corrupt Avro body for schema id " + id);
        assertThatThrownBy(() -> deserializer.deserialize("studies", Arrays.copyOf(valid, valid.length + 2)))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("trailing bytes");
        // studyId declared 1,000,000,000 bytes long in a 10-byte payload: must fail fast, not allocate a gigabyte.
        final byte[] hugeLength = {0, 0, 0, 0, (byte) id, (byte) 0x80, (byte) 0xa8, (byte) 0xd6, (byte) 0xb9, 0x07};
        assertThatThrownBy(() -> deserializer.deserialize("studies", hugeLength))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("corrupt Avro body for schema id " + id)
                .hasMessageContaining("declares length 1000000000 in a payload of 10 bytes");
        assertThat(deserializer.deserialize("studies", valid)).as("still decodes after failures").isNotNull();
    }

    @Test
    void recordOfAnotherTypeIsRejectedNamingBothSchemas() {
        final byte[] event = new ConfluentAvroSerializer<StudyEvent>(client).serialize("studies", SampleRecords.studyEvent(6));
        assertThatThrownBy(() -> new ConfluentAvroDeserializer<>(client, StudyInference.class).deserialize("studies", event))
                .isInstanceOf(IncompatibleWriterSchemaException.class)
                .hasMessageContaining("(io.radshift.avro.StudyEvent) cannot be read as io.radshift.avro.StudyInference")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE");
    }

    @Test
    void withoutAutoRegisterTheSerializerOnlyLooksSchemasUp() {
        final ConfluentAvroSerializer<StudyEvent> lookupOnly = new ConfluentAvroSerializer<>(client);
        lookupOnly.configure(Map.of("auto.register.schemas", "false"), false);
        assertThatThrownBy(() -> lookupOnly.serialize("studies", SampleRecords.studyEvent(7)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("subject studies-value not found");

        final int id = client.register("studies-value", StudyEvent.getClassSchema());
        assertThat(AvroWireFormat.schemaId(lookupOnly.serialize("studies", SampleRecords.studyEvent(7)))).isEqualTo(id);
        assertThat(client.latest("studies-value").version()).isEqualTo(1);
    }

    @Test
    void useLatestVersionWritesWithTheLatestIdOnlyWhenItIsTheRecordsSchema() {
        final ConfluentAvroSerializer<StudyInference> latest = new ConfluentAvroSerializer<>(freshClient());
        latest.configure(Map.of("use.latest.version", "true"), false);
        final int id = client.register("study-inferences-value", StudyInference.getClassSchema());
        assertThat(AvroWireFormat.schemaId(latest.serialize("study-inferences", SampleRecords.studyInference(1))))
                .isEqualTo(id);

        client.register("other-value", TestSchemas.withStringField(StudyInference.getClassSchema(), "site", true));
        assertThatThrownBy(() -> latest.serialize("other", SampleRecords.studyInference(1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("is not the latest version (1, id 2) of subject other-value");
    }

    @Test
    void incompatibleSchemaFailsSerializationWithTheRegistryReason() {
        client.register("studies-value", TestSchemas.withoutField(StudyEvent.getClassSchema(), "siteId"));
        assertThatThrownBy(() -> new ConfluentAvroSerializer<StudyEvent>(client).serialize("studies", SampleRecords.studyEvent(8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema for subject studies-value is not BACKWARD compatible")
                .hasMessageContaining("siteId");
    }

    @Test
    void steadyStateMakesNoRegistryCalls() {
        final ConfluentAvroSerializer<StudyInference> serializer = new ConfluentAvroSerializer<>(freshClient());
        final ConfluentAvroDeserializer<StudyInference> deserializer =
                new ConfluentAvroDeserializer<>(freshClient(), StudyInference.class);
        final long before = registry.requestCount();
        for (int n = 0; n < 200; n++) {
            final StudyInference inference = SampleRecords.studyInference(n);
            assertThat(deserializer.deserialize("study-inferences", serializer.serialize("study-inferences", inference)))
                    .isEqualTo(inference);
        }
        assertThat(registry.requestCount() - before).as("one register, one schema fetch").isEqualTo(2);
    }

    @Test
    void configureWithoutUrlOrClientIsAClearConfigError() {
        assertThatThrownBy(() -> new ConfluentAvroSerializer<StudyEvent>().configure(Map.of(), false))
                .hasMessageContaining("schema.registry.url is required");
    }

    private SchemaRegistryClient freshClient() {
        return RestSchemaRegistryClient.builder(registry.url()).build();
    }

    /** The record's Avro binary encoding, computed independently of the serializer. */
    private static byte[] plainAvro(final StudyEvent event) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<StudyEvent>(StudyEvent.class).write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Encodes a current record as a producer still on the older schema would have written it. */
    private static byte[] asOlderVersion(final StudyInference current, final Schema older) throws IOException {
        final ByteArrayOutputStream currentBytes = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(currentBytes, null);
        new SpecificDatumWriter<StudyInference>(StudyInference.class).write(current, encoder);
        final GenericRecord asOlder = new GenericDatumReader<GenericRecord>(StudyInference.getClassSchema(), older)
                .read(null, DecoderFactory.get().binaryDecoder(currentBytes.toByteArray(), null));
        final ByteArrayOutputStream olderBytes = new ByteArrayOutputStream();
        final BinaryEncoder olderEncoder = EncoderFactory.get().directBinaryEncoder(olderBytes, null);
        new GenericDatumWriter<GenericRecord>(older).write(asOlder, olderEncoder);
        return olderBytes.toByteArray();
    }
}
