package io.radshift.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radshift.app.RadShiftApp;
import io.radshift.avro.StudyInference;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.ingest.serde.ConfluentAvroSerializer;
import io.radshift.stats.SyntheticStudies;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.topology.SyntheticSites;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two RadShift instances of one application (same applicationId, own state folders and API ports) on a real
 * in-process broker and registry, fed pre-scored studies of four sites (site D drifts): each instance holds only
 * some sites, yet a query to either answers for all of them, and a site's question is answered by the instance that
 * holds it. Without the bearer token the API answers 401.
 */
class QueryApiIT {

    private static final String TOKEN = "query-api-it-token-0123456789";
    private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");
    private static final List<String> SITES = List.of("A", "B", "C", "D");
    private static final int HOURS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void eitherInstanceAnswersForAllSitesBehindTheToken() throws Exception {
        final ModelBundle bundle = DemoBundleBuilder.ensure(dir.resolve("bundle"));
        final SyntheticSites sites = new SyntheticSites(5);
        final ReferenceProfile profile = sites.profile(bundle.modelId(), bundle.contentHash());
        Files.writeString(dir.resolve("token"), TOKEN);
        Files.writeString(dir.resolve("query.yaml"), """
                kafka: {applicationId: it-query-api, stateDir: state}
                topics: {partitions: 2}
                model: {provider: cpu, intraOpThreads: 1}
                windows:
                  - {name: oncall, type: sliding, size: 2h, advance: 1h, grace: 10m}
                detection: {minStudies: 30, fireAfter: 1, fireWindow: 2, idleTimeout: 2s}
                metrics: {port: 0, bearerToken: {file: token}}
                """);
        final RadShiftConfig config = new ConfigLoader().load(dir.resolve("query.yaml"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            final RadShiftConfig live = config.withEndpoints(kafka.bootstrapServers(), registry.url());
            try (RadShiftApp first = RadShiftApp.start(live.withStateDir(dir.resolve("state-1")), bundle, profile);
                 RadShiftApp second = RadShiftApp.start(live.withStateDir(dir.resolve("state-2")), bundle, profile)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> ready(first) && ready(second));
                send(live, registry, sites);
                // Every site's last closed window (ending at hour HOURS - 1) is in, as seen from the first instance.
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(latestEnds(get(first, "/api/v1/sites")))
                        .hasSize(SITES.size()).allMatch(end -> end.equals(MONDAY.plusSeconds(3600L * (HOURS - 1)).toString())));

                final JsonNode fromFirst = get(first, "/api/v1/sites");
                assertThat(get(second, "/api/v1/sites")).isEqualTo(fromFirst);
                assertThat(siteIds(fromFirst.path("sites"))).containsExactlyElementsOf(SITES);
                final Set<String> heldByFirst = siteIds(local(first, "/api/v1/sites").path("sites"));
                final Set<String> heldBySecond = siteIds(local(second, "/api/v1/sites").path("sites"));
                assertThat(heldByFirst).as("each instance holds some sites").isNotEmpty().doesNotContainAnyElementsOf(heldBySecond);
                assertThat(heldBySecond).isNotEmpty();

                for (final String site : SITES) {
                    final String path = "/api/v1/sites/" + site + "/verdicts/latest";
                    assertThat(get(first, path)).isEqualTo(get(second, path));
                    assertThat(get(second, path).path("verdicts").get(0).path("windowKind").asText()).isEqualTo("oncall");
                }
                final JsonNode page = get(second, "/api/v1/sites/" + heldByFirst.iterator().next()
                        + "/windows?kind=oncall&from=2026-03-02T01:00:00Z&to=2026-03-02T04:00:00Z&limit=2");
                assertThat(page.path("windows")).hasSize(2);
                assertThat(page.path("windows").get(0).path("windowEnd").asText()).isEqualTo("2026-03-02T01:00:00Z");
                assertThat(page.path("windows").get(0).path("tests")).isNotEmpty();
                assertThat(page.path("next").asText()).isEqualTo("2026-03-02T03:00:00Z");

                final JsonNode incidents = get(first, "/api/v1/incidents?open=true");
                assertThat(get(second, "/api/v1/incidents?open=true")).isEqualTo(incidents);
                assertThat(siteIds(incidents.path("incidents"))).contains("D");

                for (final RadShiftApp app : List.of(first, second)) {
                    assertThat(status(app, "/api/v1/sites", Map.of())).isEqualTo(401);
                    assertThat(status(app, "/api/v1/sites", Map.of("Authorization", "Bearer wrong"))).isEqualTo(401);
                    assertThat(status(app, "/api/v1/sites/A/windows?from=yesterday", Map.of("Authorization", "Bearer " + TOKEN)))
                            .isEqualTo(400);
                }
            }
        }
    }

    /** Pre-scored studies of every site, hour by hour, and one more study per site to close the last window. */
    private static void send(final RadShiftConfig live, final EmbeddedSchemaRegistry registry, final SyntheticSites sites) {
        try (KafkaProducer<String, StudyInference> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, live.kafka().bootstrapServers()), Serdes.String().serializer(),
                new ConfluentAvroSerializer<>(RestSchemaRegistryClient.builder(registry.url()).build()))) {
            for (int hour = 0; hour <= HOURS; hour++) {
                final Instant from = MONDAY.plusSeconds(3600L * hour);
                for (final String site : SITES) {
                    final boolean drifting = site.equals("D") && hour >= 2;
                    final int n = hour == HOURS ? 1 : 40;
                    for (final StudyInference study : sites.studies(site, n, drifting ? SyntheticStudies.Shift.EMBEDDING
                            : SyntheticStudies.Shift.NONE, from, from.plusSeconds(3600))) {
                        producer.send(new ProducerRecord<>(live.topics().inferences(), null, study.getEventTime().toEpochMilli(), site, study));
                    }
                }
            }
            producer.flush();
        }
    }

    private boolean ready(final RadShiftApp app) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.opsUrl() + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
    }

    private JsonNode get(final RadShiftApp app, final String path) throws Exception {
        return request(app, path, Map.of("Authorization", "Bearer " + TOKEN));
    }

    /** The instance's own answer: a forwarded request is not passed on. */
    private JsonNode local(final RadShiftApp app, final String path) throws Exception {
        return request(app, path, Map.of("Authorization", "Bearer " + TOKEN, Forwarder.FORWARDED, "1"));
    }

    private JsonNode request(final RadShiftApp app, final String path, final Map<String, String> headers) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.opsUrl() + path));
        headers.forEach(request::header);
        final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int status(final RadShiftApp app, final String path, final Map<String, String> headers) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.opsUrl() + path));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static List<String> latestEnds(final JsonNode answer) {
        final List<String> ends = new ArrayList<>();
        answer.path("sites").forEach(site -> ends.add(site.path("latestWindows").path("oncall").path("windowEnd").asText()));
        return ends;
    }

    private static Set<String> siteIds(final JsonNode list) {
        final Set<String> ids = new LinkedHashSet<>();
        list.forEach(item -> ids.add(item.path("siteId").asText()));
        return ids;
    }
}
