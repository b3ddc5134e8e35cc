package io.radshift.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every RadShift metric a dashboard or alert rule queries exists, with the labels the query matches on: the
 * names are collected from the PromQL and compared with a real Prometheus scrape of {@link RadShiftMetrics}
 * after each of its methods has been called once. A renamed metric or tag therefore fails here instead of
 * leaving an empty panel or an alert that can never fire.
 */
class MetricNamesCatalogTest {

    /** The RadShiftMetrics methods {@link #scrapeEveryRadShiftMetric()} calls. */
    private static final Set<String> EXERCISED = Set.of("studyReceived", "studyScored", "deadLettered", "inferenceBatch",
            "executionProvider", "lateDropped", "windowCloseLag", "windowEvaluated", "driftStatistic", "incident",
            "incidentEvent", "allSitesLate", "scoreHistogram", "readiness", "siteForgotten", "scoresOverflow",
            "inputLag", "inputProcessedAge");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    /** Metric name (as scraped, with _bucket/_count/... suffixes) -> its label names. */
    private static final Map<String, Set<String>> SCRAPED = new HashMap<>();
    private static String scrape;

    @BeforeAll
    static void scrapeEveryRadShiftMetric() {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final RadShiftMetrics metrics = new RadShiftMetrics(registry);
        metrics.studyReceived("site-a");
        metrics.studyScored("site-a");
        metrics.deadLettered("corrupt-image");
        metrics.inferenceBatch("CUDA", 32, Duration.ofMillis(80));
        metrics.executionProvider("CUDA");
        metrics.lateDropped("site-a", "oncall-24h");
        metrics.windowCloseLag("oncall-24h", Duration.ofSeconds(3));
        metrics.windowEvaluated("site-a", "oncall-24h", "DRIFT", 120);
        metrics.driftStatistic("site-a", "oncall-24h", "rare-overconfidence", "Pneumothorax", 0.3, 0.1);
        metrics.incident("site-a", "oncall-24h", true, 2, Map.of("RARE_LABEL_OVERCONFIDENCE", 1, "LABEL_PRIOR_SHIFT", 2));
        metrics.incident("*", "oncall-24h", false, 1, Map.of("SCORE_HISTOGRAM_SHIFT", 3));
        metrics.incidentEvent("site-a", "oncall-24h", "FIRING");
        metrics.allSitesLate("oncall-24h", 40);
        metrics.scoresOverflow("site-a");
        metrics.siteForgotten("a-site-never-seen");
        metrics.scoreHistogram("site-a", "oncall-24h", "Pneumothorax", new long[] {50, 20, 10, 5, 5, 5, 5, 10, 5, 5});
        metrics.readiness(() -> new OpsServer.StreamHealth(true, true, "RUNNING"));
        metrics.inputLag("studies", 0, 120);
        metrics.inputProcessedAge(0, Duration.ofSeconds(7));
        scrape = registry.scrape();
        for (String line : scrape.split("\n")) {
            final Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find()) {
                final Set<String> labels = SCRAPED.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                final Matcher label = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
    }

    @Test
    void theScrapeCallsEveryPublicRadShiftMetricsMethod() {
        final Set<String> recording = Arrays.stream(RadShiftMetrics.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).filter(name -> !name.equals("registry")).collect(Collectors.toSet());
        assertThat(EXERCISED).isEqualTo(recording);
    }

    @Test
    void everyRadShiftMetricQueriedExistsInTheScrape() {
        final Set<String> referenced = referencedNames("radshift_");
        assertThat(referenced).as("dashboards and rules query RadShift metrics").hasSizeGreaterThan(10);
        assertThat(SCRAPED.keySet()).as("scrape:%n%s", scrape).containsAll(referenced);
    }

    @Test
    void everyLabelARadShiftQueryMatchesOnExistsOnThatMetric() {
        for (String query : allQueries()) {
            for (PromQl.Selector selector : PromQl.selectors(query)) {
                if (selector.metric().startsWith("radshift_")) {
                    for (PromQl.LabelMatcher matcher : selector.matchers()) {
                        assertThat(SCRAPED.getOrDefault(selector.metric(), Set.of()))
                                .as("label %s of %s in %s", matcher.label(), selector.metric(), query).contains(matcher.label());
                    }
                }
            }
        }
    }

    @Test
    void kafkaMetricsQueriedAreTheCatalogued() {
        assertThat(referencedNames("kafka_")).isEqualTo(OpsMetricNames.KAFKA_METRICS_REFERENCED);
    }

    @Test
    void scoreHistogramBinsAreTaggedWithTheirUpperEdge() {
        assertThat(scrape).contains("radshift_score_histogram{bin=\"0.1\",label=\"Pneumothorax\",site=\"site-a\",window=\"oncall-24h\"} 50.0")
                .contains("radshift_score_histogram{bin=\"1\",label=\"Pneumothorax\",site=\"site-a\",window=\"oncall-24h\"} 5.0")
                .contains("radshift_ready 1.0");
        assertThat(RadShiftMetrics.upperEdge(0, 20)).isEqualTo("0.05");
        assertThat(RadShiftMetrics.upperEdge(2, 3)).isEqualTo("1");
        assertThat(RadShiftMetrics.upperEdge(0, 3)).isEqualTo("0.3333");
    }

    @Test
    void incidentMetricsFollowTheContract() {
        assertThat(scrape).contains("radshift_incident_firing{site=\"site-a\",window=\"oncall-24h\"} 1.0")
                .contains("radshift_incident_severity{site=\"site-a\",window=\"oncall-24h\"} 2.0")
                .contains("radshift_incident_evidence{kind=\"LABEL_PRIOR_SHIFT\",site=\"site-a\",window=\"oncall-24h\"} 2.0")
                .contains("radshift_incident_events_total{site=\"site-a\",state=\"FIRING\",window=\"oncall-24h\"} 1.0")
                .contains("radshift_studies_late_dropped_total{site=\"*\",window=\"oncall-24h\"} 40.0")
                .doesNotContain("radshift_alerts_firing");
        // An all-sites incident that a site explains is open (severity) but does not page.
        assertThat(scrape).contains("radshift_incident_firing{site=\"*\",window=\"oncall-24h\"} 0.0")
                .contains("radshift_incident_severity{site=\"*\",window=\"oncall-24h\"} 1.0");
    }

    @Test
    void evidenceOfAKindThatLeftGoesBackToZeroAndAClosedIncidentStopsFiring() {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final RadShiftMetrics metrics = new RadShiftMetrics(registry);
        metrics.incident("site-b", "oncall-24h", true, 1, Map.of("EMBEDDING_DRIFT", 3, "METADATA_SHIFT", 1));
        metrics.incident("site-b", "oncall-24h", true, 1, Map.of("EMBEDDING_DRIFT", 2));
        assertThat(registry.scrape()).contains("radshift_incident_evidence{kind=\"METADATA_SHIFT\",site=\"site-b\",window=\"oncall-24h\"} 0.0")
                .contains("radshift_incident_evidence{kind=\"EMBEDDING_DRIFT\",site=\"site-b\",window=\"oncall-24h\"} 2.0");
        metrics.incident("site-b", "oncall-24h", false, 0, Map.of());
        assertThat(registry.scrape()).contains("radshift_incident_firing{site=\"site-b\",window=\"oncall-24h\"} 0.0")
                .contains("radshift_incident_severity{site=\"site-b\",window=\"oncall-24h\"} 0.0")
                .contains("radshift_incident_evidence{kind=\"EMBEDDING_DRIFT\",site=\"site-b\",window=\"oncall-24h\"} 0.0");
    }

    private static Set<String> referencedNames(final String prefix) {
        final Set<String> names = new TreeSet<>();
        allQueries().forEach(q -> PromQl.metricNames(q).stream().filter(n -> n.startsWith(prefix)).forEach(names::add));
        return names;
    }

    private static List<String> allQueries() {
        final List<String> queries = new ArrayList<>();
        for (Path file : OpsFiles.dashboardFiles()) {
            queries.addAll(OpsFiles.dashboardQueries(OpsFiles.json(file)));
        }
        OpsFiles.alertRules().forEach(r -> queries.add(r.path("expr").asText()));
        return queries;
    }
}
