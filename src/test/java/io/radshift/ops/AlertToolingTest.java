package io.radshift.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the routing as Prometheus' and Alertmanager's own tools read them: {@code promtool check
 * rules} and the committed rule unit test {@code prometheus/tests/radshift-alerts.test.yml} (one alert per drift
 * incident whatever its updates, none for a stable site or an explained all-sites incident, no resolution on a
 * scrape gap), {@code amtool check-config} and {@code amtool config routes test} for who gets paged. Skipped with
 * a message when the Debian packages are not installed; CI installs them.
 */
class AlertToolingTest {

    private static final Path RULE_TESTS = OpsFiles.ROOT.resolve("prometheus/tests/radshift-alerts.test.yml");

    @Test
    void promtoolAcceptsTheRules() {
        PrometheusTools.assumeInstalled(PrometheusTools.PROMTOOL);
        final PrometheusTools.Result result = PrometheusTools.run(PrometheusTools.PROMTOOL, "check", "rules",
                OpsFiles.ALERT_RULES.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + OpsFiles.alertRules().size() + " rules found");
    }

    @Test
    void theRuleUnitTestsPass() {
        PrometheusTools.assumeInstalled(PrometheusTools.PROMTOOL);
        final PrometheusTools.Result result = PrometheusTools.run(PrometheusTools.PROMTOOL, "test", "rules", RULE_TESTS.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void amtoolAcceptsTheAlertmanagerConfig() {
        PrometheusTools.assumeInstalled(PrometheusTools.AMTOOL);
        final PrometheusTools.Result result = PrometheusTools.run(PrometheusTools.AMTOOL, "check-config", OpsFiles.ALERTMANAGER.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS").contains("1 inhibit rules").contains("2 receivers");
    }

    @Test
    void driftIncidentsOfEverySiteAndPipelineOutagesPageWhileWarningsGoToChat() {
        PrometheusTools.assumeInstalled(PrometheusTools.AMTOOL);
        assertRoutedTo("pager", "alertname=RadShiftDriftIncident", "severity=critical", "site=hospital-c", "window=oncall-24h");
        assertRoutedTo("pager", "alertname=RadShiftDriftIncident", "severity=critical", "site=*", "window=oncall-24h");
        assertRoutedTo("pager", "alertname=RadShiftPipelineDown", "severity=critical", "cause=unreachable");
        assertRoutedTo("chat", "alertname=RadShiftDeadLetterRateHigh", "severity=warning");
        assertRoutedTo("chat", "alertname=SomethingUnlabelled");
    }

    /** {@code amtool config routes test --verify.receivers}: exit code 0 only when the labels reach {@code receiver}. */
    private static void assertRoutedTo(final String receiver, final String... labels) {
        final String[] arguments = new String[labels.length + 5];
        arguments[0] = "config";
        arguments[1] = "routes";
        arguments[2] = "test";
        arguments[3] = "--config.file=" + OpsFiles.ALERTMANAGER;
        arguments[4] = "--verify.receivers=" + receiver;
        System.arraycopy(labels, 0, arguments, 5, labels.length);
        final PrometheusTools.Result result = PrometheusTools.run(PrometheusTools.AMTOOL, arguments);
        assertThat(result.exitCode()).as("%s -> %s: %s", String.join(" ", labels), receiver, result.output()).isZero();
        assertThat(result.output().lines().filter(l -> !l.startsWith("Warning")).toList()).as(String.join(" ", labels))
                .containsExactly(receiver);
    }
}
