package io.radshift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
import io.radshift.avro.WindowSummary;
import io.radshift.cli.CliRun;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.ingest.StudyPublisher;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.tools.demo.DemoReference;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.demo.model.PhantomStudySampler;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.TestCertificates;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of RadShift Kafka client carries the {@code kafka.security} settings: a real in-process broker with
 * an SSL listener that requires a client certificate (mutual TLS) and a SASL_SSL listener (PLAIN and SCRAM-SHA-512), certificates
 * made by a throw-away CA. Over mutual TLS the whole pipeline runs (the topic admin, the Streams application with
 * its consumers, producers and admin, the study publisher, the outputs consumer) with its passwords, registry
 * credentials and metrics token read from secret files, and so does {@code radshift publish} with its
 * {@code --kafka-config} and {@code --registry-user-info-file}; over SASL_SSL the admin, the publisher and a
 * consumer run with the password from the environment, once with each mechanism. A client without a certificate and one with a wrong password are
 * refused, so the passes above are not a listener that accepts anyone.
 */
class KafkaSecurityIT {

    private static final String STORE_PASSWORD = "store-pass-1234";
    private static final String SASL_PASSWORD = "sasl \"pass\" 5678";
    private static final String METRICS_TOKEN = "metrics-token-abcdef0123456789";
    private static final String REGISTRY_USER_INFO = "radshift:registry-pass";

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        final TestCertificates ca = TestCertificates.authority("radshift-test-ca");
        ca.truststore(dir.resolve("truststore.p12"), STORE_PASSWORD);
        ca.clientKeystore(dir.resolve("client.p12"), STORE_PASSWORD, "radshift");
        final EmbeddedKafka.Tls tls = new EmbeddedKafka.Tls(ca.serverKeystore(dir.resolve("broker.p12"), STORE_PASSWORD),
                dir.resolve("truststore.p12"), STORE_PASSWORD);
        kafka = EmbeddedKafka.startSecured(tls, Map.of("radshift", SASL_PASSWORD));
        registry = EmbeddedSchemaRegistry.startWithBasicAuth(0, REGISTRY_USER_INFO);
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/store-password"), STORE_PASSWORD + "\n");
        Files.writeString(dir.resolve("secrets/metrics-token"), METRICS_TOKEN + "\n");
        Files.writeString(dir.resolve("secrets/registry-user-info"), REGISTRY_USER_INFO);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void thePipelineRunsOverMutualTlsWithSecretsFromFiles() throws Exception {
        final ModelBundle bundle = DemoBundleBuilder.ensure(dir.resolve("bundle"));
        final ReferenceProfile profile;
        try (ImageEncoder encoder = ImageEncoder.open(bundle, InferenceOptions.cpuDefaults())) {
            profile = DemoReference.build(encoder, 200, 3L, (done, total) -> { });
        }
        final RadShiftConfig config = load("mtls.yaml", """
                kafka:
                  bootstrapServers: %s
                  applicationId: radshift-tls-it
                  stateDir: state
                  security:
                    protocol: SSL
                    truststore: {path: truststore.p12, password: {file: secrets/store-password}}
                    keystore: {path: client.p12, password: {file: secrets/store-password}}
                schemaRegistry:
                  url: %s
                  basicAuthUserInfo: {file: secrets/registry-user-info}
                topics: {partitions: 1}
                model: {provider: cpu, batchSize: 4, maxBatchLatency: 200ms}
                windows:
                  - {name: live, type: tumbling, size: 5s, grace: 1s}
                detection: {minStudies: 3, idleTimeout: 1s}
                metrics: {port: 0, bearerToken: {file: secrets/metrics-token}}
                """.formatted(kafka.bootstrapServers("SSL"), registry.url()), Map.of());
        assertThat(ConfigLoader.securityProblems(config)).isEmpty();

        try (RadShiftApp app = RadShiftApp.start(config, bundle, profile);
             StudyPublisher publisher = new StudyPublisher(config.kafka().bootstrapServers(),
                     RestSchemaRegistryClient.of(config.schemaRegistry()), config.kafka().clientProperties(),
                     config.topics().studies(), config.topics().studyLabels());
             KafkaConsumer<String, Object> outputs = app.topics().outputsConsumer("radshift-tls-it-reader")) {
            final PhantomStudySampler sampler = PhantomStudySampler.reference(4);
            for (int i = 0; i < 8; i++) {
                publisher.send(study("site-a", "s" + i, sampler.next().png()));
                Thread.sleep(300);
            }
            publisher.flush();
            final List<Object> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                outputs.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
                return seen.stream().anyMatch(v -> v instanceof WindowSummary w && w.getSiteId().equals("site-a"));
            });
            assertOpsEndpointIsLocalAndTokenProtected(app.opsUrl());
        }
    }

    @Test
    void aClientWithoutACertificateIsRefusedByTheMutualTlsListener() {
        final RadShiftConfig config = load("no-certificate.yaml", """
                kafka:
                  bootstrapServers: %s
                  security:
                    protocol: SSL
                    truststore: {path: truststore.p12, password: {file: secrets/store-password}}
                """.formatted(kafka.bootstrapServers("SSL")), Map.of());
        assertThatThrownBy(() -> TopicAdmin.ensure(config, List.of("never-created")))
                .hasCauseInstanceOf(SslAuthenticationException.class);
    }

    @Test
    void saslSslClientsAuthenticateWithThePasswordFromTheEnvironment() throws Exception {
        saslSslClientsAuthenticate("PLAIN", "sasl");
    }

    /** SCRAM-SHA-512 on the same broker's SASL_SSL listener (credential created through the Admin API). */
    @Test
    void scramSha512ClientsAuthenticateWithThePasswordFromTheEnvironment() throws Exception {
        saslSslClientsAuthenticate("SCRAM-SHA-512", "scram");
    }

    /** Admin, publisher and consumer over SASL_SSL with {@code mechanism}; a wrong password is refused. */
    private static void saslSslClientsAuthenticate(final String mechanism, final String name) throws Exception {
        final String yaml = """
                kafka:
                  bootstrapServers: %s
                  security:
                    protocol: SASL_SSL
                    truststore: {path: truststore.p12, password: {file: secrets/store-password}}
                    sasl: {mechanism: %s, username: radshift, password: {env: RADSHIFT_IT_KAFKA_PASSWORD}}
                schemaRegistry:
                  url: %s
                  basicAuthUserInfo: {env: RADSHIFT_IT_REGISTRY}
                topics: {studies: %s-studies, partitions: 1}
                """.formatted(kafka.bootstrapServers("SASL_SSL"), mechanism, registry.url(), name);
        final RadShiftConfig wrong = load(name + "-wrong.yaml", yaml, Map.of("RADSHIFT_IT_KAFKA_PASSWORD", "not-it"));
        assertThatThrownBy(() -> TopicAdmin.ensure(wrong, List.of(name + "-studies")))
                .hasCauseInstanceOf(SaslAuthenticationException.class);

        final RadShiftConfig config = load(name + ".yaml", yaml,
                Map.of("RADSHIFT_IT_KAFKA_PASSWORD", SASL_PASSWORD, "RADSHIFT_IT_REGISTRY", REGISTRY_USER_INFO));
        TopicAdmin.ensure(config, List.of(name + "-studies"));
        final Topics topics = new Topics(config, RestSchemaRegistryClient.of(config.schemaRegistry()));
        try (StudyPublisher publisher = new StudyPublisher(config.kafka().bootstrapServers(),
                RestSchemaRegistryClient.of(config.schemaRegistry()), config.kafka().clientProperties(), name + "-studies", "unused")) {
            publisher.send(study("site-b", name + "-1", PhantomStudySampler.reference(5).next().png())).get();
        }
        final Map<String, Object> settings = new HashMap<>(config.kafka().clientProperties());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "radshift-" + name + "-it");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, StudyEvent> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                topics.studies().valueSerde().deserializer())) {
            consumer.subscribe(List.of(name + "-studies"));
            final List<ConsumerRecord<String, StudyEvent>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return !records.isEmpty();
            });
            assertThat(records.get(0).value().getStudyId()).isEqualTo(name + "-1");
        }
    }

    @Test
    void publishSendsOverMutualTlsWithItsSecretsInFilesNotOnTheCommandLine() throws Exception {
        final Path clientConfig = Files.writeString(dir.resolve("publish-client.properties"), String.join("\n",
                "security.protocol=SSL",
                "ssl.truststore.location=" + dir.resolve("truststore.p12"),
                "ssl.truststore.password=" + STORE_PASSWORD,
                "ssl.keystore.location=" + dir.resolve("client.p12"),
                "ssl.keystore.password=" + STORE_PASSWORD, ""));
        final Path images = Files.createDirectories(dir.resolve("publish-images"));
        Files.write(images.resolve("a.png"), PhantomStudySampler.reference(6).next().png());
        final Path key = Files.write(dir.resolve("publish-key"), new byte[32]);
        kafka.createTopics(1, "publish-studies");

        final CliRun run = CliRun.of("publish", "--bootstrap", kafka.bootstrapServers("SSL"), "--registry", registry.url(),
                "--registry-user-info-file", dir.resolve("secrets/registry-user-info").toString(),
                "--kafka-config", clientConfig.toString(), "--site", "site-c", "--key-file", key.toString(),
                "--topic", "publish-studies", images.toString());

        assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
        assertThat(run.out()).contains("sent 1 studies, rejected 0");
    }

    private static void assertOpsEndpointIsLocalAndTokenProtected(final String opsUrl) throws Exception {
        assertThat(opsUrl).startsWith("http://127.0.0.1:");
        final HttpClient http = HttpClient.newHttpClient();
        final HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(opsUrl + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("radshift_");
        final HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(opsUrl + "/metrics"))
                .header("Authorization", "Bearer " + METRICS_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("radshift_studies_received_total{site=\"site-a\"}");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(opsUrl + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private static RadShiftConfig load(final String name, final String yaml, final Map<String, String> env) {
        try {
            return new ConfigLoader(env::get).load(Files.writeString(dir.resolve(name), yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StudyEvent study(final String site, final String id, final byte[] png) {
        return StudyEvent.newBuilder().setStudyId(id).setSiteId(site).setEventTime(Instant.now())
                .setImage(ByteBuffer.wrap(png)).setImageFormat(ImageFormat.PNG).build();
    }
}
