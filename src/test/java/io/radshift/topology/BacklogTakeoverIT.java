package io.radshift.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.radshift.app.RadShiftApp;
import io.radshift.avro.StudyInference;
import io.radshift.avro.WindowSummary;
import io.radshift.config.RadShiftConfig;
import io.radshift.stats.SyntheticStudies.Shift;
import io.radshift.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that moves to a new owner with a backlog longer than the idle timeout, on the real in-process broker: the
 * new owner must not take a quiet site for silent while its studies still wait in the partition
 * ({@link io.radshift.window.Backlog}).
 *
 * <p>Site A's first studies, up to a few seconds before the end of its hourly window, are processed by a first
 * instance, which then stops. While no instance runs, a flood of site B's studies and then A's remaining studies of
 * the same window arrive. A second instance, with a state folder of its own (it restores A's clock from the
 * changelog) and a one-second idle timeout, takes the partition over. A's last study was processed long before, so
 * without the backlog check the idle rule would run A's clock past the window's end while the task still works
 * through B's flood, and A's remaining studies would be dropped as late. With it, every window counts every study.
 */
class BacklogTakeoverIT {

    private static final Instant HOUR_START = Instant.parse("2026-03-02T08:00:00Z");
    private static final Instant WINDOW_END = HOUR_START.plus(Duration.ofHours(1));
    private static final int A_PROCESSED = 20;
    private static final int A_BACKLOG = 40;
    private static final int B_FLOOD = 30_000;

    @TempDir
    static Path dir;

    private static AppFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = AppFixture.start(dir);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aNewOwnerProcessesItsBacklogBeforeItTakesAQuietSiteForSilent() throws Exception {
        final RadShiftConfig config = config();
        final SyntheticSites sites = new SyntheticSites(31);
        // A's processed studies end four seconds before the window does; its backlog lies earlier in the same window.
        final List<StudyInference> processed = sites.studies("A", A_PROCESSED, Shift.NONE,
                WINDOW_END.minus(Duration.ofSeconds(60)), WINDOW_END.minus(Duration.ofSeconds(4)));
        final List<StudyInference> backlog = sites.studies("A", A_BACKLOG, Shift.NONE, HOUR_START, WINDOW_END.minus(Duration.ofMinutes(2)));
        final List<StudyInference> flood = sites.studies("B", B_FLOOD, Shift.NONE, HOUR_START, WINDOW_END);
        try (RunOutputs windows = new RunOutputs(config, fixture.registry.url(), List.of("A", "B"));
             KafkaProducer<String, StudyInference> producer = InferenceProducers.idempotent(fixture.kafka.bootstrapServers(), windows.topics)) {
            try (RadShiftApp first = fixture.start(config, "first")) {
                AppFixture.awaitReady(first);
                InferenceProducers.send(producer, windows.topics, processed);
                awaitProcessed(config, windows.topics);
            }
            InferenceProducers.send(producer, windows.topics, flood);
            InferenceProducers.send(producer, windows.topics, backlog);
            Thread.sleep(3_000); // A's silence since its last processed study now far exceeds the idle timeout
            try (RadShiftApp second = fixture.start(config, "second")) {
                await().atMost(Duration.ofSeconds(180)).until(() -> closed(windows, "A").isPresent() && closed(windows, "B").isPresent());
                final WindowSummary a = closed(windows, "A").orElseThrow();
                final WindowSummary b = closed(windows, "B").orElseThrow();
                assertThat(a.getN()).as("A's window counts its backlog").isEqualTo(A_PROCESSED + A_BACKLOG);
                assertThat(a.getLateDropped()).isZero();
                assertThat(b.getN()).isEqualTo(B_FLOOD);
                assertThat(b.getLateDropped()).isZero();
                assertThat(lateDropped(second.scrape())).as("no study dropped as late").isZero();
            }
        }
    }

    /**
     * A restart during a site's outage on the real broker, with no backlog at all: the first instance processes the
     * site's studies and stops; nothing arrives while no instance runs; the second instance, restoring the site's
     * clock from the changelog, idles it with the whole silence (the backlog check answers once the committed
     * offsets are seen at the ends), so the site's next windows close empty and carry site-silent. The studies are
     * written in a transaction, as the inference stage writes them under exactly-once: the committed offset must
     * reach the end past the commit marker.
     */
    @Test
    void aRestartDuringASiteOutageStillRaisesSiteSilent() throws Exception {
        final RadShiftConfig config = outageConfig();
        final Instant start = Instant.parse("2026-03-02T08:00:00Z");
        final List<StudyInference> studies = new SyntheticSites(37).studies("A", 30, Shift.NONE, start, start.plusSeconds(9));
        try (RunOutputs windows = new RunOutputs(config, fixture.registry.url(), List.of("A"));
             KafkaProducer<String, StudyInference> producer = transactionalProducer(windows.topics)) {
            try (RadShiftApp first = fixture.start(config, "first")) {
                AppFixture.awaitReady(first);
                producer.initTransactions();
                producer.beginTransaction();
                InferenceProducers.send(producer, windows.topics, studies);
                producer.commitTransaction();
                awaitProcessed(config, windows.topics);
            }
            Thread.sleep(15_000); // the outage: no instance runs, the site sends nothing
            assertThat(siteSilent(windows, "A")).as("not raised before the restart").isEmpty();
            try (RadShiftApp second = fixture.start(config, "second")) {
                await().atMost(Duration.ofSeconds(120)).until(() -> !siteSilent(windows, "A").isEmpty());
                final WindowSummary silent = siteSilent(windows, "A").get(0);
                assertThat(silent.getN()).isZero();
                assertThat(Duration.between(studies.get(studies.size() - 1).getEventTime(), silent.getWindowEnd()))
                        .isGreaterThanOrEqualTo(config.detection().siteSilentAfter());
            }
        }
    }

    /** Waits until the application's committed offset of the inferences partition reaches its end. */
    private static void awaitProcessed(final RadShiftConfig config, final Topics topics) {
        final TopicPartition partition = new TopicPartition(topics.inferences().name(), 0);
        try (Admin admin = fixture.kafka.admin()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                final long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(10, TimeUnit.SECONDS)
                        .get(partition).offset();
                final OffsetAndMetadata committed = admin.listConsumerGroupOffsets(config.kafka().applicationId())
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).get(partition);
                return committed != null && committed.offset() >= end;
            });
        }
    }

    private static KafkaProducer<String, StudyInference> transactionalProducer(final Topics topics) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "backlog-it-" + UUID.randomUUID()),
                new StringSerializer(), topics.inferences().valueSerde().serializer());
    }

    /** The studies counted late, over every site and window kind, in a Prometheus scrape. */
    private static double lateDropped(final String scrape) {
        return scrape.lines().filter(l -> l.startsWith("radshift_studies_late_dropped_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static RadShiftConfig config() throws Exception {
        return config("bl", "tumbling, size: 1h, grace: 1s", "minStudies: 30, idleTimeout: 1s");
    }

    /** Ten-second windows and eight seconds of silence for site-silent, so an outage of seconds raises it. */
    private static RadShiftConfig outageConfig() throws Exception {
        return config("outage", "tumbling, size: 10s, grace: 1s", "minStudies: 10, idleTimeout: 1s, siteSilentAfter: 8s");
    }

    /** A configuration with topics and an application id named after {@code name}, one partition. */
    private static RadShiftConfig config(final String name, final String window, final String detection) throws Exception {
        return fixture.config(name, 1, AppFixture.SHORT_SESSION,
                "windows:\n  - {name: w, type: " + window + "}\ndetection: {" + detection + "}\n");
    }

    /** The site's closed windows that raised site-silent, in order. */
    private static List<WindowSummary> siteSilent(final RunOutputs windows, final String site) {
        return windows.summaries().stream().filter(s -> Objects.equals(s.getSiteId(), site))
                .filter(s -> s.getTests().stream().anyMatch(t -> t.getTest().equals("site-silent") && t.getDrift()))
                .toList();
    }

    /** The site's window ending at {@link #WINDOW_END}, once closed. */
    private static Optional<WindowSummary> closed(final RunOutputs windows, final String site) {
        return windows.summaries().stream().filter(s -> Objects.equals(s.getSiteId(), site) && s.getWindowEnd().equals(WINDOW_END))
                .findFirst();
    }
}
