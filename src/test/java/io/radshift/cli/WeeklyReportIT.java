package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radshift.avro.AlertState;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;
import io.radshift.avro.WindowSummary;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.ingest.serde.ConfluentAvroSerializer;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.report.HeadlessChromium;
import io.radshift.stats.SyntheticStudies.Shift;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.topics.Topics;
import io.radshift.topology.MonitoringStage;
import io.radshift.topology.StreamsSettings;
import io.radshift.topology.SyntheticSites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code radshift report} on real windows: the monitoring stage runs on the in-process broker (exactly-once, real
 * Avro through the embedded registry) over one ISO week of three synthetic sites, a stable one with ground truth,
 * one whose embeddings drift from Tuesday noon to Wednesday noon and one that turns over-confident on its rare label
 * from Friday on; then the command
 * reads drift-windows and drift-alerts from Kafka and writes HTML, CSV and JSON. A real headless Chromium opens the
 * pages as a person would: no console error, no broken image, no request beyond the file, every chart drawn; the
 * screenshots are saved under {@code target/weekly-report/}.
 */
class WeeklyReportIT {

    private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");
    /** Studies per site in each 6 h slot of the week. */
    private static final int PER_SLOT = 30;
    private static final int SLOTS = 28;
    private static final Duration SLOT = Duration.ofHours(6);
    private static final Path OUT = Path.of("target", "weekly-report");

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;
    private static final Set<String> SENT_IDS = new HashSet<>();
    private static final List<WindowSummary> WINDOWS = new ArrayList<>();
    private static final List<DriftAlert> ALERTS = new ArrayList<>();
    private static Path configFile;
    private static String commandOutput;

    @BeforeAll
    static void runAWeekAndReportIt() throws Exception {
        kafka = EmbeddedKafka.start();
        registry = EmbeddedSchemaRegistry.start(0);
        configFile = dir.resolve("report.yaml");
        Files.writeString(configFile, """
                kafka: {applicationId: it-report, stateDir: state}
                topics: {partitions: 2, studies: rp-studies, studyLabels: rp-labels, inferences: rp-inferences,
                         windows: rp-windows, alerts: rp-alerts, deadLetter: rp-dlq}
                windows:
                  - {name: oncall, type: sliding, size: 12h, advance: 6h, grace: 10m}
                  - {name: weekly, type: iso-week, zone: UTC, grace: 10m}
                detection: {alpha: 0.01, minStudies: 30, fireAfter: 2, fireWindow: 3, siteSilentAfter: 12h, idleTimeout: 2s}
                """);
        final RadShiftConfig config = new ConfigLoader().load(configFile).withEndpoints(kafka.bootstrapServers(), registry.url());
        final Topics topics = new Topics(config, RestSchemaRegistryClient.builder(registry.url()).build());
        final List<String> names = new ArrayList<>(topics.names());
        names.add(MonitoringStage.closedWindowsTopic(config));
        kafka.createTopics(config.topics().partitions(), names.toArray(String[]::new));
        final SyntheticSites sites = new SyntheticSites(23);
        final Topology topology = new Topology();
        final RadShiftMetrics metrics = RadShiftMetrics.discarding();
        MonitoringStage.addTo(topology, topics, config, sites.profile(), metrics);
        try (KafkaStreams streams = new KafkaStreams(topology, StreamsSettings.properties(config, metrics))) {
            streams.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
            sendWeek(topics, sites);
            awaitWeeklyWindows(topics);
        }
        commandOutput = runReport(OUT.resolve("report.html"), null);
        runReport(OUT.resolve("report-site-B.html"), "B");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The week of three sites, labels for A and C, then a few studies the next Monday to close the week. */
    private static void sendWeek(final Topics topics, final SyntheticSites sites) {
        try (KafkaProducer<String, StudyInference> studies = producer();
             KafkaProducer<String, StudyLabels> labels = producer()) {
            for (int slot = 0; slot <= SLOTS; slot++) {
                final boolean nextWeek = slot == SLOTS;
                final Instant start = nextWeek ? MONDAY.plus(Duration.ofDays(7)).plus(Duration.ofHours(1))
                        : MONDAY.plus(SLOT.multipliedBy(slot));
                for (String site : List.of("A", "B", "C")) {
                    final Shift shift = nextWeek ? Shift.NONE : site.equals("B") && slot >= 6 && slot < 10 ? Shift.EMBEDDING
                            : site.equals("C") && slot >= 16 ? Shift.RARE_OVERCONFIDENT : Shift.NONE;
                    for (StudyInference study : sites.studies(site, nextWeek ? 5 : PER_SLOT, shift, start, start.plus(SLOT))) {
                        studies.send(new ProducerRecord<>(topics.inferences().name(), null, study.getEventTime().toEpochMilli(),
                                site, study));
                        SENT_IDS.add(study.getStudyId());
                        if (!site.equals("B") && !nextWeek) {
                            final long at = study.getEventTime().toEpochMilli() + 600_000;
                            labels.send(new ProducerRecord<>(topics.studyLabels().name(), null, at, site,
                                    SyntheticSites.labels(study, at)));
                        }
                    }
                }
                studies.flush();
                labels.flush();
            }
        }
    }

    private static <V extends SpecificRecord> KafkaProducer<String, V> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Serdes.String().serializer(), new ConfluentAvroSerializer<>(RestSchemaRegistryClient.builder(registry.url()).build()));
    }

    /** Waits until the ISO-week windows of the three sites and of the all-sites view are out, keeping everything read. */
    private static void awaitWeeklyWindows(final Topics topics) {
        try (KafkaConsumer<String, Object> consumer = topics.outputsConsumer("it-" + UUID.randomUUID())) {
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() instanceof WindowSummary w) {
                        WINDOWS.add(w);
                    } else if (r.value() instanceof DriftAlert a) {
                        ALERTS.add(a);
                    }
                }
                // The all-sites view merges a week once its sites have delivered it (or their idle timeout passed),
                // so its weekly window comes a little after theirs.
                return WINDOWS.stream().filter(w -> w.getWindowKind().equals("weekly"))
                        .map(WindowSummary::getSiteId).distinct().count() == 4;
            });
        }
    }

    private static String runReport(final Path out, final String site) {
        final List<String> args = new ArrayList<>(List.of("report", "--week", "2026-W10", "--config", configFile.toString(),
                "--bootstrap", kafka.bootstrapServers(), "--registry", registry.url(), "--out", out.toString()));
        Optional.ofNullable(site).ifPresent(s -> args.addAll(List.of("--site", s)));
        final CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as("report exit code; stderr: %s", run.err()).isZero();
        return run.out();
    }

    @Test
    void theReportHasEverySiteWithChartsTitledAxesLegendsAndNothingFromTheNetwork() throws Exception {
        assertThat(commandOutput).startsWith("report 2026-W10: 4 site(s)");
        final String html = Files.readString(OUT.resolve("report.html"));
        assertThat(html).contains("Site A", "Site B", "Site C", "All sites (*)", "Volume by day",
                "centroid-euclidean: statistic against threshold", "Predicted-positive rate against reference prevalence",
                "Score histogram of rare (rare)", "Incidents open in the week", "Most novel studies");
        // Self-contained: no script, no external style sheet, image or font; links only within the page.
        assertThat(ReportPages.assertSelfContainedWithLabelledCharts(html)).isGreaterThan(20);
        // Alert periods and rare labels stand out: B's incident shades its time charts, the rare label is marked.
        assertThat(section(html, "B")).contains("class=\"band\"", "open incident");
        assertThat(section(html, "C")).contains("class=\"highlight\"", "\u2605 rare");
        assertThat(ALERTS).filteredOn(a -> a.getSiteId().equals("B")).extracting(DriftAlert::getState).contains(AlertState.FIRING);
    }

    @Test
    void theCsvAndJsonHoldTheSameNumbersAsTheWindows() throws Exception {
        final List<String> csv = Files.readAllLines(OUT.resolve("report.csv"));
        assertThat(csv.get(0)).isEqualTo("site,element,id,series,x,value");
        // Volume by day: the oncall windows taken without overlap count every study of site A exactly once.
        final long volumeA = csv.stream().filter(l -> l.startsWith("A,chart,site-A-volume,")).mapToLong(l ->
                Math.round(Double.parseDouble(l.substring(l.lastIndexOf(',') + 1)))).sum();
        assertThat(volumeA).isEqualTo((long) PER_SLOT * SLOTS);
        final WindowSummary weeklyA = WINDOWS.stream().filter(w -> w.getSiteId().equals("A") && w.getWindowKind().equals("weekly"))
                .findFirst().orElseThrow();
        assertThat(weeklyA.getN()).isEqualTo(volumeA);
        assertThat(Files.readString(OUT.resolve("report.json"))).as("plain JSON numbers").doesNotContain("NaN", "Infinity");
        final JsonNode json = new ObjectMapper().readTree(OUT.resolve("report.json").toFile());
        assertThat(json.get("week").asText()).isEqualTo("2026-W10");
        final JsonNode siteA = StreamSupport.stream(json.get("sites").spliterator(), false)
                .filter(s -> s.get("site").asText().equals("A")).findFirst().orElseThrow();
        assertThat(siteA.get("studies").asLong()).isEqualTo(weeklyA.getN());
        // The label-rate chart shows the ISO-week window's rates, the same in JSON and in the window itself.
        final JsonNode rates = StreamSupport.stream(siteA.get("charts").spliterator(), false)
                .filter(c -> c.get("id").asText().equals("site-A-label-rates")).findFirst().orElseThrow();
        final JsonNode predicted = rates.get("series").get(0).get("points");
        for (int i = 0; i < weeklyA.getLabelRates().size(); i++) {
            assertThat(predicted.get(i).get("y").asDouble()).isEqualTo(weeklyA.getLabelRates().get(i).getPredictedPositiveRate());
        }
        // Ground truth arrived for A: its per-label table is there with the window's own numbers.
        assertThat(csv).anyMatch(l -> l.startsWith("A,table,site-A-ranking,1,labelled studies," + weeklyA.getGroundTruth().getLabelledCount()));
        // Only pseudonymous study ids that were sent appear as novel studies.
        final List<String> novel = csv.stream().filter(l -> l.contains(",table,site-") && l.contains("-novel,") && l.contains(",study id,"))
                .map(l -> l.substring(l.lastIndexOf(',') + 1)).toList();
        assertThat(novel).isNotEmpty().allMatch(SENT_IDS::contains);
        // One site only with --site.
        assertThat(Files.readString(OUT.resolve("report-site-B.html"))).contains("Site B").doesNotContain("Site A", "Site C");
    }

    @Test
    void chromiumRendersEveryPageWithoutConsoleErrorsOrBrokenImages() throws Exception {
        final Optional<Path> binary = HeadlessChromium.find();
        Assumptions.assumeTrue(binary.isPresent(), "SKIPPED: chromium not found on the PATH (CI's .ci/run installs "
                + "Debian's chromium); the report pages were not rendered");
        try (HeadlessChromium chromium = HeadlessChromium.start(binary.get(), dir.resolve("chromium-profile"))) {
            for (String page : List.of("report", "report-site-B")) {
                final Path html = OUT.resolve(page + ".html").toAbsolutePath();
                final HeadlessChromium.Page shown = chromium.render(html, OUT.resolve("screenshots").resolve(page + ".png"),
                        1280, 900, 16_000);
                final int charts = ReportPages.count(Files.readString(html), "<svg ");
                assertThat(shown.consoleErrors()).as(page).isEmpty();
                assertThat(shown.brokenImages()).as(page).isZero();
                assertThat(shown.svgs()).as(page).isEqualTo(charts);
                assertThat(shown.chartsDrawn()).as("%s: charts laid out with their text", page).isEqualTo(charts);
                assertThat(shown.requests()).as("%s loads nothing but itself", page).containsOnly(html.toUri().toString());
                assertThat(shown.title()).isEqualTo("RadShift weekly quality review 2026-W10");
                assertThat(OUT.resolve("screenshots").resolve(page + ".png")).isNotEmptyFile();
            }
            // The top of a site's page, small enough for the README (docs/weekly-report.png is a copy).
            final HeadlessChromium.Page top = chromium.render(OUT.resolve("report-site-B.html").toAbsolutePath(),
                    OUT.resolve("screenshots").resolve("report-site-B-top.png"), 1180, 1000, 1000);
            assertThat(top.consoleErrors()).isEmpty();
        }
    }

    private static String section(final String html, final String site) {
        final int start = html.indexOf("<section id=\"site-" + site + "\">");
        return html.substring(start, html.indexOf("</section>", start));
    }
}
