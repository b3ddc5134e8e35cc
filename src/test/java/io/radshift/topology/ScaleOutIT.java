package io.radshift.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.radshift.app.RadShiftApp;
import io.radshift.avro.StudyInference;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.stats.SyntheticStudies.Shift;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out on the real in-process broker: two, then three {@link RadShiftApp} instances with one application id and
 * their own state folders share the partitions (the third joins a running deployment, is stopped mid-run and
 * restarted while studies keep coming) and give exactly the window summaries (site, window, count, late studies,
 * verdict) and alerts of one instance on the same pre-scored input, the all-sites view included. Windows close on each site's own clock, kept in changelogged state, so
 * which instance holds a site's task, and when it moves, does not change them.
 */
class ScaleOutIT {

    private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");
    private static final List<String> SITES = List.of("A", "B", "C", "D", "E", "F");
    private static final int HOURS = 14;
    /** Windows ending at hours 1..13 close on the studies up to 13:59 (the last one closes at 13:10). */
    private static final int WINDOWS_PER_SITE = HOURS - 1;

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;
    private static ModelBundle bundle;
    private static ReferenceProfile profile;
    private static final List<List<StudyInference>> INPUT = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        registry = EmbeddedSchemaRegistry.start(0);
        bundle = DemoBundleBuilder.ensure(dir.resolve("bundle"));
        profile = new SyntheticSites(1).profile(bundle.modelId(), bundle.contentHash());
        final SyntheticSites sites = new SyntheticSites(23);
        for (int hour = 0; hour < HOURS; hour++) {
            final Instant from = MONDAY.plus(Duration.ofHours(hour));
            final List<StudyInference> studies = new ArrayList<>();
            for (String site : SITES) {
                final Shift shift = site.equals("C") && hour >= 3 && hour <= 5 ? Shift.EMBEDDING : Shift.NONE;
                studies.addAll(sites.studies(site, 40, shift, from, from.plus(Duration.ofHours(1))));
            }
            INPUT.add(studies);
        }
    }

    @AfterAll
    static void stop() {
        registry.close();
        kafka.close();
    }

    @Test
    void twoAndThreeInstancesWithOneRestartedMidRunGiveTheWindowsAndAlertsOfOne() throws Exception {
        final RunOutputs.Outcome one = run("one", false);
        assertThat(one.windows()).hasSize((SITES.size() + 1) * WINDOWS_PER_SITE);
        assertThat(one.alerts()).filteredOn(a -> a.startsWith("C ")).as("%s", one.alerts())
                .anySatisfy(a -> assertThat(a).contains("FIRING")).anySatisfy(a -> assertThat(a).contains("RESOLVED"));
        assertThat(one.alerts()).noneSatisfy(a -> assertThat(a).startsWith("A "));
        assertThat(one.windows()).allSatisfy(w -> assertThat(w).contains("late=0"));

        final RunOutputs.Outcome scaled = run("scaled", true);
        assertThat(withoutFirstAllSitesWindows(scaled.windows())).containsExactlyElementsOf(withoutFirstAllSitesWindows(one.windows()));
        assertThat(scaled.alerts()).containsExactlyElementsOf(one.alerts());
        // The all-sites view knows no site before its first window, so that window merges the sites that reported
        // within detection.idleTimeout of the first (instances start at different times); the others' studies are
        // counted as late in the next one: none is lost. Every later all-sites window waits for its known sites.
        assertThat(allSitesStudies(scaled.windows())).isEqualTo(allSitesStudies(one.windows())).isEqualTo(SITES.size() * 40L);
    }

    private static List<String> withoutFirstAllSitesWindows(final List<String> windows) {
        return windows.stream().filter(w -> !w.startsWith("*@" + MONDAY.plus(Duration.ofHours(1))) && !w.startsWith("*@"
                + MONDAY.plus(Duration.ofHours(2)))).toList();
    }

    /** Studies of the first all-sites window: merged into it, or counted late in the next one. */
    private static long allSitesStudies(final List<String> windows) {
        final String first = windows.stream().filter(w -> w.startsWith("*@" + MONDAY.plus(Duration.ofHours(1)))).findFirst().orElseThrow();
        final String second = windows.stream().filter(w -> w.startsWith("*@" + MONDAY.plus(Duration.ofHours(2)))).findFirst().orElseThrow();
        return field(first, "n=") + field(second, "late=");
    }

    private static long field(final String window, final String name) {
        final String rest = window.substring(window.indexOf(name) + name.length());
        return Long.parseLong(rest.substring(0, rest.indexOf(' ')));
    }

    /**
     * One run on topics and an application id of its own. Scaled: two instances for hours 0-3, a third joins (the
     * reported failure: an instance joining a running deployment) for hours 4-7, then the third stops, hours 8-10
     * arrive while it is down, and it restarts on its state folder for hours 11-13. Otherwise one instance throughout.
     */
    private RunOutputs.Outcome run(final String name, final boolean scaled) throws Exception {
        final RadShiftConfig config = config(name);
        final List<RadShiftApp> apps = new ArrayList<>();
        try (RunOutputs outputs = new RunOutputs(config, registry.url(), SITES);
             KafkaProducer<String, StudyInference> producer = InferenceProducers.idempotent(kafka.bootstrapServers(), outputs.topics)) {
            apps.add(start(config, 0));
            if (scaled) {
                apps.add(start(config, 1));
            }
            apps.forEach(ScaleOutIT::awaitReady);
            send(producer, outputs.topics, 0, 4);
            if (scaled) {
                apps.add(start(config, 2));
            }
            send(producer, outputs.topics, 4, 8);
            if (scaled) {
                apps.remove(2).close();
            }
            send(producer, outputs.topics, 8, 11);
            if (scaled) {
                apps.add(start(config, 2));
            }
            send(producer, outputs.topics, 11, HOURS);
            final Instant lastEnd = MONDAY.plus(Duration.ofHours(WINDOWS_PER_SITE));
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> outputs.hasWindowsUpTo(lastEnd));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(name + ": windows so far " + outputs.windows(), e);
            }
            Thread.sleep(2_000); // nothing else, no duplicate, may follow
            return outputs.outcome();
        } finally {
            apps.forEach(RadShiftApp::close);
        }
    }

    private static RadShiftApp start(final RadShiftConfig config, final int instance) throws Exception {
        return RadShiftApp.start(config.withStateDir(dir.resolve(config.kafka().applicationId() + "-" + instance)), bundle, profile);
    }

    private static void awaitReady(final RadShiftApp app) {
        final HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(URI.create(app.opsUrl() + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    private static void send(final KafkaProducer<String, StudyInference> producer, final Topics topics, final int from, final int to) {
        InferenceProducers.send(producer, topics, INPUT.subList(from, to).stream().flatMap(List::stream).toList());
    }

    private RadShiftConfig config(final String name) throws Exception {
        final Path file = dir.resolve(name + ".yaml");
        // Streams does not leave the group on close: a short session lets the group notice a stopped instance.
        Files.writeString(file, "kafka: {applicationId: it-" + name + ", properties: {consumer.session.timeout.ms: '6000',"
                + " consumer.heartbeat.interval.ms: '1000'}}\n"
                + "topics: {partitions: 3, studies: " + name + "-studies, studyLabels: " + name + "-labels, inferences: "
                + name + "-inferences, windows: " + name + "-windows, alerts: " + name + "-alerts, deadLetter: " + name + "-dlq}\n"
                + """
                model: {bundle: bundle, provider: cpu, intraOpThreads: 1}
                windows:
                  - {name: oncall, type: sliding, size: 2h, advance: 1h, grace: 10m}
                detection: {alpha: 0.01, minStudies: 30, fireAfter: 2, fireWindow: 3, siteSilentAfter: 12h, idleTimeout: 15s}
                metrics: {port: 0}
                """);
        return new ConfigLoader().load(file).withEndpoints(kafka.bootstrapServers(), registry.url());
    }
}
