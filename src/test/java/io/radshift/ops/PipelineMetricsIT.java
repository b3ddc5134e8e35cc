package io.radshift.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.radshift.app.RadShiftApp;
import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.tools.demo.DemoReference;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.ingest.StudyPublisher;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.demo.model.PhantomStudySampler;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.stats.profile.ReferenceProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric named in a Grafana dashboard or a Prometheus alert rule exists in a real {@code /metrics} scrape of
 * a running pipeline: embedded Kafka and Schema Registry, the demo bundle on ONNX Runtime, the full topology, live
 * studies from two sites, one corrupt image and one late study.
 */
class PipelineMetricsIT {

    /**
     * Series that exist only once an incident has opened; this pipeline's sites are stable. AlertDeliveryIT runs
     * every dashboard query, these included, against a pipeline with an open incident.
     */
    private static final Set<String> OPEN_INCIDENT_ONLY = Set.of("radshift_incident_events_total", "radshift_incident_evidence");

    @TempDir
    Path dir;

    @Test
    void everyMetricUsedByDashboardsAndAlertRulesIsScraped() throws Exception {
        final ModelBundle bundle = DemoBundleBuilder.ensure(dir.resolve("bundle"));
        final ReferenceProfile profile;
        try (ImageEncoder encoder = ImageEncoder.open(bundle, InferenceOptions.cpuDefaults())) {
            profile = DemoReference.build(encoder, 400, 5L, (done, total) -> { });
        }
        final Path file = dir.resolve("metrics.yaml");
        Files.writeString(file, """
                kafka: {applicationId: radshift-metrics-it, stateDir: state}
                topics: {partitions: 2}
                model: {provider: cpu, batchSize: 8, maxBatchLatency: 200ms}
                windows:
                  - {name: live, type: tumbling, size: 10s, grace: 1s}
                detection: {minStudies: 5, idleTimeout: 1s}
                metrics: {port: 0}
                """);
        final RadShiftConfig config = new ConfigLoader().load(file);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            final RadShiftConfig live = config.withEndpoints(kafka.bootstrapServers(), registry.url());
            try (RadShiftApp app = RadShiftApp.start(live, bundle, profile);
                 StudyPublisher publisher = new StudyPublisher(kafka.bootstrapServers(), RestSchemaRegistryClient.of(live.schemaRegistry()),
                         Map.of(), live.topics().studies(), live.topics().studyLabels())) {
                final PhantomStudySampler sampler = PhantomStudySampler.reference(9);
                for (int i = 0; i < 40; i++) {
                    publisher.send(study("site-" + (i % 2), "s" + i, Instant.now(), sampler.next().png()));
                    Thread.sleep(250);
                }
                publisher.send(study("site-0", "corrupt", Instant.now(), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3}));
                publisher.flush();
                await().atMost(Duration.ofSeconds(90)).until(() -> app.scrape().contains("radshift_windows_evaluated_total"));
                publisher.send(study("site-0", "late", Instant.now().minusSeconds(120), sampler.next().png()));
                publisher.flush();

                final Set<String> expected = new java.util.TreeSet<>(referencedNames());
                expected.removeAll(OPEN_INCIDENT_ONLY);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(scrapedNames(get(app.opsUrl() + "/metrics"))).containsAll(expected));
                assertThat(get(app.opsUrl() + "/ready")).startsWith("READY");
                assertThat(get(app.opsUrl() + "/metrics")).doesNotContain("corrupt").doesNotContain("s1\"");
            }
        }
    }

    private static StudyEvent study(final String site, final String id, final Instant at, final byte[] png) {
        return StudyEvent.newBuilder().setStudyId(id).setSiteId(site).setEventTime(at)
                .setImage(ByteBuffer.wrap(png)).setImageFormat(ImageFormat.PNG).build();
    }

    /** Every radshift_* and kafka_* name queried by a dashboard panel, a dashboard variable or an alert rule. */
    private static Set<String> referencedNames() {
        final List<String> queries = new ArrayList<>();
        for (Path dashboard : OpsFiles.dashboardFiles()) {
            queries.addAll(OpsFiles.dashboardQueries(OpsFiles.json(dashboard)));
        }
        OpsFiles.alertRules().forEach(r -> queries.add(r.path("expr").asText()));
        final Set<String> names = new TreeSet<>();
        queries.forEach(q -> names.addAll(PromQl.metricNames(q)));
        return names;
    }

    private static Set<String> scrapedNames(final String scrape) {
        final Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static String get(final String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
