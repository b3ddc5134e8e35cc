package io.radshift.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    private static final Supplier<OpsServer.StreamHealth> OPEN = () -> new OpsServer.StreamHealth(true, true, "RUNNING");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesPrometheusMetricsWithBoundedTagsAndHealthFromTheStream() throws Exception {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final RadShiftMetrics metrics = new RadShiftMetrics(registry);
        metrics.studyReceived("site-a");
        metrics.studyReceived("site-a");
        metrics.deadLettered("corrupt-image");
        metrics.inferenceBatch("CPU", 32, Duration.ofMillis(120));
        metrics.executionProvider("CPU");
        metrics.driftStatistic("site-a", "oncall-24h", "mmd2-rff", null, 0.02, 0.01);
        metrics.driftStatistic("site-a", "oncall-24h", "mmd2-rff", null, 0.005, 0.01);
        metrics.incident("site-a", "oncall-24h", true, 1, Map.of("EMBEDDING_DRIFT", 3));

        final AtomicReference<OpsServer.StreamHealth> health =
                new AtomicReference<>(new OpsServer.StreamHealth(true, false, "REBALANCING"));
        try (OpsServer server = OpsServer.start(0, registry, health::get)) {
            final HttpResponse<String> scrape = get(server, "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body())
                    .contains("radshift_studies_received_total{site=\"site-a\"} 2.0")
                    .contains("radshift_studies_dead_lettered_total{reason=\"corrupt-image\"} 1.0")
                    .contains("radshift_inference_latency_seconds_count{provider=\"CPU\"} 1")
                    .contains("radshift_inference_provider{provider=\"CPU\"} 1.0")
                    .contains("radshift_inference_provider{provider=\"CUDA\"} 0.0")
                    .contains("radshift_drift_statistic{label=\"\",site=\"site-a\",test=\"mmd2-rff\",window=\"oncall-24h\"} 0.005")
                    .contains("radshift_incident_firing{site=\"site-a\",window=\"oncall-24h\"} 1.0");

            assertThat(get(server, "/health").statusCode()).isEqualTo(200);
            assertThat(get(server, "/ready").statusCode()).isEqualTo(503);
            health.set(new OpsServer.StreamHealth(true, true, "RUNNING"));
            assertThat(get(server, "/ready").body()).startsWith("READY RUNNING");
            health.set(new OpsServer.StreamHealth(false, false, "ERROR"));
            assertThat(get(server, "/health").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void bindsLocalhostByDefault() {
        try (OpsServer server = OpsServer.start(0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), OPEN)) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
        }
    }

    @Test
    void withABearerTokenMetricsNeedItWhileHealthAndReadinessStayOpenForProbes() throws Exception {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new RadShiftMetrics(registry).studyReceived("site-a");
        final OpsServer.Access access = new OpsServer.Access("127.0.0.1", 0, Optional.of("s3cret-token"));
        try (OpsServer server = OpsServer.start(access, registry, OPEN)) {
            final HttpResponse<String> anonymous = get(server, "/metrics");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"radshift\"");
            assertThat(anonymous.body()).doesNotContain("radshift_");
            assertThat(get(server, "/metrics", "Bearer wrong-token").statusCode()).isEqualTo(401);
            assertThat(get(server, "/metrics", "Basic s3cret-token").statusCode()).isEqualTo(401);
            final HttpResponse<String> scrape = get(server, "/metrics", "Bearer s3cret-token");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("radshift_studies_received_total{site=\"site-a\"} 1.0");
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);
            assertThat(get(server, "/ready").body()).isEqualTo("READY RUNNING\n");
        }
    }

    private HttpResponse<String> get(final OpsServer server, final String path, final String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(final OpsServer server, final String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
