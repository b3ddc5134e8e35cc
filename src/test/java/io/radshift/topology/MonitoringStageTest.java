package io.radshift.topology;

import io.radshift.topics.Topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.avro.AlertKind;
import io.radshift.avro.AlertState;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.StudyInference;
import io.radshift.avro.WindowSummary;
import io.radshift.avro.WindowVerdict;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.ingest.DeadLetters;
import io.radshift.ingest.SiteIds;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.SyntheticStudies.Shift;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.window.InputChecks;
import io.radshift.window.Watermark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring stage on {@link TopologyTestDriver}: windows, detector and alert lifecycle with synthetic sites
 * whose drift is known. (Real-broker timing is covered by the integration test.)
 */
class MonitoringStageTest {

    private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private static EmbeddedSchemaRegistry registry;
    private static ReferenceProfile profile;

    @TempDir
    Path dir;

    private TopologyTestDriver driver;
    private Topics topics;
    private TestInputTopic<String, StudyInference> inferences;
    private TestOutputTopic<String, WindowSummary> windows;
    private TestOutputTopic<String, DriftAlert> alerts;
    private final SyntheticSites sites = new SyntheticSites(2026);

    @BeforeAll
    static void startRegistryAndBuildProfile() {
        registry = EmbeddedSchemaRegistry.start(0);
        profile = new SyntheticSites(1).profile();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @BeforeEach
    void startDriver() throws IOException {
        final Path file = dir.resolve("test.yaml");
        Files.writeString(file, """
                kafka: {applicationId: monitoring-test}
                windows:
                  - {name: oncall, type: sliding, size: 2h, advance: 1h, grace: 10m}
                  - {name: weekly, type: iso-week, zone: Europe/Berlin, grace: 1h}
                detection: {alpha: 0.01, minStudies: 30, fireAfter: 2, fireWindow: 3, siteSilentAfter: 3h}
                """);
        final RadShiftConfig config = new ConfigLoader().load(file);
        topics = new Topics(config, RestSchemaRegistryClient.builder(registry.url()).build());
        final Topology topology = new Topology();
        MonitoringStage.addTo(topology, topics, config, profile, new Watermark(Duration.ofSeconds(5)), RadShiftMetrics.discarding());
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitoring-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        driver = new TopologyTestDriver(topology, props, Instant.parse("2026-11-27T00:00:00Z"));
        inferences = driver.createInputTopic(topics.inferences().name(), topics.inferences().keySerde().serializer(),
                topics.inferences().valueSerde().serializer());
        windows = driver.createOutputTopic(topics.windows().name(), topics.windows().keySerde().deserializer(),
                topics.windows().valueSerde().deserializer());
        alerts = driver.createOutputTopic(topics.alerts().name(), topics.alerts().keySerde().deserializer(),
                topics.alerts().valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void onlyTheDriftingSiteAlertsAndItResolvesOnceItReturnsToNormal() {
        for (int hour = 0; hour < 12; hour++) {
            final Shift c = hour >= 3 && hour <= 5 ? Shift.EMBEDDING : Shift.NONE;
            sendHour("A", hour, Shift.NONE);
            sendHour("B", hour, Shift.NONE);
            sendHour("C", hour, c);
            driver.advanceWallClockTime(Duration.ofSeconds(3));
        }
        final List<DriftAlert> all = alerts.readValuesToList();
        assertThat(all).filteredOn(a -> a.getSiteId().equals("A") || a.getSiteId().equals("B")).isEmpty();
        final List<DriftAlert> siteC = all.stream().filter(a -> a.getSiteId().equals("C")
                && a.getKind() == AlertKind.EMBEDDING_DRIFT).toList();
        assertThat(siteC).extracting(DriftAlert::getState).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        final DriftAlert firing = siteC.get(0);
        assertThat(firing.getWindowEnd()).isEqualTo(MONDAY.plus(Duration.ofHours(5)));
        assertThat(firing.getTopNovelStudyIds()).isNotEmpty().allSatisfy(id -> assertThat(id).startsWith("C-"));
        assertThat(firing.getThreshold()).isNotNull();
        assertThat(firing.getStatistic()).isGreaterThan(firing.getThreshold());
        assertThat(firing.getRunbookUrl()).isNotBlank();
        assertThat(siteC.get(1).getAlertId()).isEqualTo(firing.getAlertId());
        assertThat(siteC.get(1).getWindowEnd()).isEqualTo(MONDAY.plus(Duration.ofHours(10)));

        final List<WindowSummary> summaries = windows.readValuesToList();
        assertThat(summaries).filteredOn(s -> s.getSiteId().equals("A") && s.getWindowKind().equals("oncall"))
                .hasSize(11).allSatisfy(s -> assertThat(s.getVerdict()).isNotEqualTo(WindowVerdict.DRIFT));
        assertThat(summaries).filteredOn(s -> s.getSiteId().equals("*") && s.getWindowKind().equals("oncall"))
                .isNotEmpty().allSatisfy(s -> assertThat(s.getN()).isEqualTo(3 * (s.getWindowEnd().equals(MONDAY.plus(HOUR)) ? 40 : 80)));
        assertThat(summaries).filteredOn(s -> s.getSiteId().equals("C") && s.getWindowKind().equals("oncall")
                && s.getWindowEnd().equals(MONDAY.plus(Duration.ofHours(5))))
                .singleElement().satisfies(s -> {
                    assertThat(s.getVerdict()).isEqualTo(WindowVerdict.DRIFT);
                    assertThat(s.getTests()).anySatisfy(t -> {
                        assertThat(t.getTest()).isEqualTo("mmd2-rff");
                        assertThat(t.getDrift()).isTrue();
                    });
                });
    }

    @Test
    void firstWindowWithTooFewStudiesSaysInsufficientData() {
        sendStudies("A", sites.studies("A", 10, Shift.NONE, MONDAY, MONDAY.plus(HOUR)));
        sendStudies("B", sites.studies("B", 40, Shift.NONE, MONDAY.plus(HOUR), MONDAY.plus(Duration.ofMinutes(150))));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        final WindowSummary first = windows.readValuesToList().stream()
                .filter(s -> s.getSiteId().equals("A")).findFirst().orElseThrow();
        assertThat(first.getN()).isEqualTo(10);
        assertThat(first.getVerdict()).isEqualTo(WindowVerdict.INSUFFICIENT_DATA);
    }

    @Test
    void lateStudiesAreCountedInTheNextWindowAndDeadLettersPerSiteAreReported() {
        sendHour("A", 0, Shift.NONE);
        sendHour("A", 1, Shift.NONE);
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        // The window ending at 01:00 closed when the watermark passed 01:10; a study from 00:30 is late now.
        sendStudies("A", sites.studies("A", 1, Shift.NONE, MONDAY.plus(Duration.ofMinutes(30)), MONDAY.plus(Duration.ofMinutes(31))));
        final RecordHeaders headers = new RecordHeaders();
        DeadLetters.annotate(headers, "corrupt-image", "PNG stream truncated", topics.studies().name());
        driver.createInputTopic(topics.deadLetter().name(), topics.deadLetter().keySerde().serializer(),
                        topics.deadLetter().valueSerde().serializer())
                .pipeInput(new TestRecord<>("A".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}, headers,
                        MONDAY.plus(Duration.ofMinutes(90))));
        sendHour("A", 2, Shift.NONE);
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        final WindowSummary secondWindow = windows.readValuesToList().stream()
                .filter(s -> s.getSiteId().equals("A") && s.getWindowKind().equals("oncall")
                        && s.getWindowEnd().equals(MONDAY.plus(Duration.ofHours(2))))
                .findFirst().orElseThrow();
        assertThat(secondWindow.getLateDropped()).isEqualTo(1);
        assertThat(secondWindow.getDeadLettered()).containsEntry("corrupt-image", 1L);
        assertThat(secondWindow.getN()).isEqualTo(80);
    }

    @Test
    void aSiteThatStopsSendingRaisesSiteSilent() {
        for (int hour = 0; hour < 9; hour++) {
            sendHour("A", hour, Shift.NONE);
            if (hour < 2) {
                sendHour("B", hour, Shift.NONE);
            }
            driver.advanceWallClockTime(Duration.ofSeconds(2));
        }
        assertThat(alerts.readValuesToList())
                .filteredOn(a -> a.getKind() == AlertKind.SITE_SILENT)
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.getSiteId()).isEqualTo("B");
                    assertThat(a.getState()).isEqualTo(AlertState.FIRING);
                    assertThat(a.getStatistic()).isGreaterThanOrEqualTo(3.0);
                });
    }

    @Test
    void groundTruthArrivingLaterIsJoinedByStudyId() {
        final List<StudyInference> hour0 = sites.studies("A", 40, Shift.NONE, MONDAY, MONDAY.plus(HOUR));
        sendStudies("A", hour0);
        final var labels = driver.createInputTopic(topics.studyLabels().name(), topics.studyLabels().keySerde().serializer(),
                topics.studyLabels().valueSerde().serializer());
        final long labelledAt = MONDAY.plus(Duration.ofMinutes(80)).toEpochMilli();
        hour0.subList(0, 35).forEach(s -> labels.pipeInput("A", SyntheticSites.labels(s, labelledAt), labelledAt));
        sendHour("A", 1, Shift.NONE);
        sendHour("A", 2, Shift.NONE);
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        final WindowSummary window = windows.readValuesToList().stream()
                .filter(s -> s.getSiteId().equals("A") && s.getWindowKind().equals("oncall")
                        && s.getWindowEnd().equals(MONDAY.plus(Duration.ofHours(2))))
                .findFirst().orElseThrow();
        assertThat(window.getGroundTruth()).isNotNull();
        assertThat(window.getGroundTruth().getLabelledCount()).isEqualTo(35);
        // The synthetic labels are the model's own decisions at 0.5, so every label with positives is perfect.
        assertThat(window.getGroundTruth().getPerLabel()).filteredOn(l -> l.getSupport() > 0).isNotEmpty()
                .allSatisfy(l -> {
                    assertThat(l.getPrecision()).isEqualTo(1.0);
                    assertThat(l.getRecall()).isEqualTo(1.0);
                });
    }

    @Test
    void poisonRecordsAreDeadLetteredWithTheirReasonAndTheStreamGoesOn() {
        final TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic(topics.deadLetter().name(),
                topics.deadLetter().keySerde().deserializer(), topics.deadLetter().valueSerde().deserializer());
        final List<StudyInference> good = sites.studies("A", 6, Shift.NONE, MONDAY, MONDAY.plus(HOUR));
        final StudyInference wrongDimension = StudyInference.newBuilder(good.get(0))
                .setEmbedding(good.get(0).getEmbedding().subList(0, 3)).build();
        final java.util.List<Float> withNan = new java.util.ArrayList<>(good.get(1).getEmbedding());
        withNan.set(0, Float.NaN);
        final StudyInference nan = StudyInference.newBuilder(good.get(1)).setEmbedding(withNan).build();
        final String hugeSite = "h".repeat(64 * 1024);
        final StudyInference hugeSiteId = StudyInference.newBuilder(good.get(2)).setSiteId(hugeSite).build();
        final StudyInference from2100 = StudyInference.newBuilder(good.get(4)).setEventTime(Instant.parse("2100-01-01T00:00:00Z")).build();
        inferences.pipeInput("A", null, MONDAY.plusSeconds(1).toEpochMilli());
        inferences.pipeInput("A", wrongDimension, MONDAY.plusSeconds(2).toEpochMilli());
        inferences.pipeInput("A", nan, MONDAY.plusSeconds(3).toEpochMilli());
        inferences.pipeInput(hugeSite, hugeSiteId, MONDAY.plusSeconds(4).toEpochMilli());
        inferences.pipeInput("B", good.get(3), MONDAY.plusSeconds(5).toEpochMilli());
        inferences.pipeInput("A", from2100, Instant.parse("2100-01-01T00:00:00Z").toEpochMilli());
        driver.createInputTopic(topics.studyLabels().name(), topics.studyLabels().keySerde().serializer(),
                topics.studyLabels().valueSerde().serializer()).pipeInput("A", null, MONDAY.plusSeconds(6).toEpochMilli());

        assertThat(deadLetters.readRecordsToList()).extracting(r -> DeadLetters.reason(r.headers()))
                .containsExactly(InputChecks.TOMBSTONE, InputChecks.WRONG_DIMENSION, InputChecks.NON_FINITE,
                        SiteIds.INVALID_SITE_ID, SiteIds.KEY_SITE_MISMATCH, InputChecks.FUTURE_EVENT_TIME, InputChecks.TOMBSTONE);
        for (int hour = 0; hour < 3; hour++) {
            sendHour("A", hour, Shift.NONE);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(windows.readValuesToList()).filteredOn(w -> w.getSiteId().equals("A") && w.getWindowKind().equals("oncall"))
                .isNotEmpty().allSatisfy(w -> assertThat(w.getN()).isGreaterThanOrEqualTo(40));
    }

    private void sendHour(final String site, final int hour, final Shift shift) {
        final Instant from = MONDAY.plus(HOUR.multipliedBy(hour));
        sendStudies(site, sites.studies(site, 40, shift, from, from.plus(HOUR)));
    }

    private void sendStudies(final String site, final List<StudyInference> studies) {
        studies.forEach(s -> inferences.pipeInput(site, s, s.getEventTime()));
    }
}
