package io.radshift.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.radshift.app.RadShiftApp;
import io.radshift.avro.AcquisitionMetadata;
import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.ingest.StudyPublisher;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.tools.demo.DemoReference;
import io.radshift.tools.demo.DemoScenario;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.demo.model.PhantomStudySampler;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real alert delivery: a real Prometheus scrapes a running RadShift pipeline (in-process Kafka and Schema Registry,
 * the demo bundle on ONNX Runtime, the full topology) and evaluates the committed alert rules; a real Alertmanager
 * routes with a test copy of the committed configuration (only webhook URLs and grouping waits differ) to a
 * webhook receiver inside this test, standing in for the pager and the chat.
 *
 * <p>Two hospitals send phantom X-rays hour by hour (replayed event time, 1 h windows): hospital-a stays on the
 * reference scanner; hospital-c's scanner changes for hours 2 to 4 and is then restored. RadShift opens one
 * incident for hospital-c and resolves it after the gating windows. The pager must get exactly one notification
 * for it when it opens and exactly one resolution, nothing for the stable hospital-a and nothing for the
 * all-sites view, which hospital-c's incident explains. While the incident is open, every Grafana panel's query
 * runs against this Prometheus and must return series. Needs Debian's prometheus and prometheus-alertmanager
 * (skipped with a message otherwise; CI installs them).
 */
class AlertDeliveryIT {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDeliveryIT.class);
    private static final String STABLE = "hospital-a";
    private static final String DRIFTING = "hospital-c";
    private static final String WINDOW = "oncall";
    private static final String INCIDENT = "RadShiftDriftIncident";
    private static final int STUDIES_PER_HOUR = 30;
    private static final int CHANGE_FROM_HOUR = 2;
    private static final int CHANGE_UNTIL_HOUR = 5;
    private static final int LAST_HOUR = 8;

    @TempDir
    Path dir;

    @Test
    void oneNotificationPerIncidentForTheDriftingSiteAndNoneForTheStableSite() throws Exception {
        PrometheusTools.assumeInstalled(PrometheusTools.PROMETHEUS);
        PrometheusTools.assumeInstalled(PrometheusTools.ALERTMANAGER);
        final ModelBundle bundle = DemoBundleBuilder.ensure(dir.resolve("bundle"));
        final ReferenceProfile profile;
        try (ImageEncoder encoder = ImageEncoder.open(bundle, InferenceOptions.cpuDefaults())) {
            profile = DemoReference.build(encoder, 400, 5L, (done, total) -> { });
        }
        LOG.info("demo bundle and reference profile ready");
        final RadShiftConfig config = config();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            final RadShiftConfig live = config.withEndpoints(kafka.bootstrapServers(), registry.url());
            try (RadShiftApp app = RadShiftApp.start(live, bundle, profile);
                 WebhookReceiver webhook = new WebhookReceiver();
                 AlertmanagerServer alertmanager = AlertmanagerServer.start(dir.resolve("alertmanager"), webhook.url(), "1s", "2s");
                 PrometheusServer prometheus = PrometheusServer.start(dir.resolve("prometheus"), Map.of(
                         "radshift", URI.create(app.opsUrl()).getAuthority(), "alertmanager", alertmanager.address()),
                         alertmanager.address(), "1s");
                 StudyPublisher publisher = new StudyPublisher(kafka.bootstrapServers(), RestSchemaRegistryClient.of(live.schemaRegistry()),
                         Map.of(), live.topics().studies(), live.topics().studyLabels())) {
                final Hospitals hospitals = new Hospitals(publisher);
                final Diagnostics diagnostics = new Diagnostics(app, prometheus, alertmanager, webhook);
                LOG.info("pipeline, Prometheus and Alertmanager running");

                openIncident(hospitals, diagnostics);
                // While the incident is open, every dashboard query must answer with series.
                final List<String> panelProblems = new GrafanaQueries(prometheus,
                        Map.of("site", DRIFTING, "window", WINDOW, "label", DemoScenario.RARE_FINDING)).problems();
                LOG.info("dashboard queries run: {} problems{}", panelProblems.size(),
                        panelProblems.stream().map(p -> "\n  " + p).reduce("", String::concat));
                resolveIncident(hospitals, diagnostics);

                assertOnePageAndOneResolution(webhook.notifications(), diagnostics);
                assertThat(panelProblems).as("Grafana panel queries against the running pipeline").isEmpty();
            }
        }
    }

    /**
     * Two stable hours, then hospital-c's new scanner until the incident pages. A corrupt image and, after the page, a study
     * older than its closed window give the dead-letter and late-study panels data.
     */
    private static void openIncident(final Hospitals hospitals, final Diagnostics diagnostics) {
        hospitals.sendHours(0, CHANGE_UNTIL_HOUR);
        hospitals.send(STABLE, "corrupt-0", Duration.ofHours(CHANGE_UNTIL_HOUR - 1), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        hospitals.flush();
        LOG.info("hours 0-{} sent", CHANGE_UNTIL_HOUR - 1);
        diagnostics.waitFor("the incident page for " + DRIFTING, Duration.ofMinutes(3),
                () -> !pages(diagnostics.webhook(), DRIFTING, "firing").isEmpty());
        LOG.info("incident paged");
        // Only now is hour 0's window certainly closed: sent earlier, the study could still land in it. The counter
        // is born at 1, so the panel's increase() has a series (of 0) once Prometheus holds two scrapes of it.
        hospitals.send(DRIFTING, "late-0", Duration.ofMinutes(30), PhantomStudySampler.reference(99).next().png());
        hospitals.flush();
        diagnostics.waitFor("the late study in Prometheus", Duration.ofMinutes(1), () -> !diagnostics.prometheus()
                .query("increase(radshift_studies_late_dropped_total{site=\"" + DRIFTING + "\"}[1m])")
                .path("result").isEmpty());
    }

    /** hospital-c back on the reference scanner: the incident resolves after the gating windows. */
    private static void resolveIncident(final Hospitals hospitals, final Diagnostics diagnostics) throws InterruptedException {
        hospitals.sendHours(CHANGE_UNTIL_HOUR, LAST_HOUR + 1);
        hospitals.flush();
        LOG.info("hours {}-{} sent", CHANGE_UNTIL_HOUR, LAST_HOUR);
        diagnostics.waitFor("the resolution of " + DRIFTING + "'s incident", Duration.ofMinutes(2),
                () -> !pages(diagnostics.webhook(), DRIFTING, "resolved").isEmpty());
        LOG.info("incident resolution received");
        // A few grouping intervals more: a second page for the same incident would arrive now.
        Thread.sleep(6_000);
    }

    /**
     * Exactly two notifications, both to the pager and both for hospital-c's incident: the page, with one alert
     * carrying the incident's severity and dashboard link, and its resolution. Nothing for the stable hospital-a,
     * nothing for the all-sites view that hospital-c explains, nothing repeated.
     */
    private static void assertOnePageAndOneResolution(final List<WebhookReceiver.Notification> all, final Diagnostics diagnostics) {
        assertThat(all).as("notifications; %s", diagnostics).allSatisfy(n -> {
            assertThat(n.receiver()).isEqualTo("pager");
            assertThat(n.groupLabel("alertname")).isEqualTo(INCIDENT);
            assertThat(n.groupLabel("site")).isEqualTo(DRIFTING);
            assertThat(n.groupLabel("window")).isEqualTo(WINDOW);
        });
        assertThat(all).noneMatch(n -> n.payload().toString().contains(STABLE));
        assertThat(all).extracting(WebhookReceiver.Notification::status).containsExactly("firing", "resolved");
        assertThat(all.get(0).alerts()).singleElement().satisfies(page -> {
            assertThat(page.path("labels").path("severity").asText()).isEqualTo("critical");
            assertThat(page.path("annotations").path("incident_severity").asText()).isIn("warning", "critical");
            assertThat(page.path("annotations").path("summary").asText()).contains(DRIFTING);
            assertThat(page.path("annotations").path("dashboard").asText())
                    .contains("var-site=" + DRIFTING).contains("var-window=" + WINDOW);
        });
        assertThat(all.get(1).alerts()).singleElement()
                .satisfies(resolved -> assertThat(resolved.path("status").asText()).isEqualTo("resolved"));
    }

    private static List<WebhookReceiver.Notification> pages(final WebhookReceiver webhook, final String site, final String status) {
        final Predicate<WebhookReceiver.Notification> incident = n -> n.receiver().equals("pager")
                && n.groupLabel("alertname").equals(INCIDENT) && n.groupLabel("site").equals(site) && n.status().equals(status);
        return webhook.notifications().stream().filter(incident).toList();
    }

    private RadShiftConfig config() throws Exception {
        final Path file = dir.resolve("alert-delivery.yaml");
        Files.writeString(file, """
                kafka: {applicationId: radshift-alert-delivery-it, stateDir: state}
                topics: {partitions: 2}
                model: {provider: cpu, batchSize: 16, maxBatchLatency: 200ms}
                windows:
                  - {name: oncall, type: tumbling, size: 1h, grace: 5m}
                detection: {alpha: 0.01, minStudies: 20, fireAfter: 2, fireWindow: 3, siteSilentAfter: 12h, idleTimeout: 2s}
                metrics: {port: 0}
                """);
        return new ConfigLoader().load(file);
    }

    /**
     * The two simulated hospitals: phantom X-rays with the demo reference's acquisition mix, on a replayed clock of
     * whole hours that ends well before now, so that nothing is in the future and windows close on event time alone.
     */
    private static final class Hospitals {

        private final StudyPublisher publisher;
        private final Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(LAST_HOUR + 4));
        private final PhantomStudySampler stable = PhantomStudySampler.reference(11);
        private final PhantomStudySampler drifting = PhantomStudySampler.reference(13);
        private final PhantomStudySampler newScanner = PhantomStudySampler.reference(17)
                .withScanner(new PhantomStudySampler.Scanner(0.6, 1.4, 0.03));
        private final Random random = new Random(19);
        private long counter;

        Hospitals(final StudyPublisher publisher) {
            this.publisher = publisher;
        }

        /** Hours [from, to) of both hospitals, spread evenly over each hour. */
        void sendHours(final int from, final int to) {
            for (int hour = from; hour < to; hour++) {
                final boolean changed = hour >= CHANGE_FROM_HOUR && hour < CHANGE_UNTIL_HOUR;
                for (int i = 0; i < STUDIES_PER_HOUR; i++) {
                    final Duration at = Duration.ofHours(hour).plusSeconds(i * 3600L / STUDIES_PER_HOUR);
                    send(STABLE, "a-" + counter++, at, stable.next().png());
                    send(DRIFTING, "c-" + counter++, at, (changed ? newScanner : drifting).next().png());
                }
            }
        }

        /**
         * One study {@code at} after the start, with the reference's acquisition mix (70% PA views, half women),
         * as the demo's hospitals send.
         */
        void send(final String site, final String id, final Duration at, final byte[] png) {
            final AcquisitionMetadata metadata = AcquisitionMetadata.newBuilder().setModality("DX")
                    .setViewPosition(random.nextDouble() < 0.7 ? "PA" : "AP").setSex(random.nextBoolean() ? "F" : "M")
                    .setPhotometricInterpretation("MONOCHROME2").build();
            publisher.send(StudyEvent.newBuilder().setStudyId(id).setSiteId(site).setEventTime(start.plus(at))
                    .setImage(ByteBuffer.wrap(png)).setImageFormat(ImageFormat.PNG).setMetadata(metadata).build());
        }

        void flush() {
            publisher.flush();
        }
    }

    /** What a failed wait prints: RadShift's incident metrics, Prometheus' alerts, notifications and the logs. */
    private record Diagnostics(RadShiftApp app, PrometheusServer prometheus, AlertmanagerServer alertmanager,
                               WebhookReceiver webhook) {

        void waitFor(final String what, final Duration atMost, final Callable<Boolean> condition) {
            try {
                await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(condition);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("no " + what + " within " + atMost + "\n" + this, e);
            }
        }

        @Override
        public String toString() {
            final String incidentMetrics = String.join("\n", app.scrape().lines()
                    .filter(l -> l.startsWith("radshift_incident") || l.startsWith("radshift_windows_evaluated")).toList());
            return "RadShift metrics:\n" + incidentMetrics + "\nPrometheus alerts: " + prometheus.alerts()
                    + "\nnotifications: " + webhook.notifications() + "\nPrometheus log:\n" + prometheus.logTail()
                    + "\nAlertmanager log:\n" + alertmanager.logTail();
        }
    }
}
