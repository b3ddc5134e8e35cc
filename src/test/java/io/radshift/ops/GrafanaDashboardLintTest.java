package io.radshift.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lints the provisioned Grafana dashboards with the rules of Grafana's dashboard-linter that matter for file
 * provisioning: one {@code datasource} variable used by every panel and query (file provisioning does not
 * resolve {@code __inputs}), a title and a unit on every panel, {@code $__rate_interval} in every rate, unique
 * panel ids, and only template variables that exist.
 */
class GrafanaDashboardLintTest {

    private static final Set<String> DATASOURCE_REFS = Set.of("${datasource}", "$datasource");
    private static final Pattern VARIABLE_USE = Pattern.compile("\\$\\{?([a-zA-Z_][a-zA-Z0-9_]*)");

    static Stream<Path> dashboards() {
        return OpsFiles.dashboardFiles().stream();
    }

    @Test
    void theThreeDashboardsExistWithUniqueUids() {
        assertThat(OpsFiles.dashboardFiles()).extracting(p -> p.getFileName().toString())
                .contains("oncall-overview.json", "drift-by-site.json", "weekly-quality-review.json");
        final List<String> uids = dashboards().map(p -> OpsFiles.json(p).path("uid").asText()).toList();
        assertThat(uids).doesNotHaveDuplicates().allSatisfy(uid -> assertThat(uid).isNotBlank().hasSizeLessThanOrEqualTo(40));
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void hasIdentityAndModernSchema(final Path file) {
        final JsonNode d = OpsFiles.json(file);
        assertThat(d.path("uid").asText()).as("uid of %s", file).isNotBlank();
        assertThat(d.path("title").asText()).as("title of %s", file).isNotBlank();
        assertThat(d.path("schemaVersion").asInt()).as("schemaVersion of %s", file).isGreaterThanOrEqualTo(39);
        assertThat(d.path("panels").isArray() && !d.path("panels").isEmpty()).as("%s has panels", file).isTrue();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void hasOnePrometheusDatasourceVariableDefaultingToTheProvisionedUid(final Path file) {
        final List<JsonNode> datasourceVars = variables(OpsFiles.json(file)).stream()
                .filter(v -> v.path("type").asText().equals("datasource")).toList();
        assertThat(datasourceVars).as("datasource variables of %s", file).hasSize(1);
        final JsonNode variable = datasourceVars.get(0);
        assertThat(variable.path("name").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        assertThat(variable.path("current").path("value").asText()).isEqualTo(OpsFiles.DATASOURCE_UID);
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void siteAndLabelVariablesComeFromLabelValuesOnTheDatasourceVariable(final Path file) {
        final List<JsonNode> queryVars = variables(OpsFiles.json(file)).stream()
                .filter(v -> v.path("type").asText().equals("query")).toList();
        assertThat(queryVars).extracting(v -> v.path("name").asText()).as("variables of %s", file).contains("site");
        for (JsonNode variable : queryVars) {
            assertThat(OpsFiles.variableQuery(variable)).as("variable %s of %s", variable.path("name"), file)
                    .startsWith("label_values(").contains(variable.path("name").asText());
            assertThat(DATASOURCE_REFS).as("datasource of variable %s", variable.path("name"))
                    .contains(variable.path("datasource").path("uid").asText());
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyPanelHasATitleAUnitAndTheDatasourceVariable(final Path file) {
        for (JsonNode panel : OpsFiles.panels(OpsFiles.json(file))) {
            final String where = file.getFileName() + " panel " + panel.path("id") + " '" + panel.path("title").asText() + "'";
            assertThat(panel.path("title").asText()).as("title of %s", where).isNotBlank();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as("unit of %s", where).isNotBlank();
            assertThat(DATASOURCE_REFS).as("datasource of %s", where).contains(panel.path("datasource").path("uid").asText());
            assertThat(panel.path("targets")).as("queries of %s", where).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as("query of %s", where).isNotBlank();
                assertThat(DATASOURCE_REFS).as("query datasource of %s", where)
                        .contains(target.path("datasource").path("uid").asText());
            }
            final JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("width of %s", where).isBetween(1, 24);
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyRateAndIncreaseUsesRateInterval(final Path file) {
        for (String query : OpsFiles.dashboardQueries(OpsFiles.json(file))) {
            for (String function : List.of("rate", "irate", "increase")) {
                for (String argument : PromQl.callArguments(query, function)) {
                    assertThat(argument).as("%s(...) in %s: %s", function, file.getFileName(), query)
                            .contains("[$__rate_interval]");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void panelIdsAreUnique(final Path file) {
        final List<Integer> ids = OpsFiles.panels(OpsFiles.json(file)).stream().map(p -> p.path("id").asInt(-1)).toList();
        assertThat(ids).as("panel ids of %s", file).doesNotContain(-1).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void queriesTitlesAndRepeatsUseOnlyDefinedVariables(final Path file) {
        final JsonNode d = OpsFiles.json(file);
        final Set<String> defined = new HashSet<>();
        variables(d).forEach(v -> defined.add(v.path("name").asText()));
        final List<String> uses = new ArrayList<>(OpsFiles.dashboardQueries(d));
        for (JsonNode panel : OpsFiles.panels(d)) {
            uses.add(panel.path("title").asText());
            if (panel.has("repeat")) {
                uses.add("$" + panel.path("repeat").asText());
            }
        }
        for (String use : uses) {
            final Matcher m = VARIABLE_USE.matcher(use);
            while (m.find()) {
                if (!m.group(1).startsWith("__")) {
                    assertThat(defined).as("variable used in '%s' of %s", use, file.getFileName()).contains(m.group(1));
                }
            }
        }
    }

    @Test
    void provisionedDatasourceHasTheFixedUidAndPointsAtComposePrometheus() {
        final List<JsonNode> sources = new ArrayList<>();
        OpsFiles.yaml(OpsFiles.DATASOURCE).path("datasources").forEach(sources::add);
        assertThat(sources).hasSize(1);
        final JsonNode prometheus = sources.get(0);
        assertThat(prometheus.path("uid").asText()).isEqualTo(OpsFiles.DATASOURCE_UID);
        assertThat(prometheus.path("type").asText()).isEqualTo("prometheus");
        assertThat(prometheus.path("url").asText()).isEqualTo("http://prometheus:9090");
        final String scrapeInterval = OpsFiles.yaml(OpsFiles.PROMETHEUS).path("global").path("scrape_interval").asText();
        assertThat(prometheus.path("jsonData").path("timeInterval").asText())
                .as("$__rate_interval needs Grafana to know the scrape interval").isEqualTo(scrapeInterval);
    }

    @Test
    void dashboardProviderLoadsTheFolderComposeMounts() {
        final JsonNode provider = OpsFiles.yaml(OpsFiles.DASHBOARD_PROVIDER).path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards");
    }

    private static List<JsonNode> variables(final JsonNode dashboard) {
        final List<JsonNode> list = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(list::add);
        return list;
    }
}
