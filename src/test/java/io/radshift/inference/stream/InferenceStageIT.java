package io.radshift.inference.stream;

import io.radshift.topology.InferenceStage;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.app.MarkingClientSupplier;
import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyInference;
import io.radshift.config.RadShiftConfig;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.inference.decode.DecodeException;
import io.radshift.ingest.DeadLetters;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.ops.StreamFailures;
import io.radshift.topology.StreamsSettings;
import io.radshift.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference stage on the in-process KRaft broker with the embedded Schema Registry under
 * {@code exactly_once_v2}: every study comes out exactly once (read_committed), in per-site order, with its event
 * time, bad records land in the dead-letter topic with their reasons, and a restart from the changelog alone (local
 * state wiped) after an abrupt close loses and duplicates nothing.
 */
class InferenceStageIT {

    private static final List<String> SITES = List.of("site-a", "site-b", "site-c");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        registry = EmbeddedSchemaRegistry.start(0);
        StudyFixtures.bundle();
    }

    @AfterAll
    static void stop() {
        registry.close();
        kafka.close();
    }

    @Test
    void everyGoodStudyOnceInSiteOrderAndEveryBadRecordDeadLettered() throws Exception {
        final RadShiftConfig config = config("run", 8, Duration.ofMillis(200), 3);
        final Topics topics = topics(config);
        final int total = 30;
        try (KafkaStreams streams = startStreams(config, topics);
             KafkaProducer<String, byte[]> producer = producer()) {
            final List<StudyEvent> good = new ArrayList<>();
            for (int n = 0; n < total - 3; n++) {
                final StudyEvent study = StudyFixtures.study(SITES.get(n % 3), n);
                good.add(study);
                send(producer, topics, study);
                if (n == 10) {
                    send(producer, topics, StudyFixtures.corrupt("site-b", 1_000));
                    producer.send(new ProducerRecord<>(config.topics().studies(), "site-c", "this is not Avro".getBytes(StandardCharsets.UTF_8)));
                    producer.send(new ProducerRecord<>(config.topics().studies(), "site-a", new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 4}));
                }
            }
            producer.flush();
            final List<ConsumerRecord<String, StudyInference>> out = readCommitted(config, topics, total - 3);
            assertThat(out).hasSize(total - 3);
            assertExactlyOnceInSiteOrder(out, good);

            final List<ConsumerRecord<byte[], byte[]>> dead = readDeadLetters(config, 3);
            assertThat(dead).extracting(r -> DeadLetters.reason(r.headers())).containsExactlyInAnyOrder(
                    DecodeException.CORRUPT, DeadLetters.MALFORMED_EVENT, DeadLetters.UNKNOWN_SCHEMA_ID);
            assertThat(dead).filteredOn(r -> DeadLetters.reason(r.headers()).equals(DeadLetters.MALFORMED_EVENT))
                    .singleElement().satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("this is not Avro"));
        }
    }

    @Test
    void anAbruptCloseAndARestartFromTheChangelogLoseAndDuplicateNothing() throws Exception {
        final RadShiftConfig slow = config("crash", 16, Duration.ofMinutes(5), 1);
        final Topics topics = topics(slow);
        final List<StudyEvent> produced = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            final KafkaStreams first = startStreams(slow, topics);
            produce(producer, topics, produced, 0, 40);
            // Two full batches come out; 8 studies wait in the buffer for a latency of 5 minutes.
            readCommitted(slow, topics, 32);
            produce(producer, topics, produced, 40, 60);
            first.close(Duration.ZERO);
            Awaitility.await().atMost(TIMEOUT).until(() -> first.state() == KafkaStreams.State.NOT_RUNNING);

            final RadShiftConfig fast = config("crash", 16, Duration.ofMillis(300), 1);
            try (KafkaStreams second = startStreams(fast, topics, true)) {
                final List<ConsumerRecord<String, StudyInference>> out = readCommitted(fast, topics, produced.size());
                assertExactlyOnceInSiteOrder(out, produced);
            }
        }
    }

    /**
     * The mark a task sets for the idle rule ({@link BufferMarks}) never vouches for a study whose inference is not
     * committed. Studies arrive ten a second for six seconds under a 3 s commit interval, so batches are forwarded
     * between commits and the mark moves at several; sampled all through the run, every study below the mark reaches
     * a read_committed reader within a second (the time the broker takes to write a committed transaction's markers).
     * A mark that counted at forward time, up to a commit interval before its transaction committed, fails this, and
     * a process that died in between left its successor scoring studies the published mark had already passed.
     */
    @Test
    void aMarkNeverPassesAStudyWhoseInferenceIsNotCommitted() throws Exception {
        final RadShiftConfig config = config("marks", 4, Duration.ofMillis(100), 1, new RadShiftConfig.Streams(Duration.ofSeconds(3)));
        final Topics topics = topics(config);
        final TopicPartition studies = new TopicPartition(config.topics().studies(), 0);
        final TopicPartition inferences = new TopicPartition(config.topics().inferences(), 0);
        final BufferMarks marks = new BufferMarks();
        final Map<Long, String> studyAt = new HashMap<>();
        final Set<String> visible = new HashSet<>();
        final int total = 60;
        final Set<Long> marksChecked = new HashSet<>();
        try (KafkaStreams streams = startStreams(config, topics, marks);
             KafkaProducer<String, byte[]> producer = producer();
             KafkaConsumer<String, StudyInference> reader = new KafkaConsumer<>(consumerConfig(),
                     new StringDeserializer(), topics.inferences().valueSerde().deserializer())) {
            reader.assign(List.of(inferences));
            reader.seekToBeginning(List.of(inferences));
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            long mark = BufferMarks.UNPROCESSED;
            while (mark < total && System.nanoTime() < deadline) {
                if (studyAt.size() < total) {
                    final StudyEvent study = StudyFixtures.study("site-a", studyAt.size());
                    studyAt.put(send(producer, topics, study).get().offset(), study.getStudyId().toString());
                }
                Thread.sleep(100);
                mark = marks.snapshot().getOrDefault(0, BufferMarks.UNPROCESSED);
                final List<String> below = LongStream.range(0, mark).mapToObj(studyAt::get).toList();
                readCommittedWhileMissing(reader, inferences, visible, below, Duration.ofSeconds(1));
                assertThat(visible).as("studies of %s below the mark %d", studies, mark).containsAll(below);
                marksChecked.add(mark);
            }
            assertThat(mark).as("every study handed on and committed").isEqualTo(total);
        }
        assertThat(marksChecked.stream().filter(m -> m > 0 && m < total)).as("marks checked along the run, short of the end")
                .hasSizeGreaterThanOrEqualTo(1);
    }

    /** Reads {@code partition} up to its last stable offset, again and again while one of {@code wanted} is missing. */
    private static void readCommittedWhileMissing(final KafkaConsumer<String, StudyInference> reader, final TopicPartition partition,
                                                  final Set<String> visible, final List<String> wanted, final Duration atMost) {
        final long deadline = System.nanoTime() + atMost.toNanos();
        do {
            final long stable = reader.endOffsets(List.of(partition)).get(partition);
            while (reader.position(partition) < stable) {
                reader.poll(Duration.ofMillis(50)).forEach(r -> visible.add(r.value().getStudyId().toString()));
            }
        } while (!visible.containsAll(wanted) && System.nanoTime() < deadline);
    }

    private void produce(final KafkaProducer<String, byte[]> producer, final Topics topics, final List<StudyEvent> produced,
                         final int from, final int to) {
        for (int n = from; n < to; n++) {
            final StudyEvent study = StudyFixtures.study(SITES.get(n % 3), n);
            produced.add(study);
            send(producer, topics, study);
        }
        producer.flush();
    }

    private static void assertExactlyOnceInSiteOrder(final List<ConsumerRecord<String, StudyInference>> out,
                                                     final List<StudyEvent> expected) {
        final List<String> ids = out.stream().map(r -> r.value().getStudyId().toString()).toList();
        assertThat(new HashSet<>(ids)).as("no duplicates").hasSameSizeAs(ids);
        assertThat(ids).containsExactlyInAnyOrderElementsOf(expected.stream().map(s -> s.getStudyId().toString()).toList());
        for (final String site : SITES) {
            assertThat(out.stream().filter(r -> r.key().equals(site)).map(r -> r.value().getStudyId().toString()).toList())
                    .as("order of " + site).containsExactlyElementsOf(expected.stream().filter(s -> s.getSiteId().toString().equals(site))
                            .map(s -> s.getStudyId().toString()).toList());
        }
        assertThat(out).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(r.value().getEventTime().toEpochMilli()));
    }

    private RadShiftConfig config(final String name, final int batch, final Duration latency, final int partitions) {
        return config(name, batch, latency, partitions, null);
    }

    private RadShiftConfig config(final String name, final int batch, final Duration latency, final int partitions,
                                  final RadShiftConfig.Streams streams) {
        final String prefix = name + "-";
        return new RadShiftConfig(
                new RadShiftConfig.Kafka(kafka.bootstrapServers(), "radshift-it-" + name, stateDir, Map.of()),
                new RadShiftConfig.Registry(registry.url(), null, null),
                new RadShiftConfig.TopicNames(prefix + "studies", prefix + "labels", prefix + "inferences", prefix + "windows",
                        prefix + "alerts", prefix + "dead-letter", partitions, (short) 1),
                StudyFixtures.cpuSettings(batch, latency), null, null, null, null, null, null, streams);
    }

    private static Topics topics(final RadShiftConfig config) {
        final RadShiftConfig.TopicNames t = config.topics();
        kafka.createTopics(t.partitions(), t.studies(), t.inferences(), t.deadLetter());
        return new Topics(config, RestSchemaRegistryClient.of(config.schemaRegistry()));
    }

    private static KafkaStreams startStreams(final RadShiftConfig config, final Topics topics) {
        return startStreams(config, topics, false);
    }

    private static KafkaStreams startStreams(final RadShiftConfig config, final Topics topics, final boolean wipeLocalState) {
        final RadShiftMetrics metrics = RadShiftMetrics.discarding();
        final Topology topology = new Topology();
        InferenceStage.addTo(topology, topics, config.model(), StudyFixtures.bundle(), metrics);
        final KafkaStreams streams = new KafkaStreams(topology, StreamsSettings.properties(config, metrics));
        if (wipeLocalState) {
            streams.cleanUp();
        }
        return started(streams);
    }

    /** The stage as RadShift runs it: its tasks set {@code marks}, which count once their transactions commit. */
    private static KafkaStreams startStreams(final RadShiftConfig config, final Topics topics, final BufferMarks marks) {
        final RadShiftMetrics metrics = RadShiftMetrics.discarding();
        final Topology topology = new Topology();
        InferenceStage.addTo(topology, topics, config.model(), StudyFixtures.bundle(), metrics, marks);
        return started(new KafkaStreams(topology, StreamsSettings.properties(config, metrics), new MarkingClientSupplier(marks)));
    }

    private static KafkaStreams started(final KafkaStreams streams) {
        streams.setUncaughtExceptionHandler(StreamsSettings.uncaughtExceptionHandler(StreamFailures.defaults()));
        streams.start();
        Awaitility.await().atMost(TIMEOUT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static Future<RecordMetadata> send(final KafkaProducer<String, byte[]> producer, final Topics topics, final StudyEvent study) {
        final String topic = topics.studies().name();
        return producer.send(new ProducerRecord<>(topic, null, study.getEventTime().toEpochMilli(), study.getSiteId().toString(),
                topics.studies().valueSerde().serializer().serialize(topic, study)));
    }

    /** Reads {@code expected} records with read_committed, then keeps polling two more seconds to catch extras. */
    private static List<ConsumerRecord<String, StudyInference>> readCommitted(final RadShiftConfig config, final Topics topics,
                                                                             final int expected) {
        final List<ConsumerRecord<String, StudyInference>> out = new ArrayList<>();
        try (KafkaConsumer<String, StudyInference> consumer = new KafkaConsumer<>(consumerConfig(),
                new StringDeserializer(), topics.inferences().valueSerde().deserializer())) {
            consumer.subscribe(List.of(config.topics().inferences()));
            pollUntil(consumer, out, expected);
        }
        return out;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readDeadLetters(final RadShiftConfig config, final int expected) {
        final List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(config.topics().deadLetter()));
            pollUntil(consumer, out, expected);
        }
        return out;
    }

    private static <K, V> void pollUntil(final KafkaConsumer<K, V> consumer, final List<ConsumerRecord<K, V>> out, final int expected) {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (out.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        final long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < settle) {
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
    }

    private static Map<String, Object> consumerConfig() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }
}
