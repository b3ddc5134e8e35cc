package io.radshift.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link AlertDeliveryIT} proves the committed Prometheus and Alertmanager configuration only if its copies differ
 * from them in what cannot be the same outside docker-compose: addresses and waits. This keeps it that way.
 */
class DeliveryTestConfigsTest {

    @Test
    void theAlertmanagerCopyDiffersOnlyInWebhookUrlsAndGroupingWaits() {
        final JsonNode committed = OpsFiles.yaml(OpsFiles.ALERTMANAGER);
        final JsonNode copy = AlertmanagerServer.testCopy(committed, "http://127.0.0.1:1234", "1s", "2s");
        assertThat(webhookUrls(copy)).containsExactly("http://127.0.0.1:1234/pager", "http://127.0.0.1:1234/chat");
        assertThat(copy.path("route").path("group_wait").asText()).isEqualTo("1s");
        assertThat(copy.path("route").path("group_interval").asText()).isEqualTo("2s");
        assertThat(withoutUrlsAndWaits(copy)).isEqualTo(withoutUrlsAndWaits(committed));
        assertThat(copy.path("route").path("routes").get(0).path("repeat_interval").asText())
                .as("one page per incident relies on the committed repeat interval").isEqualTo("120h");
    }

    @Test
    void thePrometheusCopyLoadsTheCommittedRulesAndKeepsJobsAndLabels() {
        final JsonNode committed = OpsFiles.yaml(OpsFiles.PROMETHEUS);
        final JsonNode copy = PrometheusServer.config(committed,
                Map.of("radshift", "127.0.0.1:1", "prometheus", "127.0.0.1:2", "alertmanager", "127.0.0.1:3"), "127.0.0.1:3", "1s",
                java.nio.file.Path.of("/tmp/it/metrics-token"));
        assertThat(copy.path("rule_files").get(0).asText()).isEqualTo(OpsFiles.ROOT.resolve("prometheus/rules/*.yml").toString());
        assertThat(copy.path("global").path("external_labels")).isEqualTo(committed.path("global").path("external_labels"));
        assertThat(copy.path("global").path("evaluation_interval").asText()).isEqualTo("1s");
        final List<String> jobs = new ArrayList<>();
        copy.path("scrape_configs").forEach(j -> jobs.add(j.path("job_name").asText() + "@"
                + j.path("static_configs").get(0).path("targets").get(0).asText()));
        assertThat(jobs).containsExactly("radshift@127.0.0.1:1", "prometheus@127.0.0.1:2", "alertmanager@127.0.0.1:3");
        assertThat(copy.path("scrape_configs").get(0).path("metrics_path"))
                .isEqualTo(committed.path("scrape_configs").get(0).path("metrics_path"));
        assertThat(copy.path("scrape_configs").get(0).path("authorization").path("credentials_file").asText())
                .as("the compose secret's path becomes the test's token file").isEqualTo("/tmp/it/metrics-token");
    }

    private static List<String> webhookUrls(final JsonNode config) {
        final List<String> urls = new ArrayList<>();
        config.path("receivers").forEach(r -> r.path("webhook_configs").forEach(w -> urls.add(w.path("url").asText())));
        return urls;
    }

    private static JsonNode withoutUrlsAndWaits(final JsonNode config) {
        final ObjectNode copy = config.deepCopy();
        copy.path("receivers").forEach(r -> r.path("webhook_configs").forEach(w -> ((ObjectNode) w).remove("url")));
        removeWaits((ObjectNode) copy.path("route"));
        return copy;
    }

    private static void removeWaits(final ObjectNode route) {
        route.remove(List.of("group_wait", "group_interval"));
        route.path("routes").forEach(child -> removeWaits((ObjectNode) child));
    }
}
