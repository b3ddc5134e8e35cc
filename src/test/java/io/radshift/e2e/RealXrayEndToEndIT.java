package io.radshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.radshift.app.RadShiftApp;
import io.radshift.avro.AlertKind;
import io.radshift.avro.AlertState;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.StudyEvent;
import io.radshift.cli.RadShiftCli;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.data.Manifest;
import io.radshift.data.SharedData;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.ingest.ImageStudies;
import io.radshift.ingest.Pseudonymizer;
import io.radshift.ingest.StudyPublisher;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.stats.profile.ReferenceProfileAvro;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on real chest X-rays: a reference profile from kermany/train built by {@code radshift
 * baseline} with the demo bundle, then kermany/test as site A, Hannover as site B and ieee8023's other sites as
 * site C published as Avro study events through the in-process broker, inference, windows, detector and
 * incidents. B and C must open incidents with embedding-drift evidence; A (the reference hospital) must not.
 */
class RealXrayEndToEndIT {

    private static final Logger LOG = LoggerFactory.getLogger(RealXrayEndToEndIT.class);
    private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void otherHospitalsRaiseEmbeddingDriftAndTheReferenceHospitalDoesNot() throws Exception {
        final Optional<Path> cxr = SharedData.cxr();
        Assumptions.assumeTrue(cxr.isPresent(), SharedData.absentMessage());
        final Path manifestFile = cxr.get().resolve("manifest.csv");
        final ModelBundle bundle = DemoBundleBuilder.ensure(dir.resolve("bundle"));
        final Path profile = dir.resolve("kermany-train.avro");
        assertThat(RadShiftCli.commandLine().execute("baseline", "--bundle", bundle.dir().toString(),
                "--manifest", manifestFile.toString(), "--where", "source=kermany", "--where", "split=train",
                "--label-map", "normal=No Finding,pneumonia=Pneumonia", "--out", profile.toString())).isZero();

        final RadShiftConfig config = config();
        final Manifest manifest = Manifest.read(manifestFile);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            final RadShiftConfig live = config.withEndpoints(kafka.bootstrapServers(), registry.url());
            try (RadShiftApp app = RadShiftApp.start(live, bundle,
                    ReferenceProfileAvro.read(profile, bundle.modelId(), bundle.contentHash()))) {
                final List<DriftAlert> alerts = collectAlerts(kafka, app);
                publish(live, manifest, List.of(
                        new Site("site-a", manifest.where(List.of("source=kermany", "split=test")), 8),
                        new Site("site-b", manifest.where(List.of("source=hannover")), 2),
                        // ieee8023's other sites hold about 120 X-rays: one day of them, so that one window holds
                        // them all (two windows of 60 show the embedding shift at 7x its tolerance but, among about
                        // twenty tests, not significant after Holm with the profile's honest far tail).
                        new Site("site-c", manifest.where(List.of("source=ieee8023_other_sites")), 1)));
                await().atMost(Duration.ofMinutes(4)).until(() -> firing(alerts, "site-b") && firing(alerts, "site-c"));
                Thread.sleep(5_000);
                alerts.forEach(a -> LOG.info("alert: {}", a.getSummary()));
                assertThat(alerts).filteredOn(a -> a.getSiteId().equals("site-a") && embeddingEvidence(a)).isEmpty();
                assertThat(alerts).filteredOn(a -> embeddingEvidence(a) && a.getState() == AlertState.FIRING)
                        .extracting(DriftAlert::getSiteId).contains("site-b", "site-c").doesNotContain("site-a");
                assertThat(app.scrape()).contains("radshift_studies_scored_total{site=\"site-b\"}");
            }
        }
    }

    private record Site(String id, List<Manifest.Row> rows, int days) {
    }

    private static boolean firing(final List<DriftAlert> alerts, final String site) {
        return alerts.stream().anyMatch(a -> a.getSiteId().equals(site) && embeddingEvidence(a)
                && a.getState() == AlertState.FIRING);
    }

    /** Whether an incident event has embedding drift among its evidence. */
    private static boolean embeddingEvidence(final DriftAlert alert) {
        return alert.getEvidence().stream().anyMatch(e -> e.getKind() == AlertKind.EMBEDDING_DRIFT);
    }

    /**
     * Sends every site's studies spread evenly over its days, all sites interleaved in event-time order. Each site's
     * studies are shuffled first: the manifest lists all normal studies before all pneumonia ones, and windows
     * cut from that order would each hold one class, a prior shift no hospital produces.
     */
    private static void publish(final RadShiftConfig config, final Manifest manifest, final List<Site> sites) throws Exception {
        final Pseudonymizer pseudonymizer = new Pseudonymizer("end-to-end-test-key-0123456789".getBytes(StandardCharsets.UTF_8));
        final List<StudyEvent> events = new ArrayList<>();
        for (Site site : sites) {
            final ImageStudies studies = new ImageStudies(site.id(), pseudonymizer, config.model().maxImageBytes());
            final List<Manifest.Row> rows = new ArrayList<>(site.rows());
            java.util.Collections.shuffle(rows, new java.util.Random(42));
            final long step = Duration.ofDays(site.days()).toMillis() / rows.size();
            for (int i = 0; i < rows.size(); i++) {
                final Manifest.Row row = rows.get(i);
                events.add(studies.event(row.file(), MONDAY.plusMillis(i * step), Optional.of(row)));
            }
            // Each site's windows close on its own clock: one study a day after the last window moves it past them.
            final Manifest.Row last = rows.get(rows.size() - 1);
            events.add(studies.event(last.file(), MONDAY.plus(Duration.ofDays(site.days() + 1)).plusSeconds(3600), Optional.of(last)));
        }
        events.sort(Comparator.comparing(StudyEvent::getEventTime));
        try (StudyPublisher publisher = new StudyPublisher(config.kafka().bootstrapServers(), RestSchemaRegistryClient.of(config.schemaRegistry()),
                Map.of(), config.topics().studies(), config.topics().studyLabels())) {
            events.forEach(publisher::send);
            publisher.flush();
        }
        LOG.info("published {} studies", events.size());
    }

    private static List<DriftAlert> collectAlerts(final EmbeddedKafka kafka, final RadShiftApp app) {
        final List<DriftAlert> alerts = new CopyOnWriteArrayList<>();
        final Thread collector = new Thread(() -> {
            try (KafkaConsumer<String, DriftAlert> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "e2e-alerts",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    Serdes.String().deserializer(), app.topics().alerts().valueSerde().deserializer())) {
                consumer.subscribe(List.of(app.topics().alerts().name()));
                while (!Thread.currentThread().isInterrupted()) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> alerts.add(r.value()));
                }
            } catch (org.apache.kafka.common.errors.InterruptException stopped) {
                Thread.currentThread().interrupt();
            }
        }, "e2e-alert-collector");
        collector.setDaemon(true);
        collector.start();
        return alerts;
    }

    private RadShiftConfig config() throws Exception {
        final Path file = dir.resolve("e2e.yaml");
        Files.writeString(file, """
                kafka: {applicationId: radshift-e2e, stateDir: state}
                topics: {partitions: 2}
                model: {provider: cpu, batchSize: 32, maxBatchLatency: 200ms}
                windows:
                  - {name: daily, type: tumbling, size: 1d, grace: 10m}
                detection: {alpha: 0.01, minStudies: 30, fireAfter: 2, fireWindow: 2, siteSilentAfter: 30d, siteStateRetention: 60d, idleTimeout: 3s}
                metrics: {port: 0}
                """);
        return new ConfigLoader().load(file);
    }
}
