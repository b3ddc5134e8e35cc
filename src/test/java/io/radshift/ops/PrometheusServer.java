package io.radshift.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus ({@code /usr/bin/prometheus}) for integration tests, configured from the committed
 * {@code prometheus/prometheus.yml} with only what must differ outside docker-compose: the targets of its scrape
 * jobs and of Alertmanager (free local ports), the scrape and evaluation interval (seconds, not 15 s) and the path
 * of the committed rule files. Its HTTP API answers queries as Grafana's panels send them.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ServerProcess process;
    private final String url;

    private PrometheusServer(final ServerProcess process, final String url) {
        this.process = process;
        this.url = url;
    }

    /**
     * Starts Prometheus in {@code dir}.
     *
     * @param jobTargets the scrape jobs of the committed configuration to their {@code host:port} here; the
     *                   {@code prometheus} job scrapes this server itself
     * @param alertmanager {@code host:port} of the Alertmanager to send alerts to
     * @param interval     scrape and rule evaluation interval, e.g. "1s"
     */
    static PrometheusServer start(final Path dir, final Map<String, String> jobTargets, final String alertmanager,
                                  final String interval) {
        return start(dir, jobTargets, alertmanager, interval, "no-token-configured");
    }

    /**
     * Starts Prometheus in {@code dir}, its jobs sending {@code bearerToken} where the committed configuration
     * sends one (the radshift job's {@code credentials_file}, a compose secret, becomes a file in {@code dir}).
     */
    static PrometheusServer start(final Path dir, final Map<String, String> jobTargets, final String alertmanager,
                                  final String interval, final String bearerToken) {
        PrometheusTools.assumeInstalled(PrometheusTools.PROMETHEUS);
        final int port = ServerProcess.freePort();
        final Path config = dir.resolve("prometheus.yml");
        try {
            Files.createDirectories(dir);
            final Path tokenFile = Files.writeString(dir.resolve("metrics-token"), bearerToken);
            Files.writeString(config, YAMLMapper.builder().build().writeValueAsString(
                    config(OpsFiles.yaml(OpsFiles.PROMETHEUS), withSelf(jobTargets, port), alertmanager, interval, tokenFile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final String url = "http://127.0.0.1:" + port;
        final ServerProcess process = ServerProcess.start(List.of(PrometheusTools.PROMETHEUS.toString(),
                "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port), dir.resolve("prometheus.log"), url + "/-/ready", Duration.ofSeconds(30));
        return new PrometheusServer(process, url);
    }

    private static Map<String, String> withSelf(final Map<String, String> jobTargets, final int port) {
        final Map<String, String> targets = new HashMap<>(jobTargets);
        targets.putIfAbsent("prometheus", "127.0.0.1:" + port);
        return targets;
    }

    /**
     * The committed configuration with local targets, the given intervals, the rules of this checkout and
     * {@code tokenFile} in place of every job's {@code authorization.credentials_file}.
     */
    static JsonNode config(final JsonNode committed, final Map<String, String> jobTargets, final String alertmanager,
                           final String interval, final Path tokenFile) {
        final ObjectNode config = committed.deepCopy();
        ((ObjectNode) config.path("global")).put("scrape_interval", interval).put("evaluation_interval", interval);
        config.putArray("rule_files").add(OpsFiles.ALERT_RULES.getParent().resolve("*.yml").toString());
        final ObjectNode alerting = (ObjectNode) config.path("alerting").path("alertmanagers").get(0).path("static_configs").get(0);
        alerting.putArray("targets").add(alertmanager);
        for (JsonNode job : config.path("scrape_configs")) {
            final String name = job.path("job_name").asText();
            if (!jobTargets.containsKey(name)) {
                throw new IllegalArgumentException("no local target for scrape job " + name);
            }
            final ArrayNode targets = ((ObjectNode) job.path("static_configs").get(0)).putArray("targets");
            targets.add(jobTargets.get(name));
            if (job.path("authorization").has("credentials_file")) {
                ((ObjectNode) job.path("authorization")).put("credentials_file", tokenFile.toString());
            }
        }
        return config;
    }

    /** An instant query at the current time: the {@code data} of the answer; fails on an error answer. */
    JsonNode query(final String promql) {
        final JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!answer.path("status").asText().equals("success")) {
            throw new IllegalArgumentException("Prometheus rejected " + promql + ": " + answer.path("error").asText());
        }
        return answer.path("data");
    }

    /** Label values of {@code label} on the series matching {@code selector}, as Grafana's label_values() asks them. */
    List<String> labelValues(final String label, final String selector) {
        final JsonNode answer = get("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
        if (!answer.path("status").asText().equals("success")) {
            throw new IllegalArgumentException("Prometheus rejected label_values(" + selector + ", " + label + "): "
                    + answer.path("error").asText());
        }
        final List<String> values = new ArrayList<>();
        answer.path("data").forEach(v -> values.add(v.asText()));
        return values;
    }

    /** The alerts of the rules, pending and firing ({@code /api/v1/alerts}). */
    JsonNode alerts() {
        return get("/api/v1/alerts").path("data").path("alerts");
    }

    /** The end of Prometheus' log, for failure messages. */
    String logTail() {
        return process.logTail();
    }

    private JsonNode get(final String path) {
        try {
            final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
