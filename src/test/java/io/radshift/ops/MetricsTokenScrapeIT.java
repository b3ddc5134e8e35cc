package io.radshift.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus, configured from the committed {@code prometheus/prometheus.yml}, scrapes a token-protected
 * {@code /metrics} with the bearer token from its {@code credentials_file}; with another token the target is down.
 * Skipped (with a message) where Debian's {@code prometheus} is not installed.
 */
class MetricsTokenScrapeIT {

    private static final String TOKEN = "compose-secret-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesWithTheTokenOfItsCredentialsFileAndNotWithoutIt() {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new RadShiftMetrics(registry).studyReceived("site-a");
        final OpsServer.Access access = new OpsServer.Access("127.0.0.1", 0, Optional.of(TOKEN));
        try (OpsServer ops = OpsServer.start(access, registry, () -> new OpsServer.StreamHealth(true, true, "RUNNING"));
             PrometheusServer right = prometheus("right", ops, TOKEN);
             PrometheusServer wrong = prometheus("wrong", ops, "not-the-token")) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(up(right)).isEqualTo("1");
                assertThat(up(wrong)).isEqualTo("0");
            });
            assertThat(right.query("radshift_studies_received_total{site=\"site-a\"}").path("result")).hasSize(1);
        }
    }

    private PrometheusServer prometheus(final String name, final OpsServer ops, final String token) {
        return PrometheusServer.start(dir.resolve(name), Map.of("radshift", "127.0.0.1:" + ops.port(),
                "alertmanager", "127.0.0.1:1"), "127.0.0.1:1", "1s", token);
    }

    /** The value of {@code up} of the radshift job, or "" before its first scrape. */
    private static String up(final PrometheusServer prometheus) {
        final JsonNode result = prometheus.query("up{job=\"radshift\"}").path("result");
        return result.isEmpty() ? "" : result.get(0).path("value").get(1).asText();
    }
}
