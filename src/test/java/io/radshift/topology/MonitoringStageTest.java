package io.radshift.topology;

import io.radshift.topics.Topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.radshift.alert.IncidentProcessor;
import io.radshift.avro.AlertKind;
import io.radshift.avro.AlertState;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.Evidence;
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
import io.radshift.window.LabelJoinProcessor;
import io.radshift.window.PaneAggregatorProcessor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring stage on {@link TopologyTestDriver}: windows, detector and incidents with synthetic sites
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
    private RadShiftConfig config;
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
                detection: {alpha: 0.01, minStudies: 30, fireAfter: 2, fireWindow: 3, siteSilentAfter: 3h, siteStateRetention: 8d,
                            maxScoresPerSite: 100}
                """);
        config = new ConfigLoader().load(file);
        topics = new Topics(config, RestSchemaRegistryClient.builder(registry.url()).build());
        final Topology topology = new Topology();
        MonitoringStage.addTo(topology, topics, config, profile, RadShiftMetrics.discarding());
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
    void onlyTheDriftingSiteOpensAnIncidentAndItResolvesOnceItReturnsToNormal() {
        for (int hour = 0; hour < 12; hour++) {
            final Shift c = hour >= 3 && hour <= 5 ? Shift.EMBEDDING : Shift.NONE;
            sendHour("A", hour, Shift.NONE);
            sendHour("B", hour, Shift.NONE);
            sendHour("C", hour, c);
            driver.advanceWallClockTime(Duration.ofSeconds(3));
        }
        final List<DriftAlert> all = alerts.readValuesToList();
        assertThat(all).filteredOn(a -> a.getSiteId().equals("A") || a.getSiteId().equals("B")).isEmpty();
        final List<DriftAlert> siteC = all.stream().filter(a -> a.getSiteId().equals("C")).toList();
        assertThat(siteC).as("C: %s", siteC.stream().map(DriftAlert::getSummary).toList())
                .extracting(DriftAlert::getState).containsOnlyOnce(AlertState.FIRING, AlertState.RESOLVED)
                .startsWith(AlertState.FIRING).endsWith(AlertState.RESOLVED);
        assertThat(siteC).filteredOn(a -> a.getState() == AlertState.UPDATE).hasSizeLessThanOrEqualTo(3);
        final DriftAlert firing = siteC.get(0);
        assertThat(firing.getWindowEnd()).isEqualTo(MONDAY.plus(Duration.ofHours(5)));
        assertThat(firing.getPaging()).isTrue();
        assertThat(firing.getEvidence()).extracting(Evidence::getKind).contains(AlertKind.EMBEDDING_DRIFT);
        assertThat(firing.getEvidence()).extracting(Evidence::getTest).contains("mmd2-rff");
        assertThat(firing.getTopNovelStudyIds()).isNotEmpty().allSatisfy(id -> assertThat(id).startsWith("C-"));
        assertThat(firing.getThreshold()).isNotNull();
        assertThat(firing.getStatistic()).isGreaterThan(firing.getThreshold());
        assertThat(firing.getRunbookUrl()).isNotBlank();
        assertThat(siteC).extracting(DriftAlert::getAlertId).containsOnly(firing.getAlertId());
        final DriftAlert resolved = siteC.get(siteC.size() - 1);
        assertThat(resolved.getWindowEnd()).isEqualTo(MONDAY.plus(Duration.ofHours(10)));

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

    /**
     * The all-sites view keeps one lifecycle: every record reaching it carries the one key {@code *} (so any
     * partition count puts it in one task), although its windows' ends would have spread it over several
     * partitions when keyed by window, and each episode gives exactly one FIRING and one RESOLVED. The sites'
     * own incidents explain it, so it does not page.
     */
    @Test
    void theAllSitesViewOpensOneIncidentPerEpisodeUnderOneKeyAndDoesNotPageWhenTheSitesExplainIt() {
        final TestOutputTopic<String, byte[]> feed = driver.createOutputTopic(MonitoringStage.closedWindowsTopic(config),
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        for (int episode = 0; episode < 2; episode++) {
            for (int hour = episode * 12; hour < episode * 12 + 12; hour++) {
                final Shift shift = hour % 12 >= 3 && hour % 12 <= 6 ? Shift.EMBEDDING : Shift.NONE;
                sendHour("A", hour, Shift.NONE);
                sendHour("C", hour, shift);
                sendHour("D", hour, shift);
                driver.advanceWallClockTime(Duration.ofSeconds(3));
            }
        }
        driver.advanceWallClockTime(Duration.ofSeconds(3)); // the last all-sites window settles
        final List<DriftAlert> allSites = alerts.readValuesToList().stream().filter(a -> a.getSiteId().equals("*")).toList();
        assertThat(allSites).as("*: %s", allSites.stream().map(DriftAlert::getSummary).toList())
                .extracting(DriftAlert::getState).filteredOn(s -> s != AlertState.UPDATE)
                .containsExactly(AlertState.FIRING, AlertState.RESOLVED, AlertState.FIRING, AlertState.RESOLVED);
        assertThat(allSites).allSatisfy(a -> assertThat(a.getPaging()).isFalse());
        assertThat(allSites).filteredOn(a -> a.getState() == AlertState.FIRING)
                // Whichever drifting site's incident is open when * opens explains it (decisive evidence may open
                // one site's incident a window before the other's).
                .allSatisfy(a -> assertThat(a.getSummary()).containsPattern("explained by the incidents of (C, D|C|D)$"));

        final List<TestRecord<String, byte[]>> records = feed.readRecordsToList();
        assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r.key()).isEqualTo("*"));
        // A site's incident status for a window precedes the window itself, so the all-sites paging rule knows it.
        final List<String> order = records.stream().map(r -> AllSitesFeed.serde().deserializer().deserialize("t", r.value()))
                .filter(f -> !(f instanceof AllSitesFeed.Presence))
                .map(f -> f.siteWindow().map(w -> "W " + w.site() + "@" + w.end())
                        .orElseGet(() -> f.siteIncident().map(st -> "S " + st.site() + "@" + st.windowEnd()).orElseThrow()))
                .toList();
        assertThat(order).filteredOn(e -> e.startsWith("W ")).hasSizeGreaterThan(60)
                .allSatisfy(w -> assertThat(order.indexOf("S " + w.substring(2))).as(w).isBetween(0, order.indexOf(w) - 1));
        final Set<Integer> byWindowEnd = new HashSet<>();
        windows.readValuesToList().stream().filter(s -> s.getSiteId().equals("*"))
                .forEach(s -> byWindowEnd.add(partition(s.getWindowKind() + "@" + s.getWindowEnd().toEpochMilli(), 6)));
        assertThat(byWindowEnd).as("keyed by window, the all-sites windows would spread over partitions").hasSizeGreaterThan(2);
    }

    @Test
    void firstWindowWithTooFewStudiesSaysInsufficientData() {
        sendStudies("A", sites.studies("A", 10, Shift.NONE, MONDAY, MONDAY.plus(HOUR)));
        sendStudies("B", sites.studies("B", 40, Shift.NONE, MONDAY.plus(HOUR), MONDAY.plus(Duration.ofMinutes(150))));
        // B's studies do not close A's window; A's own clock does, once A has been quiet long enough to idle.
        driver.advanceWallClockTime(Duration.ofMinutes(30));
        final WindowSummary first = windows.readValuesToList().stream()
                .filter(s -> s.getSiteId().equals("A")).findFirst().orElseThrow();
        assertThat(first.getN()).isEqualTo(10);
        assertThat(first.getVerdict()).isEqualTo(WindowVerdict.INSUFFICIENT_DATA);
    }

    @Test
    void aStudyThatMovesItsSitesClockPastAWindowsEndPlusGraceClosesTheWindowWithoutWaitingForTheWallClockCheck() {
        sendHour("A", 0, Shift.NONE);
        sendHour("A", 1, Shift.NONE);
        // No wall-clock time passed: A's clock reached about 02:00, past 01:00 + 10 min grace, not past 02:10.
        assertThat(windows.readValuesToList()).filteredOn(s -> s.getSiteId().equals("A") && s.getWindowKind().equals("oncall"))
                .extracting(s -> s.getWindowEnd()).containsExactly(MONDAY.plus(HOUR));
    }

    @Test
    void lateStudiesAreCountedInTheNextWindowAndDeadLettersPerSiteAreReported() {
        sendHour("A", 0, Shift.NONE);
        sendHour("A", 1, Shift.NONE);
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        // The window ending at 01:00 closed when A's clock passed 01:10; a study from 00:30 is late now.
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

    /** Live: an hour of wall clock per hour of studies. B's clock runs on with the wall clock once it goes quiet. */
    @Test
    void aSiteThatStopsSendingOpensAnIncidentWithSiteSilentEvidence() {
        for (int hour = 0; hour < 9; hour++) {
            sendHour("A", hour, Shift.NONE);
            if (hour < 2) {
                sendHour("B", hour, Shift.NONE);
            }
            driver.advanceWallClockTime(HOUR);
        }
        final List<DriftAlert> events = alerts.readValuesToList();
        // The silence grows past twice its tolerance: one UPDATE to CRITICAL, which does not page again.
        assertThat(events).allSatisfy(a -> assertThat(a.getSiteId()).isEqualTo("B"))
                .extracting(DriftAlert::getState).containsExactly(AlertState.FIRING, AlertState.UPDATE);
        assertThat(events.get(0))
                .satisfies(a -> {
                    assertThat(a.getState()).isEqualTo(AlertState.FIRING);
                    assertThat(a.getKind()).isEqualTo(AlertKind.SITE_SILENT);
                    assertThat(a.getEvidence()).extracting(Evidence::getKind).containsExactly(AlertKind.SITE_SILENT);
                    assertThat(a.getStatistic()).isGreaterThanOrEqualTo(3.0);
                });
    }

    /**
     * Five studies of an extra site stamped three weeks ahead (of the others, not of the wall clock) close only
     * that site's windows: the others' windows neither close early, nor lose studies as late, nor go silent, and
     * the all-sites view merges theirs without waiting for the site ahead.
     */
    @Test
    void aSiteWeeksAheadNeitherClosesNorSilencesAnotherSitesWindows() {
        final Instant ahead = MONDAY.plus(Duration.ofDays(21));
        for (int hour = 0; hour < 6; hour++) {
            sendHour("A", hour, Shift.NONE);
            sendHour("B", hour, Shift.NONE);
            if (hour == 2) {
                sendStudies("X", sites.studies("X", 5, Shift.NONE, ahead, ahead.plus(Duration.ofHours(5))));
            }
            driver.advanceWallClockTime(Duration.ofSeconds(3));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(3));
        final List<WindowSummary> summaries = windows.readValuesToList();
        for (String site : List.of("A", "B")) {
            assertThat(oncall(summaries, site)).as(site).extracting(WindowSummary::getWindowEnd)
                    .containsExactly(hours(1), hours(2), hours(3), hours(4), hours(5));
            assertThat(oncall(summaries, site)).as(site).allSatisfy(s -> {
                assertThat(s.getN()).isEqualTo(s.getWindowEnd().equals(hours(1)) ? 40 : 80);
                assertThat(s.getLateDropped()).isZero();
                assertThat(s.getVerdict()).isNotIn(WindowVerdict.INSUFFICIENT_DATA, WindowVerdict.DRIFT);
                assertThat(s.getTests()).noneSatisfy(t -> assertThat(t.getDrift()).isTrue());
            });
        }
        assertThat(oncall(summaries, "X")).extracting(WindowSummary::getWindowEnd)
                .allSatisfy(end -> assertThat(end).isAfter(ahead));
        assertThat(oncall(summaries, "*")).extracting(WindowSummary::getWindowEnd, WindowSummary::getN)
                .containsExactly(tuple(hours(1), 80L), tuple(hours(2), 160L), tuple(hours(3), 160L), tuple(hours(4), 160L),
                        tuple(hours(5), 160L));
        assertThat(alerts.readValuesToList()).filteredOn(a -> !a.getSiteId().equals("X")).isEmpty();
    }

    /**
     * A site replaying its archive three weeks behind the others neither holds back their windows nor loses its own:
     * its windows close on its own clock, and a study far behind that clock is counted as late in its next window.
     */
    @Test
    void aSiteReplayingWeeksBehindNeitherHoldsBackAnotherSiteNorLosesItsStudiesSilently() {
        final Instant archive = MONDAY.minus(Duration.ofDays(21));
        for (int hour = 0; hour < 6; hour++) {
            sendHour("A", hour, Shift.NONE);
            final Instant from = archive.plus(HOUR.multipliedBy(hour));
            sendStudies("R", sites.studies("R", 40, Shift.NONE, from, from.plus(HOUR)));
            driver.advanceWallClockTime(Duration.ofSeconds(3));
        }
        sendStudies("R", sites.studies("R", 3, Shift.NONE, archive, archive.plus(Duration.ofMinutes(30))));
        sendStudies("R", sites.studies("R", 40, Shift.NONE, archive.plus(Duration.ofHours(6)), archive.plus(Duration.ofHours(7))));
        driver.advanceWallClockTime(Duration.ofSeconds(3));
        final List<WindowSummary> summaries = windows.readValuesToList();
        assertThat(oncall(summaries, "A")).extracting(WindowSummary::getWindowEnd, WindowSummary::getN)
                .containsExactly(tuple(hours(1), 40L), tuple(hours(2), 80L), tuple(hours(3), 80L), tuple(hours(4), 80L),
                        tuple(hours(5), 80L));
        assertThat(oncall(summaries, "R")).extracting(s -> Duration.between(archive, s.getWindowEnd()).toHours(),
                        WindowSummary::getN, WindowSummary::getLateDropped)
                .containsExactly(tuple(1L, 40L, 0L), tuple(2L, 80L, 0L), tuple(3L, 80L, 0L), tuple(4L, 80L, 0L),
                        tuple(5L, 80L, 0L), tuple(6L, 80L, 3L));
    }

    /** Studies and labels dated before 1990 or far in the future are dead-lettered with a reason and leave no site state. */
    @Test
    void implausibleEventTimesAreDeadLetteredWithAReasonAndOpenNoSite() {
        final TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic(topics.deadLetter().name(),
                topics.deadLetter().keySerde().deserializer(), topics.deadLetter().valueSerde().deserializer());
        final StudyInference study = sites.studies("Z", 1, Shift.NONE, MONDAY, MONDAY.plus(HOUR)).get(0);
        final Instant epoch = Instant.parse("1970-01-01T00:00:01Z");
        inferences.pipeInput("Z", StudyInference.newBuilder(study).setEventTime(epoch).build(), epoch);
        driver.createInputTopic(topics.studyLabels().name(), topics.studyLabels().keySerde().serializer(),
                        topics.studyLabels().valueSerde().serializer())
                .pipeInput("Z", SyntheticSites.labels(study, Instant.parse("2100-01-01T00:00:00Z").toEpochMilli()), MONDAY);
        assertThat(deadLetters.readRecordsToList()).extracting(r -> DeadLetters.reason(r.headers()))
                .containsExactly(InputChecks.PAST_EVENT_TIME, InputChecks.FUTURE_EVENT_TIME);
        assertThat(keys(PaneAggregatorProcessor.CLOCKS)).isEmpty();
        assertThat(keys(PaneAggregatorProcessor.STATE)).isEmpty();
    }

    /**
     * A site silent for {@code detection.siteStateRetention} (8 days here) on its own clock is forgotten once its
     * last windows closed: clock, window progress and panes go, while the site that keeps sending keeps its own.
     */
    @Test
    void aSiteSilentLongerThanTheRetentionIsForgottenAndStartsAfreshWhenItReturns() {
        for (int hour = 0; hour < 3; hour++) {
            sendHour("A", hour, Shift.NONE);
            sendHour("B", hour, Shift.NONE);
        }
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(keys(PaneAggregatorProcessor.CLOCKS)).containsExactly("A", "B");
        // Just short of the retention: B's clock counts its whole silence, 8 days less 8 minutes plus 2 s.
        for (int day = 0; day < 8; day++) {
            sendHour("A", 24 * day + 3, Shift.NONE);
            driver.advanceWallClockTime(Duration.ofDays(1).minusMinutes(1));
        }
        final List<DriftAlert> beforeForgetting = alerts.readValuesToList();
        assertThat(beforeForgetting).filteredOn(a -> a.getSiteId().equals("B")).extracting(DriftAlert::getState)
                .as("B's silence paged").contains(AlertState.FIRING).doesNotContain(AlertState.RESOLVED);
        assertThat(keys(IncidentProcessor.SITE_STORE)).contains("B\u001foncall");
        sendHour("A", 24 * 8 + 3, Shift.NONE);
        driver.advanceWallClockTime(HOUR);
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        assertThat(keys(PaneAggregatorProcessor.CLOCKS)).containsExactly("A");
        assertThat(keys(IncidentProcessor.SITE_STORE)).as("B's incident state is forgotten with its clock")
                .isNotEmpty().allSatisfy(k -> assertThat(k).startsWith("A\u001f"));
        assertThat(alerts.readValuesToList()).as("forgetting B emits no RESOLVED or FIRING")
                .noneSatisfy(a -> assertThat(a.getSiteId()).isEqualTo("B"));
        assertThat(keys(PaneAggregatorProcessor.STATE)).isNotEmpty().allSatisfy(k -> assertThat(k).endsWith("\u001fA"));
        assertThat(keys(PaneAggregatorProcessor.PANES)).isNotEmpty().noneSatisfy(k -> assertThat(k).contains("\u001fB\u001f"));
        assertThat(keys(PaneAggregatorProcessor.PANE_JOURNAL)).as("a forgotten site's pane journals go with its panes")
                .noneSatisfy(k -> assertThat(k).contains("\u001fB\u001f"));
        assertThat(windows.readValuesToList()).filteredOn(s -> s.getSiteId().equals("B") && s.getWindowKind().equals("oncall"))
                .as("B's silence was reported before it was forgotten")
                .anySatisfy(s -> assertThat(s.getTests()).anySatisfy(t -> {
                    assertThat(t.getTest()).isEqualTo("site-silent");
                    assertThat(t.getDrift()).isTrue();
                }));

        final Instant back = MONDAY.plus(Duration.ofDays(9));
        sendStudies("B", sites.studies("B", 40, Shift.NONE, back, back.plus(HOUR)));
        sendStudies("B", sites.studies("B", 40, Shift.NONE, back.plus(HOUR), back.plus(Duration.ofHours(2))));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(oncall(windows.readValuesToList(), "B")).extracting(WindowSummary::getWindowEnd, WindowSummary::getN)
                .containsExactly(tuple(back.plus(HOUR), 40L));
    }

    private List<String> keys(final String store) {
        final List<String> keys = new java.util.ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = driver.<String, byte[]>getKeyValueStore(store).all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private static List<WindowSummary> oncall(final List<WindowSummary> summaries, final String site) {
        return summaries.stream().filter(s -> s.getSiteId().equals(site) && s.getWindowKind().equals("oncall")).toList();
    }

    private static Instant hours(final int hours) {
        return MONDAY.plus(HOUR.multipliedBy(hours));
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

    /**
     * Labels may come before their study's inference: they wait and are joined when it is scored. Labels for a
     * study that was never scored go to the dead-letter topic once the ground-truth retention says it will not come.
     */
    @Test
    void groundTruthArrivingBeforeItsInferenceWaitsAndLabelsThatCanNeverJoinAreDeadLettered() {
        final TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic(topics.deadLetter().name(),
                topics.deadLetter().keySerde().deserializer(), topics.deadLetter().valueSerde().deserializer());
        final var labels = driver.createInputTopic(topics.studyLabels().name(), topics.studyLabels().keySerde().serializer(),
                topics.studyLabels().valueSerde().serializer());
        final List<StudyInference> hour0 = sites.studies("A", 40, Shift.NONE, MONDAY, MONDAY.plus(HOUR));
        final long labelledAt = MONDAY.plus(Duration.ofMinutes(80)).toEpochMilli();
        hour0.subList(0, 35).forEach(s -> labels.pipeInput("A", SyntheticSites.labels(s, labelledAt), labelledAt));
        final StudyInference neverScored = sites.studies("A", 1, Shift.NONE, MONDAY, MONDAY.plus(HOUR)).get(0);
        labels.pipeInput("A", SyntheticSites.labels(StudyInference.newBuilder(neverScored).setStudyId("never-scored").build(),
                labelledAt), labelledAt);
        assertThat(deadLetters.isEmpty()).as("labels before their inference wait").isTrue();

        sendStudies("A", hour0);
        sendHour("A", 1, Shift.NONE);
        sendHour("A", 2, Shift.NONE);
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        final WindowSummary window = windows.readValuesToList().stream()
                .filter(s -> s.getSiteId().equals("A") && s.getWindowKind().equals("oncall")
                        && s.getWindowEnd().equals(MONDAY.plus(Duration.ofHours(2))))
                .findFirst().orElseThrow();
        assertThat(window.getGroundTruth().getLabelledCount()).as("joined when scored").isEqualTo(35);

        final long monthBefore = MONDAY.minus(Duration.ofDays(31)).toEpochMilli();
        labels.pipeInput("A", SyntheticSites.labels(StudyInference.newBuilder(neverScored).setStudyId("long-gone").build(),
                monthBefore), monthBefore);
        assertThat(deadLetters.readRecordsToList()).as("older than the retention on A's clock: at once")
                .extracting(r -> DeadLetters.reason(r.headers())).containsExactly(LabelJoinProcessor.WITHOUT_INFERENCE);
        driver.advanceWallClockTime(Duration.ofDays(31));
        final List<TestRecord<byte[], byte[]>> expired = deadLetters.readRecordsToList();
        assertThat(expired).as("held past the retention").extracting(r -> DeadLetters.reason(r.headers()))
                .containsExactly(LabelJoinProcessor.WITHOUT_INFERENCE);
        assertThat(new String(expired.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("A");
        assertThat(keys(LabelJoinProcessor.PENDING_LABELS)).isEmpty();
    }

    /** {@code study-scores} holds at most {@code detection.maxScoresPerSite} (100 here) studies per site. */
    @Test
    void theScoresWaitingForGroundTruthAreCappedPerSiteAndTheStudiesStillCount() {
        for (int hour = 0; hour < 4; hour++) {
            sendHour("A", hour, Shift.NONE);
        }
        sendHour("B", 0, Shift.NONE);
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(keys(PaneAggregatorProcessor.STUDY_SCORES)).hasSize(100 + 40);
        assertThat(driver.<String, byte[]>getKeyValueStore(PaneAggregatorProcessor.SCORES_PER_SITE).get("A"))
                .isEqualTo(java.nio.ByteBuffer.allocate(8).putLong(100).array());
        assertThat(oncall(windows.readValuesToList(), "A")).as("capped scores, not capped windows")
                .extracting(WindowSummary::getN).contains(80L);
    }

    /** The partition Kafka's default partitioner gives a String key among {@code partitions}. */
    private static int partition(final String key, final int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
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
