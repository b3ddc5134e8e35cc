package io.radshift.ingest.registry;

import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.throwable;

import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyInference;
import io.radshift.config.RadShiftConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client against a real {@link EmbeddedSchemaRegistry} over HTTP. */
class RestSchemaRegistryClientIT {

    private static final Schema EVENT = StudyEvent.getClassSchema();
    private static final Schema INFERENCE = StudyInference.getClassSchema();

    private EmbeddedSchemaRegistry registry;
    private SchemaRegistryClient client;

    @BeforeEach
    void startRegistry() {
        registry = EmbeddedSchemaRegistry.start(0);
        client = fastClient(registry.url()).build();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void registeredSchemaReadsBackByIdThroughAnotherClient() {
        final int id = client.register("studies-value", EVENT);
        final SchemaRegistryClient other = fastClient(registry.url()).build();
        assertThat(other.getById(id)).isEqualTo(EVENT);
        assertThat(other.latest("studies-value")).isEqualTo(new RegisteredSchema("studies-value", id, 1, EVENT));
        assertThat(other.subjects()).containsExactly("studies-value");
    }

    @Test
    void idsAreGlobalAndStableAcrossSubjects() {
        final int eventId = client.register("studies-value", EVENT);
        final int inferenceId = client.register("study-inferences-value", INFERENCE);
        final SchemaRegistryClient other = fastClient(registry.url()).build();
        assertThat(other.register("studies-replay-value", EVENT)).isEqualTo(eventId);
        assertThat(other.register("studies-value", EVENT)).as("re-registering is idempotent").isEqualTo(eventId);
        assertThat(inferenceId).isNotEqualTo(eventId);
        assertThat(other.latest("studies-value").version()).isEqualTo(1);
        assertThat(other.latest("studies-replay-value")).isEqualTo(new RegisteredSchema("studies-replay-value",
                eventId, 1, EVENT));
    }

    @Test
    void lookupFindsRegisteredVersionsAndNamesWhatIsMissing() {
        final int id = client.register("study-inferences-value", INFERENCE);
        assertThat(client.lookup("study-inferences-value", INFERENCE))
                .isEqualTo(new RegisteredSchema("study-inferences-value", id, 1, INFERENCE));
        assertThatThrownBy(() -> client.lookup("study-inferences-value", EVENT))
                .asInstanceOf(throwable(SchemaRegistryException.class))
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND))
                .hasMessage("schema io.radshift.avro.StudyEvent is not registered under subject study-inferences-value");
        assertThatThrownBy(() -> client.lookup("nope-value", EVENT))
                .asInstanceOf(throwable(SchemaRegistryException.class))
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND))
                .hasMessage("subject nope-value not found");
    }

    @Test
    void unknownIdsVersionsAndSubjectsGiveTheirErrorCodes() {
        client.register("studies-value", EVENT);
        assertThatThrownBy(() -> client.getById(42)).asInstanceOf(throwable(SchemaRegistryException.class))
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(40403))
                .satisfies(e -> assertThat(e.httpStatus()).isEqualTo(404))
                .hasMessage("schema id 42 not found");
        assertThatThrownBy(() -> client.version("studies-value", 7)).asInstanceOf(throwable(SchemaRegistryException.class))
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(40402))
                .hasMessage("version 7 of subject studies-value not found");
        assertThatThrownBy(() -> client.latest("alerts-value")).asInstanceOf(throwable(SchemaRegistryException.class))
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(40401))
                .hasMessage("subject alerts-value not found");
    }

    @Test
    void incompatibleSchemaIsRefusedWith409AndTheReason() {
        client.register("study-inferences-value", INFERENCE);
        final Schema withRequiredField = TestSchemas.withStringField(INFERENCE, "calibrationVersion", false);
        assertThat(client.testCompatibility("study-inferences-value", withRequiredField).compatible()).isFalse();
        assertThat(client.testCompatibility("study-inferences-value", withRequiredField).messages())
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("calibrationVersion");
        assertThatThrownBy(() -> client.register("study-inferences-value", withRequiredField))
                .asInstanceOf(throwable(SchemaRegistryException.class))
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(409))
                .hasMessageStartingWith("schema for subject study-inferences-value is not BACKWARD compatible: ")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("calibrationVersion");
        assertThat(client.latest("study-inferences-value").version()).isEqualTo(1);
    }

    @Test
    void compatibleEvolutionBecomesVersionTwo() {
        final int v1 = client.register("study-inferences-value", INFERENCE);
        final Schema withDefaultedField = TestSchemas.withStringField(INFERENCE, "calibrationVersion", true);
        assertThat(client.testCompatibility("study-inferences-value", withDefaultedField))
                .isEqualTo(CompatibilityResult.ok());
        final int v2 = client.register("study-inferences-value", withDefaultedField);
        assertThat(v2).isNotEqualTo(v1);
        assertThat(client.latest("study-inferences-value")).isEqualTo(
                new RegisteredSchema("study-inferences-value", v2, 2, withDefaultedField));
        assertThat(client.version("study-inferences-value", 1).id()).isEqualTo(v1);
    }

    @Test
    void compatibilityLevelsAreReadAndSetGloballyAndPerSubject() {
        assertThat(client.testCompatibility("fresh-value", EVENT)).as("no versions yet").isEqualTo(CompatibilityResult.ok());
        assertThat(client.getCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        client.register("study-inferences-value", INFERENCE);
        client.setCompatibility("study-inferences-value", CompatibilityLevel.NONE);
        assertThat(client.getCompatibility("study-inferences-value")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.getCompatibility("studies-value")).as("falls back to global").isEqualTo(CompatibilityLevel.BACKWARD);
        final Schema withRequiredField = TestSchemas.withStringField(INFERENCE, "calibrationVersion", false);
        assertThat(client.register("study-inferences-value", withRequiredField)).isPositive();

        client.setCompatibility(CompatibilityLevel.FULL);
        assertThat(client.getCompatibility()).isEqualTo(CompatibilityLevel.FULL);
        client.register("studies-value", EVENT);
        assertThatThrownBy(() -> client.register("studies-value", TestSchemas.withStringField(EVENT, "priority", false)))
                .hasMessageStartingWith("schema for subject studies-value is not FULL compatible");
    }

    @Test
    void hotPathCallsHttpOncePerDistinctSchema() {
        final long before = registry.requestCount();
        for (int i = 0; i < 50; i++) {
            final int id = client.register("studies-value", EVENT);
            assertThat(client.getById(id)).isEqualTo(EVENT);
            assertThat(client.lookup("studies-value", EVENT).id()).isEqualTo(id);
        }
        assertThat(registry.requestCount() - before).as("one register and one lookup").isEqualTo(2);

        final SchemaRegistryClient consumerSide = fastClient(registry.url()).build();
        for (int i = 0; i < 50; i++) {
            consumerSide.getById(1);
        }
        assertThat(registry.requestCount() - before).isEqualTo(3);
    }

    @Test
    void basicAuthCredentialsAreSentAndRequired() {
        try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.startWithBasicAuth(0, "radshift:s3cr:et")) {
            assertThatThrownBy(() -> fastClient(secured.url()).build().register("studies-value", EVENT))
                    .asInstanceOf(throwable(SchemaRegistryException.class))
                    .satisfies(e -> assertThat(e.httpStatus()).isEqualTo(401))
                    .hasMessageContaining("rejected the credentials");
            assertThatThrownBy(() -> fastClient(secured.url()).basicAuth("radshift:wrong").build().subjects())
                    .hasMessageContaining("rejected the credentials");

            final int id = fastClient(secured.url()).basicAuth("radshift:s3cr:et").build().register("studies-value", EVENT);
            final SchemaRegistryClient configured = RestSchemaRegistryClient.fromConfig(Map.of(
                    "schema.registry.url", secured.url(), "basic.auth.user.info", "radshift:s3cr:et"));
            assertThat(configured.getById(id)).isEqualTo(EVENT);
            final SchemaRegistryClient fromUrl = RestSchemaRegistryClient.fromConfig(Map.of(
                    "schema.registry.url", secured.url().replace("//", "//radshift:s3cr%3Aet@"),
                    "basic.auth.credentials.source", "URL"));
            assertThat(fromUrl.subjects()).containsExactly("studies-value");
            final SchemaRegistryClient ofDeployment = RestSchemaRegistryClient.of(
                    new RadShiftConfig.Registry(secured.url(), io.radshift.config.Secret.ofValue("radshift:s3cr:et", "this test"), null));
            assertThat(ofDeployment.getById(id)).isEqualTo(EVENT);
            assertThatThrownBy(() -> RestSchemaRegistryClient.of(new RadShiftConfig.Registry(secured.url(), null, null)).subjects())
                    .hasMessageContaining("rejected the credentials");
        }
    }

    @Test
    void sendsConfluentHeadersAndBasicAuthOnTheWire() {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(registry.url(), 0)) {
            fastClient(proxy.url()).basicAuth("user:pw").build().register("studies-value", EVENT);
            final FaultInjectingProxy.Seen request = proxy.seen().get(0);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/subjects/studies-value/versions");
            assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
            assertThat(request.header("Accept")).isEqualTo("application/vnd.schemaregistry.v1+json,"
                    + " application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5");
            assertThat(request.header("Authorization")).isEqualTo("Basic dXNlcjpwdw==");
        }
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheRegistryAnswers() {
        final int id = client.register("studies-value", EVENT);
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(registry.url(), 2)) {
            final SchemaRegistryClient retrying = fastClient(proxy.url()).maxAttempts(3).build();
            assertThat(retrying.getById(id)).isEqualTo(EVENT);
            assertThat(proxy.seen()).hasSize(3);
        }
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(registry.url(), 2)) {
            assertThatThrownBy(() -> fastClient(proxy.url()).maxAttempts(2).build().getById(id))
                    .asInstanceOf(throwable(SchemaRegistryException.class))
                    .satisfies(e -> assertThat(e.httpStatus()).isEqualTo(503))
                    .hasMessageContaining("HTTP 503").hasMessageContaining("registry overloaded")
                    .hasMessageEndingWith("after 2 attempts");
        }
    }

    @Test
    void clientErrorsAreNotRetried() {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(registry.url(), 0)) {
            assertThatThrownBy(() -> fastClient(proxy.url()).maxAttempts(5).build().getById(42))
                    .hasMessage("schema id 42 not found");
            assertThat(proxy.seen()).hasSize(1);
        }
    }

    @Test
    void deadRegistryIsReportedUnreachableAfterTheConfiguredAttemptsQuickly() throws IOException {
        final String deadUrl = "http://127.0.0.1:" + freePort();
        final long start = System.nanoTime();
        assertThatThrownBy(() -> fastClient(deadUrl).maxAttempts(3).build().getById(1))
                .asInstanceOf(throwable(SchemaRegistryException.class))
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.UNREACHABLE))
                .hasMessageStartingWith("schema registry at " + deadUrl + " unreachable: ")
                .hasMessageContaining("3 attempts");
        final Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(elapsed).as("waited 20 + 40 ms between attempts").isGreaterThanOrEqualTo(Duration.ofMillis(60))
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void failsOverToTheNextUrlOfAList() throws IOException {
        final int id = client.register("studies-value", EVENT);
        final SchemaRegistryClient failover = fastClient("http://127.0.0.1:" + freePort() + "," + registry.url())
                .maxAttempts(2).build();
        assertThat(failover.getById(id)).isEqualTo(EVENT);
    }

    @Test
    void concurrentRegistrationsFromManyClientsAgreeOnIdsAndVersions() throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            final List<Callable<List<Integer>>> tasks = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                final String subject = "site-" + thread % 4 + "-value";
                tasks.add(() -> {
                    final SchemaRegistryClient own = fastClient(registry.url()).build();
                    return List.of(own.register(subject, EVENT), own.register("inferences-value", INFERENCE));
                });
            }
            final Set<List<Integer>> distinctAnswers = new HashSet<>();
            for (final Future<List<Integer>> answer : pool.invokeAll(tasks)) {
                distinctAnswers.add(answer.get());
            }
            assertThat(distinctAnswers).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        for (final String subject : client.subjects()) {
            assertThat(client.latest(subject).version()).as(subject).isEqualTo(1);
        }
        assertThat(client.subjects()).hasSize(5);
    }

    private static RestSchemaRegistryClient.Builder fastClient(final String url) {
        return RestSchemaRegistryClient.builder(url).baseBackoff(Duration.ofMillis(20))
                .requestTimeout(Duration.ofSeconds(5));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
