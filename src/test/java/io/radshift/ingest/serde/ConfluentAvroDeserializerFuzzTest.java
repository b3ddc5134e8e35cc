package io.radshift.ingest.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.avro.LabelTruth;
import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;
import io.radshift.avro.TruthValue;
import io.radshift.fuzz.FuzzCampaign;
import io.radshift.fuzz.FuzzTarget;
import io.radshift.fuzz.Mutator;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.ingest.registry.SchemaRegistryClient;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation campaigns over {@link ConfluentAvroDeserializer} for the three records RadShift reads from its
 * input topics, through a real embedded Schema Registry over HTTP: every payload either reads as its record type
 * or is refused with an {@link UndecodableRecordException} (which the stream dead-letters), never with a registry
 * failure that would stop the stream thread, within a CPU-time and allocation bound. Mutations know the wire
 * format: hostile zig-zag varints (the lengths and counts Avro reads) at any position, the schema id set to another
 * record's, an unknown, a zero or a negative id, a wrong magic byte, cuts and trailing bytes.
 */
class ConfluentAvroDeserializerFuzzTest {

    private static final Duration TIME_BOUND = Duration.ofSeconds(2);
    private static final long ALLOCATION_BOUND = 16L << 20;

    private static EmbeddedSchemaRegistry registry;
    private static SchemaRegistryClient client;
    private static final List<Integer> KNOWN_IDS = new ArrayList<>();

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.start(0);
        client = RestSchemaRegistryClient.builder(registry.url()).build();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void studyEventPayloadsReadOrAreRefusedAsUndecodable() throws InterruptedException {
        campaign(StudyEvent.class, "studies", List.of(SampleRecords.studyEvent(1), SampleRecords.studyEvent(2)));
    }

    @Test
    void studyLabelsPayloadsReadOrAreRefusedAsUndecodable() throws InterruptedException {
        campaign(StudyLabels.class, "study-labels", List.of(labels(1), labels(2)));
    }

    @Test
    void studyInferencePayloadsReadOrAreRefusedAsUndecodable() throws InterruptedException {
        campaign(StudyInference.class, "study-inferences", List.of(SampleRecords.studyInference(1)));
    }

    private static <T extends SpecificRecord> void campaign(final Class<T> type, final String topic, final List<T> records)
            throws InterruptedException {
        final ConfluentAvroSerializer<T> serializer = new ConfluentAvroSerializer<>(client);
        final List<byte[]> seeds = records.stream().map(r -> serializer.serialize(topic, r)).toList();
        KNOWN_IDS.add(AvroWireFormat.schemaId(seeds.get(0)));
        final int inputs = 1_500;
        final FuzzCampaign.Report report = new FuzzCampaign(new Target<>(type, topic, seeds), inputs, TIME_BOUND,
                ALLOCATION_BOUND).run();
        System.out.println(report);
        assertThat(report.findings()).as(report.toString()).isEmpty();
        assertThat(report.accepted()).as(report.toString()).isGreaterThan(inputs / 50);
        assertThat(report.refused()).as(report.toString()).isGreaterThan(inputs / 10);
    }

    private static StudyLabels labels(final int n) {
        return StudyLabels.newBuilder().setStudyId("study-" + n).setSiteId("site-a")
                .setEventTime(Instant.ofEpochMilli(1_764_000_000_000L + n))
                .setLabels(List.of(new LabelTruth("pneumonia", TruthValue.POSITIVE), new LabelTruth("effusion", TruthValue.UNCERTAIN)))
                .setSource("radiology-report").build();
    }

    /** One record type read from one topic. */
    private static final class Target<T extends SpecificRecord> implements FuzzTarget {
        private final Class<T> type;
        private final String topic;
        private final List<byte[]> seeds;
        private final ConfluentAvroDeserializer<T> deserializer;

        Target(final Class<T> type, final String topic, final List<byte[]> seeds) {
            this.type = type;
            this.topic = topic;
            this.seeds = seeds;
            this.deserializer = new ConfluentAvroDeserializer<>(client, type);
        }

        @Override
        public String name() {
            return "avro-" + type.getSimpleName();
        }

        @Override
        public List<byte[]> seeds() {
            return seeds;
        }

        @Override
        public byte[] mutate(final Random random, final byte[] seed) {
            final int at = AvroWireFormat.HEADER_SIZE + random.nextInt(Math.max(1, seed.length - AvroWireFormat.HEADER_SIZE));
            return switch (random.nextInt(6)) {
                case 0 -> Mutator.insert(seed, Math.min(at, seed.length), zigZag(hostileLong(random)));
                case 1 -> Mutator.concat(Mutator.truncate(seed, at), Mutator.concat(zigZag(hostileLong(random)),
                        java.util.Arrays.copyOfRange(seed, Math.min(seed.length, at + 1 + random.nextInt(4)), seed.length)));
                case 2 -> Mutator.putInt(seed, 1, schemaId(random), true, 4);
                case 3 -> Mutator.putInt(seed, 0, 1 + random.nextInt(255), true, 1);
                case 4 -> Mutator.truncate(seed, random.nextInt(seed.length));
                default -> Mutator.concat(seed, new byte[1 + random.nextInt(8)]);
            };
        }

        private static int schemaId(final Random random) {
            final int pick = random.nextInt(5);
            if (pick == 0 && !KNOWN_IDS.isEmpty()) {
                return KNOWN_IDS.get(random.nextInt(KNOWN_IDS.size()));
            }
            return new int[] {0, -1, Integer.MIN_VALUE, 987_654, Integer.MAX_VALUE}[pick];
        }

        private static long hostileLong(final Random random) {
            final long[] values = {-1, 0, 1, 127, 128, 1 << 20, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
                Long.MIN_VALUE, 2_147_483_640L, -2_147_483_648L * 4};
            return values[random.nextInt(values.length)];
        }

        /** Avro's zig-zag varint encoding of {@code value}, as written before strings, bytes and blocks. */
        private static byte[] zigZag(final long value) {
            long n = value << 1 ^ value >> 63;
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            while ((n & ~0x7FL) != 0) {
                out.write((int) (n & 0x7F | 0x80));
                n >>>= 7;
            }
            out.write((int) n);
            return out.toByteArray();
        }

        @Override
        public List<Class<? extends Throwable>> documentedFailures() {
            return List.of(UndecodableRecordException.class);
        }

        @Override
        public void consume(final byte[] input) {
            final T value = deserializer.deserialize(topic, input);
            if (!type.isInstance(value)) {
                throw new AssertionError("read " + value + " instead of a " + type.getSimpleName());
            }
        }
    }
}
