package io.radshift.topology;

import io.radshift.topics.Topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.radshift.avro.AlertKind;
import io.radshift.avro.AlertState;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.Evidence;
import io.radshift.avro.StudyInference;
import io.radshift.avro.WindowSummary;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.ingest.serde.ConfluentAvroSerializer;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.SyntheticStudies.Shift;
import io.radshift.stats.profile.ReferenceProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring stage on the real in-process broker under exactly-once: window-close timing that
 * TopologyTestDriver hides, and incidents end to end on synthetic sites with known drift, with several partitions.
 */
class MonitoringStageIT {

    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;
    private static ReferenceProfile profile;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        registry = EmbeddedSchemaRegistry.start(0);
        profile = new SyntheticSites(1).profile();
    }

    @AfterAll
    static void stop() {
        registry.close();
        kafka.close();
    }

    @Test
    void aWindowIsEvaluatedWithinSecondsOfItsEndPlusGraceWhenTheStreamGoesQuiet() throws Exception {
        final RadShiftConfig config = config("timing", 2, """
                windows:
                  - {name: live, type: tumbling, size: 10s, grace: 2s}
                detection: {minStudies: 5, idleTimeout: 1s}
                """);
        try (Running app = start(config)) {
            final SyntheticSites sites = new SyntheticSites(3);
            // Live studies (event time = now) for a little over one window, then silence: no later study will
            // advance stream time, so only the wall-clock punctuator and the idle rule of the site's clock can close the window.
            long lastEventTime = 0;
            for (int i = 0; i < 12; i++) {
                final Instant now = Instant.now();
                final StudyInference study = sites.studies("A", 1, Shift.NONE, now, now.plusMillis(1)).get(0);
                app.send(study);
                app.producer.flush();
                lastEventTime = study.getEventTime().toEpochMilli();
                Thread.sleep(1_000);
            }
            final long end = (lastEventTime / 10_000 + 1) * 10_000;
            await().atMost(Duration.ofSeconds(60)).until(() -> app.summaries.stream()
                    .anyMatch(s -> s.getSiteId().equals("A") && s.getWindowEnd().toEpochMilli() == end));
            final WindowSummary last = app.summaries.stream()
                    .filter(s -> s.getSiteId().equals("A") && s.getWindowEnd().toEpochMilli() == end).findFirst().orElseThrow();
            assertThat(last.getN()).isPositive();
            assertThat(last.getEvaluatedAt().toEpochMilli() - (end + 2_000)).isBetween(0L, 5_000L);
        }
    }

    /**
     * On a three-partition topic, two drifting sites open one incident each (one FIRING, at most a few UPDATEs,
     * one RESOLVED), the stable sites none, and the all-sites view exactly one FIRING and one RESOLVED although
     * its windows' ends would spread it over the partitions: it lives under one key in one task. The drifting
     * sites' own incidents explain it, so it does not page.
     */
    @Test
    void driftingSitesOpenOneIncidentEachAndTheAllSitesViewOneOnAThreePartitionTopic() throws Exception {
        final RadShiftConfig config = config("drift", 3, """
                windows:
                  - {name: oncall, type: sliding, size: 2h, advance: 1h, grace: 10m}
                detection: {alpha: 0.01, minStudies: 30, fireAfter: 2, fireWindow: 3, siteSilentAfter: 12h, idleTimeout: 2s}
                """);
        final Instant monday = Instant.parse("2026-03-02T00:00:00Z");
        final SyntheticSites sites = new SyntheticSites(11);
        try (Running app = start(config)) {
            sendHours(app, sites, monday, 0, 13, List.of("A", "B", "C", "D"), Set.of("C", "D"));
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> Set.of("C", "D", "*").stream().allMatch(site ->
                        app.alerts.stream().anyMatch(a -> a.getSiteId().equals(site) && a.getState() == AlertState.RESOLVED)));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("no RESOLVED for C, D and *; alerts " + app.alerts.stream().map(DriftAlert::getSummary).toList()
                        + "; summaries " + app.summaries.stream().map(w -> w.getSiteId() + "@" + w.getWindowEnd() + " n=" + w.getN()
                        + " late=" + w.getLateDropped() + " " + w.getVerdict()).toList(), e);
            }
            Thread.sleep(3_000);
            final List<String> all = app.alerts.stream().map(DriftAlert::getSummary).toList();
            assertThat(app.alerts).as("alerts %s", all).filteredOn(a -> a.getSiteId().equals("A") || a.getSiteId().equals("B")).isEmpty();
            for (String site : List.of("C", "D", "*")) {
                final List<DriftAlert> incident = app.alerts.stream().filter(a -> a.getSiteId().equals(site)).toList();
                assertThat(incident).as("%s: %s", site, all).extracting(DriftAlert::getState)
                        .containsOnlyOnce(AlertState.FIRING, AlertState.RESOLVED)
                        .startsWith(AlertState.FIRING).endsWith(AlertState.RESOLVED);
                assertThat(incident).as("%s: %s", site, all).filteredOn(a -> a.getState() == AlertState.UPDATE).hasSizeLessThanOrEqualTo(3);
                assertThat(incident).extracting(DriftAlert::getAlertId).containsOnly(incident.get(0).getAlertId());
                assertThat(incident.get(0).getEvidence()).extracting(Evidence::getKind).contains(AlertKind.EMBEDDING_DRIFT);
                assertThat(incident).as("%s: %s", site, all).allSatisfy(a -> assertThat(a.getPaging()).isEqualTo(!site.equals("*")));
            }
            final List<WindowSummary> allSites = app.summaries.stream().filter(s -> s.getSiteId().equals("*")).toList();
            assertThat(allSites.stream().map(s -> partitionOf(s.getWindowKind() + "@" + s.getWindowEnd().toEpochMilli(), 3)).distinct())
                    .as("keyed by window, the all-sites windows would have spread over the partitions").hasSize(3);
            // Exactly one summary per (site, window): exactly-once and no re-emission.
            final List<String> keys = app.summaries.stream().map(s -> s.getSiteId() + "@" + s.getWindowEnd()).toList();
            assertThat(keys).doesNotHaveDuplicates();
        }
    }

    @Test
    void anIncidentSurvivesARestartWithExactlyOneFiringAndOneResolved() throws Exception {
        final RadShiftConfig config = config("restart", 2, """
                windows:
                  - {name: oncall, type: sliding, size: 2h, advance: 1h, grace: 10m}
                detection: {alpha: 0.01, minStudies: 30, fireAfter: 2, fireWindow: 3, siteSilentAfter: 12h, idleTimeout: 2s}
                """);
        final Instant monday = Instant.parse("2026-03-02T00:00:00Z");
        final SyntheticSites sites = new SyntheticSites(17);
        try (Running first = start(config)) {
            sendHours(first, sites, monday, 0, 7, List.of("A", "B", "C"), Set.of("C"));
            await().atMost(Duration.ofSeconds(90)).until(() -> first.alerts.stream()
                    .anyMatch(a -> a.getSiteId().equals("C") && a.getState() == AlertState.FIRING));
        }
        try (Running second = start(config)) {
            sendHours(second, sites, monday, 7, 13, List.of("A", "B", "C"), Set.of("C"));
            await().atMost(Duration.ofSeconds(90)).until(() -> second.alerts.stream()
                    .anyMatch(a -> a.getSiteId().equals("C") && a.getState() == AlertState.RESOLVED));
            Thread.sleep(3_000);
            // The second collector reads the alert topic from the start: both instances' records.
            assertThat(second.alerts).as("alerts %s", second.alerts.stream().map(DriftAlert::getSummary).toList())
                    .filteredOn(a -> a.getSiteId().equals("C")).extracting(DriftAlert::getState)
                    .containsOnlyOnce(AlertState.FIRING, AlertState.RESOLVED)
                    .startsWith(AlertState.FIRING).endsWith(AlertState.RESOLVED);
            assertThat(second.summaries.stream().map(s -> s.getSiteId() + "@" + s.getWindowEnd()).toList()).doesNotHaveDuplicates();
        }
    }

    /** The partition Kafka's default partitioner gives a String key among {@code partitions}. */
    private static int partitionOf(final String key, final int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Hours [from, to) of 40 studies per site; the {@code drifting} sites drift in hours 3 to 5. */
    private static void sendHours(final Running app, final SyntheticSites sites, final Instant monday, final int from,
                                  final int to, final List<String> names, final Set<String> drifting) {
        for (int hour = from; hour < to; hour++) {
            final Instant start = monday.plus(Duration.ofHours(hour));
            for (String site : names) {
                final Shift shift = drifting.contains(site) && hour >= 3 && hour <= 5 ? Shift.EMBEDDING : Shift.NONE;
                sites.studies(site, 40, shift, start, start.plus(Duration.ofHours(1))).forEach(app::send);
            }
            app.producer.flush();
        }
    }

    private RadShiftConfig config(final String name, final int partitions, final String yaml) throws Exception {
        final Path file = dir.resolve(name + ".yaml");
        // Topics of their own per test: a test's studies must not reach another test's outputs.
        Files.writeString(file, "kafka: {applicationId: it-" + name + ", stateDir: state}\n"
                + "topics: {partitions: " + partitions + ", studies: " + name + "-studies, studyLabels: " + name + "-labels, inferences: "
                + name + "-inferences, windows: " + name + "-windows, alerts: " + name + "-alerts, deadLetter: " + name + "-dlq}\n" + yaml);
        return new ConfigLoader().load(file).withEndpoints(kafka.bootstrapServers(), registry.url());
    }

    private Running start(final RadShiftConfig config) throws Exception {
        final Topics topics = new Topics(config, RestSchemaRegistryClient.builder(registry.url()).build());
        final List<String> names = new ArrayList<>(topics.names());
        names.add(MonitoringStage.closedWindowsTopic(config));
        kafka.createTopics(config.topics().partitions(), names.toArray(String[]::new));
        final RadShiftMetrics metrics = RadShiftMetrics.discarding();
        final Topology topology = new Topology();
        MonitoringStage.addTo(topology, topics, config, profile, metrics);
        final KafkaStreams streams = new KafkaStreams(topology, StreamsSettings.properties(config, metrics));
        streams.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return new Running(streams, topics, config);
    }

    /** A running monitoring stage with a producer of inferences and collectors of its outputs. */
    private static final class Running implements AutoCloseable {
        final KafkaStreams streams;
        final KafkaProducer<String, StudyInference> producer;
        final List<WindowSummary> summaries = new CopyOnWriteArrayList<>();
        final List<DriftAlert> alerts = new CopyOnWriteArrayList<>();
        private final Topics topics;
        private final Thread collector;
        private volatile boolean running = true;

        Running(final KafkaStreams streams, final Topics topics, final RadShiftConfig config) {
            this.streams = streams;
            this.topics = topics;
            this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    Serdes.String().serializer(), new ConfluentAvroSerializer<>(RestSchemaRegistryClient.builder(registry.url()).build()));
            this.collector = new Thread(() -> collect(config));
            this.collector.start();
        }

        void send(final StudyInference study) {
            producer.send(new ProducerRecord<>(topics.inferences().name(), null, study.getEventTime().toEpochMilli(),
                    study.getSiteId(), study));
        }

        private void collect(final RadShiftConfig config) {
            try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "collector-" + java.util.UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    Serdes.String().deserializer(), (topic, bytes) -> topic.equals(topics.alerts().name())
                            ? topics.alerts().valueSerde().deserializer().deserialize(topic, bytes)
                            : topics.windows().valueSerde().deserializer().deserialize(topic, bytes))) {
                consumer.subscribe(List.of(topics.alerts().name(), topics.windows().name()));
                while (running) {
                    for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.value() instanceof DriftAlert a) {
                            alerts.add(a);
                        } else if (r.value() instanceof WindowSummary s) {
                            summaries.add(s);
                        }
                    }
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            producer.close();
            running = false;
            collector.join(5_000);
            streams.close(Duration.ofSeconds(30));
        }
    }
}
