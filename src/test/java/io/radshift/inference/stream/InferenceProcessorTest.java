package io.radshift.inference.stream;

import io.radshift.topology.InferenceStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyInference;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.EncodedBatch;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.decode.Preprocessor;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.ingest.DeadLetters;
import io.radshift.ingest.SiteIds;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference stage in a {@link TopologyTestDriver}: the real demo bundle on ONNX Runtime (CPU), real phantom
 * PNGs, the Confluent serde against the embedded Schema Registry over HTTP, and the persistent buffer store.
 */
class InferenceProcessorTest {

    private static final int BATCH = 4;
    private static final Duration LATENCY = Duration.ofMillis(500);

    private static EmbeddedSchemaRegistry registry;
    private static Topics topics;

    @TempDir
    Path stateDir;

    private SimpleMeterRegistry meters;
    private BufferMarks marks;
    private TopologyTestDriver driver;
    private TestInputTopic<String, StudyEvent> studies;
    private TestOutputTopic<String, StudyInference> inferences;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.start(0);
        final RadShiftConfig config = new RadShiftConfig(null, new RadShiftConfig.Registry(registry.url(), null, null),
                null, null, null, null, null, null, null, null);
        topics = new Topics(config, RestSchemaRegistryClient.of(config.schemaRegistry()));
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aFullBufferIsScoredAtOnceWithTheWholeBatchInOneModelCall() {
        start(BATCH);
        for (int n = 0; n < BATCH - 1; n++) {
            studies.pipeInput("site-a", StudyFixtures.study("site-a", n), StudyFixtures.eventTime(n));
        }
        assertThat(inferences.isEmpty()).as("nothing before the batch is full").isTrue();
        assertThat(bufferedSequences()).containsExactly(0L, 1L, 2L);

        studies.pipeInput("site-a", StudyFixtures.study("site-a", 3), StudyFixtures.eventTime(3));
        assertThat(bufferedSequences().size() + inferences.getQueueSize()).as("a study leaves the buffer only with its output")
                .isEqualTo(BATCH);
        forwardInFlight();

        final List<StudyInference> out = inferences.readValuesToList();
        assertThat(out).extracting(i -> i.getStudyId().toString())
                .containsExactly("site-a-study-0", "site-a-study-1", "site-a-study-2", "site-a-study-3");
        assertThat(out).allSatisfy(i -> {
            assertThat(i.getBatchSize()).isEqualTo(BATCH);
            assertThat(i.getExecutionProvider().toString()).isEqualTo("CPU");
            assertThat(i.getModelId().toString()).isEqualTo(bundle().modelId());
            assertThat(i.getBundleHash().toString()).isEqualTo(bundle().contentHash());
            assertThat(i.getInferenceLatencyMs()).isPositive();
            assertThat(i.getMetadata().getViewPosition().toString()).isEqualTo("PA");
            assertThat(i.getScores()).extracting(s -> s.getLabel().toString()).containsExactlyElementsOf(bundle().labels());
        });
        assertThat(bufferedSequences()).as("buffer drained").isEmpty();
        assertThat(meters.get("radshift.inference.batch.size").summary().max()).isEqualTo(BATCH);
    }

    @Test
    void embeddingsAndScoresEqualADirectModelCallOnTheSameImage() throws Exception {
        start(2);
        studies.pipeInput("site-a", StudyFixtures.study("site-a", 7), StudyFixtures.eventTime(7));
        studies.pipeInput("site-a", StudyFixtures.study("site-a", 8), StudyFixtures.eventTime(8));
        forwardInFlight();
        final List<StudyInference> out = inferences.readValuesToList();

        final Preprocessor pre = Preprocessor.forBundle(bundle().manifest());
        try (ImageEncoder encoder = ImageEncoder.open(bundle(), InferenceOptions.cpuDefaults())) {
            final EncodedBatch expected = encoder.embedAndScore(List.of(
                    pre.toChw(new ImageDecoder().decode(StudyFixtures.phantomPng(8)).grey())));
            final StudyInference actual = out.get(1);
            assertThat(actual.getEmbedding()).hasSize(expected.embeddings()[0].length);
            for (int d = 0; d < expected.embeddings()[0].length; d++) {
                assertThat(actual.getEmbedding().get(d)).isCloseTo(expected.embeddings()[0][d], within(1e-4f));
            }
            for (int l = 0; l < expected.scores()[0].length; l++) {
                assertThat(actual.getScores().get(l).getScore()).isCloseTo(expected.scores()[0][l], within(1e-4f));
            }
        }
        assertThat(out.get(1).getQuality().getOriginalWidth()).isEqualTo(256);
    }

    @Test
    void aStreamThatKeepsComingButNeverFillsABatchIsScoredOnceItsOldestStudyWaitedMaxLatency() {
        start(BATCH);
        studies.pipeInput("site-a", StudyFixtures.study("site-a", 0), StudyFixtures.eventTime(0));
        driver.advanceWallClockTime(LATENCY.minusMillis(200));
        assertThat(inferences.isEmpty()).as("input still arriving, within the latency budget").isTrue();

        studies.pipeInput("site-a", StudyFixtures.study("site-a", 1), StudyFixtures.eventTime(1));
        driver.advanceWallClockTime(Duration.ofMillis(300));
        final List<StudyInference> out = inferences.readValuesToList();
        assertThat(out).extracting(i -> i.getStudyId().toString()).containsExactly("site-a-study-0", "site-a-study-1");
        assertThat(out).allSatisfy(i -> assertThat(i.getBatchSize()).isEqualTo(2));
        assertThat(bufferedSequences()).isEmpty();
    }

    @Test
    void aPartialBatchIsScoredAsSoonAsTheInputIsDrainedWithoutWaitingMaxLatency() {
        start(BATCH);
        studies.pipeInput("site-a", StudyFixtures.study("site-a", 0), StudyFixtures.eventTime(0));
        studies.pipeInput("site-a", StudyFixtures.study("site-a", 1), StudyFixtures.eventTime(1));
        driver.advanceWallClockTime(InferenceProcessor.CHECK_INTERVAL);
        assertThat(inferences.isEmpty()).as("studies arrived since the last check: more may come").isTrue();

        driver.advanceWallClockTime(InferenceProcessor.CHECK_INTERVAL);
        assertThat(InferenceProcessor.CHECK_INTERVAL.multipliedBy(2)).isLessThan(LATENCY);
        final List<StudyInference> out = inferences.readValuesToList();
        assertThat(out).extracting(i -> i.getStudyId().toString()).containsExactly("site-a-study-0", "site-a-study-1");
        assertThat(out).allSatisfy(i -> assertThat(i.getBatchSize()).isEqualTo(2));
        assertThat(bufferedSequences()).isEmpty();
    }

    @Test
    void eventTimeAndHeadersSurviveThePunctuatorAndTheBatchTrigger() {
        start(BATCH);
        final RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", "abc-123".getBytes(StandardCharsets.UTF_8));
        final long eventTime = StudyFixtures.eventTime(5);
        studies.pipeInput(new TestRecord<>("site-b", StudyFixtures.study("site-b", 5), headers, Instant.ofEpochMilli(eventTime)));
        driver.advanceWallClockTime(LATENCY.plusMillis(100));

        final TestRecord<String, StudyInference> fromPunctuator = inferences.readRecord();
        assertThat(fromPunctuator.timestamp()).isEqualTo(eventTime);
        assertThat(fromPunctuator.key()).isEqualTo("site-b");
        assertThat(header(fromPunctuator.headers().lastHeader("trace-id"))).isEqualTo("abc-123");
        assertThat(fromPunctuator.value().getEventTime().toEpochMilli()).isEqualTo(eventTime);

        for (int n = 10; n < 10 + BATCH; n++) {
            final RecordHeaders h = new RecordHeaders();
            h.add("n", Integer.toString(n).getBytes(StandardCharsets.UTF_8));
            studies.pipeInput(new TestRecord<>("site-b", StudyFixtures.study("site-b", n), h, Instant.ofEpochMilli(StudyFixtures.eventTime(n))));
        }
        forwardInFlight();
        final List<TestRecord<String, StudyInference>> fromBatch = inferences.readRecordsToList();
        assertThat(fromBatch).extracting(TestRecord::timestamp)
                .containsExactly(StudyFixtures.eventTime(10), StudyFixtures.eventTime(11), StudyFixtures.eventTime(12), StudyFixtures.eventTime(13));
        assertThat(fromBatch).extracting(r -> header(r.headers().lastHeader("n"))).containsExactly("10", "11", "12", "13");
    }

    @Test
    void perSiteOrderIsKeptAcrossBatchAndLatencyDrains() {
        start(BATCH);
        for (int n = 0; n < 10; n++) {
            final String site = n % 2 == 0 ? "site-a" : "site-c";
            studies.pipeInput(site, StudyFixtures.study(site, n), StudyFixtures.eventTime(n));
        }
        assertThat(bufferedSequences()).as("two studies wait for the clock, the two batches before them may be in flight")
                .contains(8L, 9L).hasSize(10 - (int) inferences.getQueueSize());
        driver.advanceWallClockTime(LATENCY.plusMillis(100));

        final List<KeyValue<String, StudyInference>> out = inferences.readKeyValuesToList();
        assertThat(out).hasSize(10);
        assertThat(studyIdsOf(out, "site-a")).containsExactly("site-a-study-0", "site-a-study-2", "site-a-study-4", "site-a-study-6", "site-a-study-8");
        assertThat(studyIdsOf(out, "site-c")).containsExactly("site-c-study-1", "site-c-study-3", "site-c-study-5", "site-c-study-7", "site-c-study-9");
    }

    @Test
    void aCorruptImageIsDeadLetteredWithItsOriginalBytesAndTheOthersAreScored() {
        start(BATCH);
        final RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", "t-2".getBytes(StandardCharsets.UTF_8));
        final StudyEvent corrupt = StudyFixtures.corrupt("site-a", 2);
        studies.pipeInput("site-a", StudyFixtures.study("site-a", 0), StudyFixtures.eventTime(0));
        studies.pipeInput("site-a", StudyFixtures.study("site-a", 1), StudyFixtures.eventTime(1));
        studies.pipeInput(new TestRecord<>("site-a", corrupt, headers, Instant.ofEpochMilli(StudyFixtures.eventTime(2))));
        studies.pipeInput("site-a", StudyFixtures.study("site-a", 3), StudyFixtures.eventTime(3));
        forwardInFlight();

        assertThat(inferences.readValuesToList()).extracting(i -> i.getStudyId().toString())
                .containsExactly("site-a-study-0", "site-a-study-1", "site-a-study-3");
        final TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("site-a");
        assertThat(topics.studies().valueSerde().deserializer().deserialize("studies", dead.value())).isEqualTo(corrupt);
        assertThat(DeadLetters.reason(dead.headers())).isEqualTo(DecodeException.CORRUPT);
        assertThat(header(dead.headers().lastHeader(DeadLetters.SOURCE_TOPIC))).isEqualTo("studies");
        assertThat(header(dead.headers().lastHeader("trace-id"))).isEqualTo("t-2");
        assertThat(dead.timestamp()).isEqualTo(StudyFixtures.eventTime(2));
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(meters.get("radshift.studies.dead.lettered").tag("reason", DecodeException.CORRUPT).counter().count()).isEqualTo(1);
        assertThat(meters.get("radshift.studies.scored").tag("site", "site-a").counter().count()).isEqualTo(3);
        assertThat(meters.get("radshift.studies.received").tag("site", "site-a").counter().count()).isEqualTo(4);
    }

    @Test
    void aFailingStudyInAPunctuatorDrainedBatchIsDeadLetteredInsteadOfReachingKafkasHandler() {
        start(BATCH);
        studies.pipeInput("site-a", StudyFixtures.study("site-a", 0), StudyFixtures.eventTime(0));
        studies.pipeInput("site-a", StudyFixtures.withoutImage("site-a", 1), StudyFixtures.eventTime(1));
        studies.pipeInput("site-a", StudyFixtures.withImage("site-a", 2, "not an image".getBytes(StandardCharsets.UTF_8)), StudyFixtures.eventTime(2));

        // TopologyTestDriver rethrows whatever a punctuator throws, so returning normally is the check here.
        driver.advanceWallClockTime(LATENCY.plusMillis(100));

        assertThat(inferences.readValuesToList()).extracting(i -> i.getStudyId().toString()).containsExactly("site-a-study-0");
        assertThat(deadLetters.readRecordsToList()).extracting(r -> DeadLetters.reason(r.headers()))
                .containsExactly(ImageSource.MISSING_IMAGE, DecodeException.UNSUPPORTED);
        assertThat(bufferedSequences()).isEmpty();
    }

    @Test
    void aStudyWithABadOrMismatchedSiteIdIsDeadLetteredAtTheDoorWithoutBecomingAMetricsTag() {
        start(BATCH);
        final String huge = "s".repeat(65_536);
        studies.pipeInput(huge, StudyFixtures.study(huge, 0), StudyFixtures.eventTime(0));
        studies.pipeInput("site-b", StudyFixtures.study("site-a", 1), StudyFixtures.eventTime(1));
        studies.pipeInput((String) null, StudyFixtures.study("site-a", 2), StudyFixtures.eventTime(2));

        assertThat(deadLetters.readRecordsToList()).extracting(r -> DeadLetters.reason(r.headers()))
                .containsExactly(SiteIds.INVALID_SITE_ID, SiteIds.KEY_SITE_MISMATCH, SiteIds.KEY_SITE_MISMATCH);
        assertThat(bufferedSequences()).isEmpty();
        assertThat(meters.find("radshift.studies.received").counters()).isEmpty();
        assertThat(meters.get("radshift.studies.dead.lettered").tag("reason", SiteIds.INVALID_SITE_ID).counter().count()).isEqualTo(1);
    }

    @Test
    void imagesBehindFileUrisAreReadAndUnreadableUrisAreDeadLettered(@TempDir final Path images) throws Exception {
        start(new RadShiftConfig.Model(null, "cpu", 0, 1, BATCH, LATENCY, null, null, List.of(images.toUri().toString())));
        final Path png = Files.write(images.resolve("study.png"), StudyFixtures.phantomPng(4));
        studies.pipeInput("site-a", StudyFixtures.withUri("site-a", 0, png.toUri().toString()), StudyFixtures.eventTime(0));
        studies.pipeInput("site-a", StudyFixtures.withUri("site-a", 1, images.resolve("absent.png").toUri().toString()), StudyFixtures.eventTime(1));
        studies.pipeInput("site-a", StudyFixtures.withUri("site-a", 2, "ftp://pacs.example/1.png"), StudyFixtures.eventTime(2));
        studies.pipeInput("site-a", StudyFixtures.withUri("site-a", 3, "file:///dev/zero"), StudyFixtures.eventTime(3));
        driver.advanceWallClockTime(LATENCY.plusMillis(100));

        final StudyInference scored = inferences.readValue();
        assertThat(scored.getStudyId().toString()).isEqualTo("site-a-study-0");
        assertThat(scored.getQuality().getOriginalWidth()).isEqualTo(256);
        assertThat(deadLetters.readRecordsToList()).extracting(r -> DeadLetters.reason(r.headers()))
                .containsExactly(ImageSource.IMAGE_UNREADABLE, ImageSource.URI_NOT_ALLOWED, ImageSource.URI_NOT_ALLOWED);
    }

    @Test
    void aTombstoneIsDeadLetteredAsATombstoneWithItsKey() {
        start(BATCH);
        studies.pipeInput("site-a", null, StudyFixtures.eventTime(0));

        final TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("site-a");
        assertThat(dead.value()).isNull();
        assertThat(DeadLetters.reason(dead.headers())).isEqualTo(DeadLetters.TOMBSTONE);
        assertThat(inferences.isEmpty()).isTrue();
        assertThat(bufferedSequences()).isEmpty();
    }

    @Test
    void batchesInFlightKeepTheirStudiesBufferedUntilForwardedAndComeOutInOrder() {
        start(2);
        for (int n = 0; n < 9; n++) {
            studies.pipeInput("site-a", StudyFixtures.study("site-a", n), StudyFixtures.eventTime(n));
            assertThat(bufferedSequences().size() + inferences.getQueueSize()).as("every study is buffered or forwarded")
                    .isEqualTo(n + 1);
            assertThat(bufferedSequences().size()).as("at most two batches in flight plus one waiting study")
                    .isLessThanOrEqualTo(InferenceProcessor.MAX_IN_FLIGHT * 2 + 1);
        }
        forwardInFlight();
        assertThat(inferences.readValuesToList()).extracting(i -> i.getStudyId().toString())
                .containsExactly("site-a-study-0", "site-a-study-1", "site-a-study-2", "site-a-study-3", "site-a-study-4",
                        "site-a-study-5", "site-a-study-6", "site-a-study-7", "site-a-study-8");
        assertThat(bufferedSequences()).isEmpty();
    }

    @Test
    void theTasksMarkStaysAtItsOldestBufferedStudyUntilItIsForwardedAndCommitted() {
        start(BATCH);
        assertThat(marks.snapshot()).containsEntry(0, BufferMarks.UNPROCESSED);
        for (int n = 0; n < BATCH - 1; n++) {
            studies.pipeInput("site-a", StudyFixtures.study("site-a", n), StudyFixtures.eventTime(n));
        }
        assertThat(marks.snapshot()).as("nothing is vouched for before the transaction commits").doesNotContainKey(0);
        marks.committed(); // the test driver processes on this thread, as a stream thread commits on its own
        assertThat(marks.snapshot()).as("three studies wait for a batch of four").containsEntry(0, 0L);
        forwardInFlight();
        assertThat(inferences.getQueueSize()).isEqualTo(BATCH - 1);
        assertThat(marks.snapshot()).as("handed on, not yet committed").containsEntry(0, 0L);
        marks.committed();
        assertThat(marks.snapshot()).as("all handed on: the offset after the last").containsEntry(0, (long) BATCH - 1);
    }

    @Test
    void theProviderInUseIsPublished() {
        start(BATCH);
        assertThat(meters.get("radshift.inference.provider").tag("provider", "CPU").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("radshift.inference.provider").tag("provider", "CUDA").gauge().value()).isEqualTo(0.0);
    }

    /** Lets the latency punctuator forward every batch in flight (a full batch is forwarded asynchronously). */
    private void forwardInFlight() {
        driver.advanceWallClockTime(LATENCY.plusMillis(100));
    }

    private void start(final int batchSize) {
        start(StudyFixtures.cpuSettings(batchSize, LATENCY));
    }

    private void start(final RadShiftConfig.Model settings) {
        meters = new SimpleMeterRegistry();
        final Topology topology = new Topology();
        marks = new BufferMarks();
        InferenceStage.addTo(topology, topics, settings, bundle(), new RadShiftMetrics(meters), marks);
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "inference-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, props, Instant.ofEpochMilli(StudyFixtures.BASE_TIME));
        studies = driver.createInputTopic("studies", new StringSerializer(), topics.studies().valueSerde().serializer());
        inferences = driver.createOutputTopic("study-inferences", new StringDeserializer(), topics.inferences().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetter().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private List<Long> bufferedSequences() {
        final KeyValueStore<Long, byte[]> store = driver.getKeyValueStore(InferenceProcessor.BUFFER_STORE);
        try (KeyValueIterator<Long, byte[]> all = store.all()) {
            final List<Long> keys = new java.util.ArrayList<>();
            all.forEachRemaining(kv -> keys.add(kv.key));
            return keys;
        }
    }

    private static List<String> studyIdsOf(final List<KeyValue<String, StudyInference>> out, final String site) {
        return out.stream().filter(kv -> kv.key.equals(site)).map(kv -> kv.value.getStudyId().toString()).collect(Collectors.toList());
    }

    private static String header(final Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ModelBundle bundle() {
        return StudyFixtures.bundle();
    }
}
