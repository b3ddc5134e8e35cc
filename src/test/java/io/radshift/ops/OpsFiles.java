package io.radshift.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The operations files of the repository (Grafana, Prometheus, Alertmanager, docker-compose) as parsed trees,
 * for the tests that check them. Paths are relative to the repository root, which is Maven's working directory.
 */
final class OpsFiles {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path DASHBOARDS = ROOT.resolve("grafana/dashboards");
    static final Path DATASOURCE = ROOT.resolve("grafana/provisioning/datasources/prometheus.yaml");
    static final Path DASHBOARD_PROVIDER = ROOT.resolve("grafana/provisioning/dashboards/radshift.yaml");
    static final Path PROMETHEUS = ROOT.resolve("prometheus/prometheus.yml");
    static final Path ALERT_RULES = ROOT.resolve("prometheus/rules/radshift-alerts.yml");
    static final Path ALERTMANAGER = ROOT.resolve("alertmanager/alertmanager.yml");
    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    static final Path COMPOSE_CONFIG = ROOT.resolve("topologies/compose.yaml");
    static final Path DOCKERFILE = ROOT.resolve("Dockerfile");
    static final Path RUNBOOK = ROOT.resolve("docs/runbook.md");

    /** The datasource uid every dashboard defaults to and the provisioning file fixes. */
    static final String DATASOURCE_UID = "radshift-prometheus";

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private OpsFiles() {
    }

    static JsonNode json(final Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static JsonNode yaml(final Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static String text(final Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every dashboard JSON file, sorted by name. */
    static List<Path> dashboardFiles() {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel of a dashboard, rows included, with the panels nested in collapsed rows. */
    static List<JsonNode> panels(final JsonNode dashboard) {
        final List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    /** Every PromQL expression of a dashboard: panel targets and query variables. */
    static List<String> dashboardQueries(final JsonNode dashboard) {
        final List<String> queries = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            panel.path("targets").forEach(t -> queries.add(t.path("expr").asText()));
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                queries.add(variableQuery(variable));
            }
        }
        return queries;
    }

    /** A query variable's PromQL: Grafana stores it as a string or as {query: ...}. */
    static String variableQuery(final JsonNode variable) {
        final JsonNode query = variable.path("query");
        return query.isObject() ? query.path("query").asText() : query.asText();
    }

    /** Every alert rule of prometheus/rules/radshift-alerts.yml. */
    static List<JsonNode> alertRules() {
        final List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : yaml(ALERT_RULES).path("groups")) {
            group.path("rules").forEach(rules::add);
        }
        return rules;
    }
}
