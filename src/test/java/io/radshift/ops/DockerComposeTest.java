package io.radshift.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Checks docker-compose.yml and the Dockerfile without Docker: images pinned, every mounted or built file present,
 * ports consistent between compose, the RadShift configuration it mounts and Prometheus, healthchecks and
 * start-up order, and the GPU reservation. The compose RadShift configuration must load with {@link ConfigLoader}.
 * Secure by default: every published port is bound to 127.0.0.1, RadShift's metrics are not published and need a
 * bearer token that Prometheus sends, Prometheus has no lifecycle API, Grafana no anonymous access and its admin
 * password is a secret, Alertmanager opens no cluster port, and the secrets are files that git and Docker ignore.
 */
class DockerComposeTest {

    private static final Set<String> SERVICES = Set.of("kafka", "schema-registry", "radshift", "prometheus", "alertmanager", "grafana");

    private final JsonNode compose = OpsFiles.yaml(OpsFiles.COMPOSE);
    private final JsonNode services = compose.path("services");

    @Test
    void everyServiceIsThereWithAPinnedImage() {
        final Set<String> names = new HashSet<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsAll(SERVICES);
        services.fields().forEachRemaining(e -> assertPinned(e.getValue().path("image").asText(), "service " + e.getKey()));
    }

    @Test
    void dockerfileBaseImagesArePinnedAndItsSourcesExist() {
        final String dockerfile = OpsFiles.text(OpsFiles.DOCKERFILE);
        final Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?").matcher(dockerfile);
        final Set<String> stages = new HashSet<>();
        int images = 0;
        while (from.find()) {
            if (!stages.contains(from.group(1))) {
                assertPinned(from.group(1), "Dockerfile FROM");
                images++;
            }
            Optional.ofNullable(from.group(2)).ifPresent(stages::add);
        }
        assertThat(images).isGreaterThanOrEqualTo(2);
        // The image runs model.provider: cuda (compose.yaml), so it must be the gpu build of ONNX Runtime.
        assertThat(dockerfile).contains("FROM nvidia/cuda:").contains("mvn -B -Pgpu -DskipTests package")
                .contains("target/radshift.jar").contains("target/lib").containsPattern("(?m)^USER\\s+(?!root)\\S+");
        final Matcher copy = Pattern.compile("(?m)^COPY\\s+(?!--from)(.+)$").matcher(dockerfile);
        final Set<String> ignored = dockerIgnored();
        while (copy.find()) {
            final String[] parts = copy.group(1).trim().split("\\s+");
            for (int i = 0; i < parts.length - 1; i++) {
                assertThat(OpsFiles.ROOT.resolve(parts[i])).as("Dockerfile COPY source").exists();
                assertThat(ignored).as("COPY source %s is excluded by .dockerignore", parts[i]).doesNotContain(parts[i].replaceAll("/$", ""));
            }
        }
    }

    @Test
    void radshiftIsBuiltFromTheDockerfileAndRunsTheMountedConfigOnAGpu() {
        final JsonNode radshift = services.path("radshift");
        final Path context = OpsFiles.ROOT.resolve(radshift.path("build").path("context").asText());
        assertThat(context).isDirectory();
        assertThat(context.resolve(radshift.path("build").path("dockerfile").asText("Dockerfile"))).isRegularFile();
        final List<String> command = strings(radshift.path("command"));
        assertThat(command).hasSize(3).startsWith("run", "--config");
        assertThat(bindMounts(radshift)).containsEntry(command.get(2), "./topologies/compose.yaml");
        final JsonNode device = radshift.path("deploy").path("resources").path("reservations").path("devices").get(0);
        assertThat(device.path("driver").asText()).isEqualTo("nvidia");
        assertThat(device.path("count").asInt()).isEqualTo(1);
        assertThat(strings(device.path("capabilities"))).containsExactly("gpu");
    }

    @Test
    void theMountedRadShiftConfigLoadsAndMatchesTheComposeServices() {
        final RadShiftConfig config = new ConfigLoader().load(OpsFiles.COMPOSE_CONFIG);
        final String kafkaEnv = env(services.path("kafka"), "KAFKA_ADVERTISED_LISTENERS");
        assertThat(kafkaEnv).as("RadShift's bootstrap server is an advertised listener")
                .contains("//" + config.kafka().bootstrapServers());
        final URI registry = URI.create(config.schemaRegistry().url());
        assertThat(registry.getHost()).isEqualTo("schema-registry");
        assertThat(URI.create(env(services.path("schema-registry"), "SCHEMA_REGISTRY_LISTENERS")).getPort()).isEqualTo(registry.getPort());
        assertThat(config.model().provider()).isEqualTo("cuda");
        final Map<String, String> volumes = namedVolumeMounts(services.path("radshift"));
        assertThat(underAny(config.model().bundle(), volumes.keySet())).as("model bundle inside a volume").isTrue();
        assertThat(underAny(config.reference().profile(), volumes.keySet())).as("reference profile inside a volume").isTrue();
        assertThat(underAny(config.kafka().stateDir(), volumes.keySet())).as("state dir inside a volume").isTrue();
    }

    @Test
    void metricsPortAgreesAcrossConfigComposeDockerfileAndPrometheus() {
        final int port = new ConfigLoader().load(OpsFiles.COMPOSE_CONFIG).metrics().port();
        assertThat(OpsFiles.text(OpsFiles.DOCKERFILE)).contains("EXPOSE " + port).contains("127.0.0.1:" + port + "/health");
        assertThat(services.path("radshift").path("healthcheck").path("test").toString()).contains("127.0.0.1:" + port + "/health");
        assertThat(scrapeTargets("radshift")).containsExactly("radshift:" + port);
        assertThat(publishedPorts(services.path("prometheus"))).containsValue(9090);
        assertThat(publishedPorts(services.path("alertmanager"))).containsValue(9093);
        assertThat(OpsFiles.yaml(OpsFiles.DATASOURCE).path("datasources").get(0).path("url").asText()).isEqualTo("http://prometheus:9090");
    }

    @Test
    void everyPublishedPortIsBoundToLocalhostAndRadShiftMetricsAreNotPublished() {
        services.fields().forEachRemaining(e -> e.getValue().path("ports").forEach(port ->
                assertThat(port.asText()).as("published port of %s", e.getKey()).startsWith("127.0.0.1:")));
        assertThat(services.path("radshift").has("ports")).as("Prometheus scrapes RadShift inside the network").isFalse();
        assertThat(publishedPorts(services.path("grafana"))).containsValue(3000);
    }

    @Test
    void radshiftMetricsNeedTheBearerTokenThatPrometheusSends() {
        final RadShiftConfig.Metrics metrics = new ConfigLoader().load(OpsFiles.COMPOSE_CONFIG).metrics();
        assertThat(metrics.bindAddress()).as("reachable from the Prometheus container").isEqualTo("0.0.0.0");
        assertThat(metrics.bearerToken()).as("metrics.bearerToken").isNotNull();
        final String tokenFile = "/run/secrets/radshift_metrics_token";
        assertThat(metrics.bearerToken().source()).isEqualTo("file " + tokenFile);
        assertThat(strings(services.path("radshift").path("secrets"))).contains("radshift_metrics_token");
        assertThat(strings(services.path("prometheus").path("secrets"))).contains("radshift_metrics_token");
        final JsonNode authorization = scrapeJob("radshift").path("authorization");
        assertThat(authorization.path("type").asText("Bearer")).isEqualTo("Bearer");
        assertThat(authorization.path("credentials_file").asText()).isEqualTo(tokenFile);
    }

    @Test
    void prometheusHasNoLifecycleApiAndAlertmanagerNoClusterPort() {
        assertThat(strings(services.path("prometheus").path("command"))).noneMatch(arg -> arg.contains("enable-lifecycle"));
        assertThat(strings(services.path("alertmanager").path("command"))).contains("--cluster.listen-address=");
    }

    @Test
    void grafanaHasNoAnonymousAccessAndItsAdminPasswordIsASecret() {
        final JsonNode grafana = services.path("grafana");
        assertThat(env(grafana, "GF_AUTH_ANONYMOUS_ENABLED")).isEqualTo("false");
        assertThat(grafana.path("environment").has("GF_SECURITY_ADMIN_PASSWORD")).as("a password in the environment").isFalse();
        assertThat(env(grafana, "GF_SECURITY_ADMIN_PASSWORD__FILE")).isEqualTo("/run/secrets/grafana_admin_password");
        assertThat(strings(grafana.path("secrets"))).contains("grafana_admin_password");
    }

    @Test
    void secretsAreFilesThatGitAndDockerIgnore() {
        final Set<String> used = new HashSet<>();
        services.forEach(service -> used.addAll(strings(service.path("secrets"))));
        final Set<String> declared = new HashSet<>();
        compose.path("secrets").fields().forEachRemaining(e -> {
            declared.add(e.getKey());
            assertThat(e.getValue().path("file").asText()).as("secret %s", e.getKey()).startsWith("./secrets/");
        });
        assertThat(declared).isEqualTo(used);
        assertThat(OpsFiles.text(OpsFiles.ROOT.resolve(".gitignore")).lines()).contains("/secrets/");
        assertThat(dockerIgnored()).contains("secrets");
    }

    @Test
    void publishedHostPortsDoNotCollide() {
        final Map<Integer, String> hostPorts = new HashMap<>();
        services.fields().forEachRemaining(e -> publishedPorts(e.getValue()).keySet().forEach(hostPort ->
                assertThat(hostPorts.put(hostPort, e.getKey())).as("host port %s published twice", hostPort).isNull()));
        assertThat(hostPorts).isNotEmpty();
    }

    @Test
    void everyBindMountExistsAndEveryNamedVolumeIsDeclared() {
        final Set<String> declared = new HashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declared::add);
        services.fields().forEachRemaining(e -> {
            for (JsonNode volume : e.getValue().path("volumes")) {
                final String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(OpsFiles.ROOT.resolve(source)).as("bind mount of %s", e.getKey()).exists();
                } else {
                    assertThat(declared).as("named volume of %s", e.getKey()).contains(source);
                }
            }
        });
    }

    @Test
    void monitoringServicesMountTheRepositoryConfigWhereTheyReadIt() {
        assertThat(bindMounts(services.path("prometheus")))
                .containsEntry("/etc/prometheus/prometheus.yml", "./prometheus/prometheus.yml")
                .containsEntry("/etc/prometheus/rules", "./prometheus/rules");
        assertThat(strings(services.path("prometheus").path("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");
        assertThat(bindMounts(services.path("alertmanager")))
                .containsEntry("/etc/alertmanager/alertmanager.yml", "./alertmanager/alertmanager.yml");
        assertThat(strings(services.path("alertmanager").path("command"))).contains("--config.file=/etc/alertmanager/alertmanager.yml");
        final String dashboardsPath = OpsFiles.yaml(OpsFiles.DASHBOARD_PROVIDER).path("providers").get(0).path("options").path("path").asText();
        assertThat(bindMounts(services.path("grafana")))
                .containsEntry("/etc/grafana/provisioning", "./grafana/provisioning")
                .containsEntry(dashboardsPath, "./grafana/dashboards");
    }

    @Test
    void healthchecksGateTheStartUpOrder() {
        for (String name : SERVICES) {
            assertThat(services.path(name).path("healthcheck").path("test").isArray()).as("healthcheck of %s", name).isTrue();
        }
        assertThat(services.path("schema-registry").path("healthcheck").path("test").toString()).contains("/subjects");
        services.fields().forEachRemaining(e -> e.getValue().path("depends_on").fields().forEachRemaining(dep -> {
            assertThat(dep.getValue().path("condition").asText()).as("%s waits for %s", e.getKey(), dep.getKey()).isEqualTo("service_healthy");
            assertThat(services.path(dep.getKey()).has("healthcheck")).as("%s has a healthcheck", dep.getKey()).isTrue();
        }));
        assertThat(services.path("radshift").path("depends_on").has("kafka")).isTrue();
        assertThat(services.path("radshift").path("depends_on").has("schema-registry")).isTrue();
    }

    @Test
    void kraftClusterIdIsABase64Uuid() {
        final byte[] id = Base64.getUrlDecoder().decode(env(services.path("kafka"), "CLUSTER_ID"));
        assertThat(id).hasSize(16);
        assertThat(env(services.path("kafka"), "KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
    }

    /** An image reference with an explicit tag that is not "latest" (a registry host:port does not count as a tag). */
    private static void assertPinned(final String image, final String where) {
        final int slash = image.lastIndexOf('/');
        final int colon = image.lastIndexOf(':');
        assertThat(colon).as("%s image %s has a tag", where, image).isGreaterThan(slash);
        final String tag = image.substring(colon + 1);
        assertThat(tag).as("%s image %s", where, image).isNotBlank().isNotEqualToIgnoringCase("latest");
        assertThat(tag).as("%s image %s names a version", where, image).containsPattern("\\d");
    }

    private static Set<String> dockerIgnored() {
        final Set<String> ignored = new HashSet<>();
        for (String line : OpsFiles.text(OpsFiles.ROOT.resolve(".dockerignore")).split("\n")) {
            final String entry = line.strip();
            if (!entry.isEmpty() && !entry.startsWith("#")) {
                ignored.add(entry.replaceAll("/$", ""));
            }
        }
        return ignored;
    }

    private static String env(final JsonNode service, final String key) {
        final JsonNode value = service.path("environment").path(key);
        assertThat(value.isMissingNode()).as("environment %s", key).isFalse();
        return value.asText();
    }

    /** Container path -> host path of the ./ bind mounts. */
    private static Map<String, String> bindMounts(final JsonNode service) {
        final Map<String, String> mounts = new HashMap<>();
        for (JsonNode volume : service.path("volumes")) {
            final String[] parts = volume.asText().split(":");
            if (parts[0].startsWith("./")) {
                mounts.put(parts[1], parts[0]);
            }
        }
        return mounts;
    }

    /** Container path -> volume name of the named volumes. */
    private static Map<String, String> namedVolumeMounts(final JsonNode service) {
        final Map<String, String> mounts = new HashMap<>();
        for (JsonNode volume : service.path("volumes")) {
            final String[] parts = volume.asText().split(":");
            if (!parts[0].startsWith("./") && !parts[0].startsWith("/")) {
                mounts.put(parts[1], parts[0]);
            }
        }
        return mounts;
    }

    private static boolean underAny(final Path path, final Set<String> mountPoints) {
        return mountPoints.stream().anyMatch(mount -> path.startsWith(Path.of(mount)));
    }

    /** Host port -> container port of "127.0.0.1:host:container" entries. */
    private static Map<Integer, Integer> publishedPorts(final JsonNode service) {
        final Map<Integer, Integer> ports = new HashMap<>();
        for (JsonNode port : service.path("ports")) {
            final String[] parts = port.asText().split(":");
            assertThat(parts).as("port %s is published as 127.0.0.1:host:container", port).hasSize(3);
            ports.put(Integer.parseInt(parts[1]), Integer.parseInt(parts[2].replace("/tcp", "")));
        }
        return ports;
    }

    private static JsonNode scrapeJob(final String job) {
        for (JsonNode scrape : OpsFiles.yaml(OpsFiles.PROMETHEUS).path("scrape_configs")) {
            if (scrape.path("job_name").asText().equals(job)) {
                return scrape;
            }
        }
        throw new AssertionError("no scrape job " + job);
    }

    private static List<String> scrapeTargets(final String job) {
        final List<String> targets = new ArrayList<>();
        for (JsonNode scrape : OpsFiles.yaml(OpsFiles.PROMETHEUS).path("scrape_configs")) {
            if (scrape.path("job_name").asText().equals(job)) {
                scrape.path("static_configs").forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
            }
        }
        return targets;
    }

    private static List<String> strings(final JsonNode array) {
        final List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }
}
