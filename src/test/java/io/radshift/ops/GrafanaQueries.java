package io.radshift.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs every query of the provisioned Grafana dashboards against a real Prometheus, as Grafana would: template
 * variables are resolved first through Prometheus' label-values API (preferring given values, e.g. the drifting
 * site), {@code $__rate_interval} and {@code $__interval} become 1m, and every panel target must parse and return
 * at least one series.
 */
final class GrafanaQueries {

    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((?:(.*),\\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\\)$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([a-zA-Z_][a-zA-Z0-9_]*)}?");

    private final PrometheusServer prometheus;
    private final Map<String, String> preferred;

    /** @param preferred variable name to the value to choose when Prometheus offers it */
    GrafanaQueries(final PrometheusServer prometheus, final Map<String, String> preferred) {
        this.prometheus = prometheus;
        this.preferred = Map.copyOf(preferred);
    }

    /** One line per variable without values and per panel query that failed or returned nothing; empty when all answer. */
    List<String> problems() {
        final List<String> problems = new ArrayList<>();
        for (Path file : OpsFiles.dashboardFiles()) {
            final JsonNode dashboard = OpsFiles.json(file);
            final String name = file.getFileName().toString();
            final Map<String, String> variables = resolveVariables(dashboard, name, problems);
            for (JsonNode panel : OpsFiles.panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    final String expr = substitute(target.path("expr").asText(), variables);
                    final String where = name + " '" + panel.path("title").asText() + "' " + target.path("refId").asText();
                    check(where, expr, problems);
                }
            }
        }
        return problems;
    }

    private Map<String, String> resolveVariables(final JsonNode dashboard, final String name, final List<String> problems) {
        final Map<String, String> values = new HashMap<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            final String variableName = variable.path("name").asText();
            if (variable.path("type").asText().equals("datasource")) {
                continue;
            }
            final Matcher m = LABEL_VALUES.matcher(OpsFiles.variableQuery(variable).trim());
            if (!variable.path("type").asText().equals("query") || !m.matches()) {
                problems.add(name + " variable " + variableName + ": not a label_values() query variable");
                continue;
            }
            final String selector = m.group(1) == null ? "{__name__=~\".+\"}" : substitute(m.group(1), values);
            final List<String> offered = prometheus.labelValues(m.group(2), selector);
            if (offered.isEmpty()) {
                problems.add(name + " variable " + variableName + ": label_values(" + selector + ", " + m.group(2) + ") is empty");
                values.put(variableName, "");
            } else {
                final String wanted = preferred.get(variableName);
                values.put(variableName, offered.contains(wanted) ? wanted : offered.get(0));
            }
        }
        return values;
    }

    private void check(final String where, final String expr, final List<String> problems) {
        try {
            final JsonNode data = prometheus.query(expr);
            if (data.path("result").isEmpty()) {
                problems.add(where + ": no series for " + expr);
            }
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
        }
    }

    /** Grafana's substitution: global intervals as 1m, dashboard variables by value. */
    static String substitute(final String expr, final Map<String, String> variables) {
        final String intervals = expr.replace("$__rate_interval", "1m").replace("${__rate_interval}", "1m")
                .replace("$__interval", "1m").replace("${__interval}", "1m");
        final Matcher m = VARIABLE.matcher(intervals);
        final StringBuilder out = new StringBuilder();
        while (m.find()) {
            final String value = variables.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
