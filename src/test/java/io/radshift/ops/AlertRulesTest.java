package io.radshift.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.radshift.config.DurationParser;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks the Prometheus alert rules and the Alertmanager routing they rely on: every rule is complete (expression,
 * {@code for}, severity, summary, description, runbook link to an existing runbook section), drift pages through
 * one alert per incident, and every severity reaches an existing receiver. {@link AlertToolingTest} runs the real
 * promtool and amtool on the same files.
 */
class AlertRulesTest {

    private static final Set<String> SEVERITIES = Set.of("critical", "warning");

    @Test
    void everyRuleIsCompleteAndLinksAnExistingRunbookSection() {
        final Set<String> anchors = runbookAnchors();
        final List<JsonNode> rules = OpsFiles.alertRules();
        assertThat(rules).isNotEmpty();
        for (JsonNode rule : rules) {
            final String name = rule.path("alert").asText();
            assertThat(name).as("every rule is an alerting rule").isNotBlank();
            assertThat(rule.path("expr").asText()).as("expr of %s", name).isNotBlank();
            assertThat(DurationParser.parse(rule.path("for").asText())).as("for of %s", name).isNotNull();
            assertThat(SEVERITIES).as("severity of %s", name).contains(rule.path("labels").path("severity").asText());
            final JsonNode annotations = rule.path("annotations");
            assertThat(annotations.path("summary").asText()).as("summary of %s", name).isNotBlank();
            assertThat(annotations.path("description").asText()).as("description of %s", name).isNotBlank();
            final URI runbook = URI.create(annotations.path("runbook_url").asText());
            assertThat(runbook.getScheme()).as("runbook_url of %s", name).isEqualTo("https");
            assertThat(runbook.getPath()).as("runbook_url of %s", name).endsWith("/docs/runbook.md");
            assertThat(anchors).as("runbook section for %s", name).contains(runbook.getFragment());
        }
    }

    @Test
    void theOnCallAlertsExist() {
        assertThat(OpsFiles.alertRules()).extracting(r -> r.path("alert").asText()).contains(
                "RadShiftDriftIncident", "RadShiftDeadLetterRateHigh", "RadShiftInferenceLatencyHigh",
                "RadShiftPipelineDown", "RadShiftWindowCloseLagHigh");
    }

    /**
     * Drift pages through one alert per incident: a single rule on the incident gauge, keyed only by site and
     * window (the labels RadShift keys an incident by), critical, with the incident's current severity and the
     * dashboard link as annotations, so that a change of severity or evidence never makes a new alert. The
     * per-test gauge and the separate site-silence alert are gone (a silent site is evidence in its incident).
     */
    @Test
    void driftPagesThroughOneIncidentRule() {
        final List<JsonNode> incidentRules = OpsFiles.alertRules().stream()
                .filter(r -> r.path("expr").asText().contains("radshift_incident_firing")).toList();
        assertThat(incidentRules).hasSize(1);
        final JsonNode rule = incidentRules.get(0);
        assertThat(rule.path("alert").asText()).isEqualTo("RadShiftDriftIncident");
        assertThat(rule.path("labels").path("severity").asText()).isEqualTo("critical");
        assertThat(rule.path("labels").size()).as("labels of the incident alert: only severity, so its identity is (site, window)")
                .isEqualTo(1);
        final JsonNode annotations = rule.path("annotations");
        assertThat(annotations.path("summary").asText()).contains("$labels.site").contains("$labels.window")
                .contains("radshift_incident_severity");
        assertThat(annotations.path("incident_severity").asText()).contains("radshift_incident_severity");
        assertThat(annotations.path("dashboard").asText()).startsWith("/d/radshift-drift-by-site/")
                .contains("var-site={{ $labels.site }}").contains("var-window={{ $labels.window }}");
        for (JsonNode other : OpsFiles.alertRules()) {
            assertThat(other.path("expr").asText()).as("rule %s", other.path("alert")).doesNotContain("radshift_alerts_firing");
            assertThat(other.path("alert").asText()).isNotIn("RadShiftDriftAlertFiring", "RadShiftSiteSilent");
        }
    }

    @Test
    void rulesWithTheSameNameAreTellApartByTheirLabels() {
        final Set<String> identities = new HashSet<>();
        for (JsonNode rule : OpsFiles.alertRules()) {
            assertThat(identities.add(rule.path("alert").asText() + rule.path("labels")))
                    .as("duplicate rule %s %s", rule.path("alert"), rule.path("labels")).isTrue();
        }
    }

    @Test
    void severitiesRouteToExistingReceiversAndGroupBySite() {
        final JsonNode config = OpsFiles.yaml(OpsFiles.ALERTMANAGER);
        final Set<String> receivers = new HashSet<>();
        config.path("receivers").forEach(r -> receivers.add(r.path("name").asText()));
        final JsonNode route = config.path("route");
        assertThat(receivers).contains(route.path("receiver").asText());
        route.path("routes").forEach(r -> assertThat(receivers).contains(r.path("receiver").asText()));
        assertThat(route.path("group_by")).extracting(JsonNode::asText).containsExactlyInAnyOrder("alertname", "site", "window");
        assertThat(receiverFor(route, Map.of("alertname", "RadShiftDriftIncident", "severity", "critical"))).isEqualTo("pager");
        assertThat(receiverFor(route, Map.of("severity", "critical"))).isEqualTo("pager");
        assertThat(receiverFor(route, Map.of("severity", "warning"))).isEqualTo("chat");
        for (JsonNode receiver : config.path("receivers")) {
            receiver.path("webhook_configs").forEach(w -> assertThat(URI.create(w.path("url").asText()).getScheme()).isEqualTo("https"));
        }
    }

    /** An open incident is paged once: its route does not remind within the notification log's retention. */
    @Test
    void anIncidentIsNotPagedAgainWhileItStaysOpen() {
        final JsonNode route = OpsFiles.yaml(OpsFiles.ALERTMANAGER).path("route");
        JsonNode incidentRoute = null;
        for (JsonNode child : route.path("routes")) {
            if (incidentRoute == null && matchesAll(matchers(child.path("matchers")),
                    Map.of("alertname", "RadShiftDriftIncident", "severity", "critical"))) {
                incidentRoute = child;
            }
        }
        assertThat(incidentRoute).as("a route for RadShiftDriftIncident").isNotNull();
        assertThat(incidentRoute.path("receiver").asText()).isEqualTo("pager");
        assertThat(DurationParser.parse(incidentRoute.path("repeat_interval").asText()))
                .as("Alertmanager's default --data.retention is 120h: a longer repeat_interval repeats sooner")
                .isEqualTo(Duration.ofHours(120));
    }

    @Test
    void pipelineDownInhibitsTheDriftAlertsOfTheSameDeployment() {
        final Set<String> alertNames = new HashSet<>();
        OpsFiles.alertRules().forEach(r -> alertNames.add(r.path("alert").asText()));
        final JsonNode config = OpsFiles.yaml(OpsFiles.ALERTMANAGER);
        final Set<String> externalLabels = new HashSet<>();
        OpsFiles.yaml(OpsFiles.PROMETHEUS).path("global").path("external_labels").fieldNames().forEachRemaining(externalLabels::add);
        boolean pipelineDownInhibitsDrift = false;
        for (JsonNode inhibit : config.path("inhibit_rules")) {
            final List<PromQl.LabelMatcher> source = matchers(inhibit.path("source_matchers"));
            final List<PromQl.LabelMatcher> target = matchers(inhibit.path("target_matchers"));
            for (PromQl.LabelMatcher m : concat(source, target)) {
                if (m.label().equals("alertname")) {
                    assertThat(alertNames.stream().anyMatch(m::accepts)).as("inhibit matcher %s names an alert", m).isTrue();
                }
            }
            if (matchesAll(source, Map.of("alertname", "RadShiftPipelineDown"))
                    && matchesAll(target, Map.of("alertname", "RadShiftDriftIncident"))) {
                pipelineDownInhibitsDrift = true;
                inhibit.path("equal").forEach(label -> assertThat(externalLabels)
                        .as("'equal' label %s must be on both alerts: a Prometheus external label", label).contains(label.asText()));
            }
        }
        assertThat(pipelineDownInhibitsDrift).isTrue();
    }

    @Test
    void prometheusLoadsTheRulesAndSendsToAlertmanager() {
        final JsonNode prometheus = OpsFiles.yaml(OpsFiles.PROMETHEUS);
        assertThat(prometheus.path("rule_files").get(0).asText()).isEqualTo("/etc/prometheus/rules/*.yml");
        assertThat(OpsFiles.ALERT_RULES.getFileName().toString()).endsWith(".yml");
        assertThat(prometheus.path("alerting").path("alertmanagers").get(0).path("static_configs").get(0)
                .path("targets").get(0).asText()).isEqualTo("alertmanager:9093");
        final List<String> jobs = new ArrayList<>();
        prometheus.path("scrape_configs").forEach(j -> jobs.add(j.path("job_name").asText()));
        assertThat(jobs).contains("radshift", "prometheus");
    }

    /** Alertmanager's routing: the first child route whose matchers all match, else the parent's receiver. */
    private static String receiverFor(final JsonNode route, final Map<String, String> labels) {
        for (JsonNode child : route.path("routes")) {
            if (matchesAll(matchers(child.path("matchers")), labels)) {
                return child.path("receiver").asText(route.path("receiver").asText());
            }
        }
        return route.path("receiver").asText();
    }

    private static boolean matchesAll(final List<PromQl.LabelMatcher> matchers, final Map<String, String> labels) {
        return matchers.stream().allMatch(m -> m.accepts(labels.getOrDefault(m.label(), "")));
    }

    private static List<PromQl.LabelMatcher> matchers(final JsonNode list) {
        final List<PromQl.LabelMatcher> all = new ArrayList<>();
        list.forEach(m -> all.addAll(PromQl.matchers(m.asText())));
        assertThat(all).as("matchers %s", list).hasSize(list.size());
        return all;
    }

    private static List<PromQl.LabelMatcher> concat(final List<PromQl.LabelMatcher> a, final List<PromQl.LabelMatcher> b) {
        final List<PromQl.LabelMatcher> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** GitHub's heading anchors: lower case, spaces to hyphens, punctuation dropped. */
    private static Set<String> runbookAnchors() {
        final Set<String> anchors = new HashSet<>();
        final Matcher m = Pattern.compile("(?m)^#{1,6}\\s+(.+)$").matcher(OpsFiles.text(OpsFiles.RUNBOOK));
        while (m.find()) {
            anchors.add(m.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
