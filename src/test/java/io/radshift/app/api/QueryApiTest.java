package io.radshift.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.radshift.alert.IncidentProcessor;
import io.radshift.alert.PagingRule;
import io.radshift.avro.EffectSeverity;
import io.radshift.avro.TestResult;
import io.radshift.avro.WindowSummary;
import io.radshift.avro.WindowVerdict;
import io.radshift.detect.RecentWindows;
import io.radshift.detect.RecentWindowsProcessor;
import io.radshift.ops.OpsServer;
import io.radshift.ops.RadShiftMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The query API's handlers on one instance: window summaries of two sites go through the real
 * {@link RecentWindowsProcessor} and {@link IncidentProcessor} into their stores (TopologyTestDriver), and the API
 * answers from those stores over a real ops server with a bearer token.
 */
class QueryApiTest {

    private static final String TOKEN = "unit-test-token-0123456789";
    private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");
    private static final HostInfo SELF = new HostInfo("127.0.0.1", 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private TopologyTestDriver driver;
    private OpsServer ops;

    @BeforeEach
    void start() {
        final Topology topology = new Topology();
        topology.addSource("windows", Serdes.String().deserializer(), (topic, bytes) -> RecentWindows.decode(bytes), "drift-windows")
                .addProcessor("recent-windows", () -> new RecentWindowsProcessor(Duration.ofHours(3)), "windows")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RecentWindows.STORE), Serdes.String(),
                        Serdes.ByteArray()), "recent-windows")
                .addProcessor("incidents", () -> new IncidentProcessor(IncidentProcessor.SITE_STORE, Set.of("oncall"), 1, 2, Map.of(),
                        "https://runbook", PagingRule.ALWAYS, RadShiftMetrics.discarding()), "windows")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IncidentProcessor.SITE_STORE),
                        Serdes.String(), Serdes.ByteArray()), "incidents");
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "query-api-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(topology, props);
        final TestInputTopic<String, WindowSummary> windows = driver.createInputTopic("drift-windows", Serdes.String().serializer(),
                (topic, summary) -> RecentWindows.encode(summary));
        for (int hour = 2; hour <= 8; hour++) {
            windows.pipeInput("A", window("A", hour, false));
            windows.pipeInput("B", window("B", hour, hour >= 6));
        }
        ops = OpsServer.start(new OpsServer.Access("127.0.0.1", 0, Optional.of(TOKEN)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> new OpsServer.StreamHealth(true, true, "RUNNING"));
        ops.serveGuarded(QueryApi.PATH, new QueryApi(new OneInstance(), new Forwarder(Optional.of(TOKEN))));
    }

    @AfterEach
    void stop() {
        ops.close();
        driver.close();
    }

    @Test
    void sitesHaveTheirLatestWindowPerKindAndTheirOpenIncidents() throws Exception {
        final JsonNode sites = get("/api/v1/sites", 200).path("sites");
        assertThat(sites).hasSize(2);
        assertThat(sites.get(0).path("siteId").asText()).isEqualTo("A");
        assertThat(sites.get(0).path("latestWindows").path("oncall").path("windowEnd").asText()).isEqualTo("2026-03-02T08:00:00Z");
        assertThat(sites.get(0).path("openIncidents")).isEmpty();
        final JsonNode b = sites.get(1);
        assertThat(b.path("latestWindows").path("oncall").path("verdict").asText()).isEqualTo("DRIFT");
        assertThat(b.path("latestWindows").path("oncall").path("driftTests").get(0).asText()).isEqualTo("centroid-euclidean");
        assertThat(b.path("openIncidents")).hasSize(1);
        assertThat(b.path("openIncidents").get(0).path("severity").asText()).isEqualTo("WARNING");
    }

    @Test
    void windowsAreKeptForTheRetentionAndPagedInTimeOrder() throws Exception {
        final JsonNode all = get("/api/v1/sites/B/windows?kind=oncall", 200);
        // Retention 3 h before the newest end (8 h): the windows ending at 2, 3 and 4 h are gone.
        assertThat(all.path("windows")).extracting(w -> w.path("windowEnd").asText())
                .containsExactly("2026-03-02T05:00:00Z", "2026-03-02T06:00:00Z", "2026-03-02T07:00:00Z", "2026-03-02T08:00:00Z");
        assertThat(all.path("next").isNull()).isTrue();
        final JsonNode page = get("/api/v1/sites/B/windows?kind=oncall&from=2026-03-02T05:30:00Z&to=2026-03-02T08:00:00Z&limit=1", 200);
        assertThat(page.path("windows")).hasSize(1);
        assertThat(page.path("windows").get(0).path("windowEnd").asText()).isEqualTo("2026-03-02T06:00:00Z");
        assertThat(page.path("windows").get(0).path("tests").get(0).path("threshold").asDouble()).isEqualTo(1.0);
        assertThat(page.path("windows").get(0).path("topNovelStudyIds").get(0).asText()).isEqualTo("B-novel-6");
        assertThat(page.path("next").asText()).isEqualTo("2026-03-02T07:00:00Z");
        assertThat(get("/api/v1/sites/B/windows?kind=weekly", 200).path("windows")).isEmpty();
    }

    @Test
    void latestVerdictsAndIncidents() throws Exception {
        final JsonNode latest = get("/api/v1/sites/B/verdicts/latest", 200);
        assertThat(latest.path("verdicts")).hasSize(1);
        assertThat(latest.path("verdicts").get(0).path("n").asLong()).isEqualTo(80);
        assertThat(get("/api/v1/sites/Z/verdicts/latest", 404).path("error").asText()).isEqualTo("no window of this site is kept");
        assertThat(get("/api/v1/incidents", 200).path("incidents")).extracting(i -> i.path("siteId").asText()).containsExactly("B");
        assertThat(get("/api/v1/incidents?open=false", 200).path("incidents")).extracting(i -> i.path("siteId").asText())
                .containsExactly("A", "B");
    }

    @Test
    void badRequestsGetOneLineErrorsAndNoTokenGets401() throws Exception {
        assertThat(get("/api/v1/sites/B/windows?from=monday", 400).path("error").asText()).contains("ISO-8601");
        assertThat(get("/api/v1/sites/B/windows?limit=5000", 400).path("error").asText()).contains("1 to 1000");
        assertThat(get("/api/v1/sites/B/windows?from=2026-03-03T00:00:00Z&to=2026-03-02T00:00:00Z", 400).path("error").asText())
                .isEqualTo("'to' is before 'from'");
        assertThat(get("/api/v1/sites/bad%20site/windows", 400).path("error").asText()).startsWith("not a valid site id");
        assertThat(get("/api/v1/nothing", 404).path("error").asText()).contains("openapi");
        final HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(ops.url() + "/api/v1/sites"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        final HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(ops.url() + "/api/v1/sites")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("\"A\"");
    }

    private JsonNode get(final String path, final int status) throws Exception {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ops.url() + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("\n");
        return JSON.readTree(response.body());
    }

    /** A 2 h oncall window of {@code site} ending at {@code hour}, with one material test when {@code drift}. */
    private static WindowSummary window(final String site, final int hour, final boolean drift) {
        final Instant end = MONDAY.plus(Duration.ofHours(hour));
        final TestResult test = TestResult.newBuilder().setTest("centroid-euclidean").setStatistic(drift ? 5.0 : 0.2)
                .setThreshold(1.0).setPValue(drift ? 0.0001 : 0.5).setAdjustedPValue(drift ? 0.0004 : 1.0)
                .setEffectSize(drift ? 0.2 : 0.001).setEffectSizeName("euclidean").setDrift(drift).setEffectTolerance(0.05)
                .setSignificant(drift).setSeverity(drift ? EffectSeverity.WARNING : EffectSeverity.NONE).build();
        return WindowSummary.newBuilder().setSiteId(site).setWindowKind("oncall")
                .setWindowStart(end.minus(Duration.ofHours(2))).setWindowEnd(end).setN(80)
                .setVerdict(drift ? WindowVerdict.DRIFT : WindowVerdict.OK)
                .setModelId("model").setBundleHash("sha256:bundle").setProfileId("profile")
                .setTests(List.of(test)).setTopNovelStudyIds(List.of(site + "-novel-" + hour))
                .setEvaluatedAt(end.plusSeconds(1)).build();
    }

    /** The cluster of one instance: this test's stores, and itself as every site's owner. */
    private final class OneInstance implements Cluster {

        @Override
        public LocalQueries local() {
            return new LocalQueries(driver.getKeyValueStore(RecentWindows.STORE), driver.getKeyValueStore(IncidentProcessor.SITE_STORE));
        }

        @Override
        public Optional<HostInfo> ownerOf(final String site) {
            return Optional.of(SELF);
        }

        @Override
        public List<HostInfo> hosts() {
            return List.of(SELF);
        }

        @Override
        public boolean isSelf(final HostInfo host) {
            return SELF.equals(host);
        }
    }
}
