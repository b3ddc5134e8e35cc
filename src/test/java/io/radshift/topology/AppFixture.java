package io.radshift.topology;

import static org.awaitility.Awaitility.await;

import io.radshift.app.RadShiftApp;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the topology ITs that run whole {@link RadShiftApp} instances share: the real in-process KRaft broker, the
 * embedded Schema Registry, the demo bundle and a synthetic reference profile, and configurations whose application
 * id and topics are named after a run, so that runs within one test class never share a group, a topic or a state
 * folder. One per test class, started in {@code @BeforeAll}.
 */
final class AppFixture implements AutoCloseable {

    /**
     * Kafka properties for runs that stop an instance: Streams does not leave the group on close, so a short
     * session lets the group notice the stopped instance in seconds rather than 45.
     */
    static final String SHORT_SESSION = "consumer.session.timeout.ms: '6000', consumer.heartbeat.interval.ms: '1000'";

    final EmbeddedKafka kafka;
    final EmbeddedSchemaRegistry registry;
    final ModelBundle bundle;
    final ReferenceProfile profile;
    private final Path dir;
    private final AtomicInteger files = new AtomicInteger();

    private AppFixture(final Path dir, final EmbeddedKafka kafka, final EmbeddedSchemaRegistry registry,
                       final ModelBundle bundle) {
        this.dir = dir;
        this.kafka = kafka;
        this.registry = registry;
        this.bundle = bundle;
        this.profile = new SyntheticSites(1).profile(bundle.modelId(), bundle.contentHash());
    }

    /** Starts the broker and the registry, and builds the demo bundle under {@code dir}. */
    static AppFixture start(final Path dir) throws Exception {
        final EmbeddedKafka kafka = EmbeddedKafka.start();
        final EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0);
        return new AppFixture(dir, kafka, registry, DemoBundleBuilder.ensure(dir.resolve("bundle")));
    }

    /**
     * The configuration of run {@code name}: application id {@code it-name}, topics {@code name-studies} and so on
     * with {@code partitions} partitions, the demo bundle on the CPU with one thread, metrics on a free port.
     *
     * @param kafkaProperties entries of {@code kafka.properties} in YAML flow style, or empty
     * @param windowsAndDetection the {@code windows} and {@code detection} sections, YAML
     */
    RadShiftConfig config(final String name, final int partitions, final String kafkaProperties,
                          final String windowsAndDetection) throws Exception {
        // A file per call: one run's reader may need the run's topics with other client properties.
        final Path file = dir.resolve(name + "-" + files.incrementAndGet() + ".yaml");
        Files.writeString(file, "kafka: {applicationId: it-" + name + ", properties: {" + kafkaProperties + "}}\n"
                + "topics: {partitions: " + partitions + ", studies: " + name + "-studies, studyLabels: " + name
                + "-labels, inferences: " + name + "-inferences, windows: " + name + "-windows, alerts: " + name
                + "-alerts, deadLetter: " + name + "-dlq}\n"
                + "model: {bundle: bundle, provider: cpu, intraOpThreads: 1}\n"
                + "metrics: {port: 0}\n"
                + windowsAndDetection);
        return new ConfigLoader().load(file).withEndpoints(kafka.bootstrapServers(), registry.url());
    }

    /** Starts an instance of {@code config} on a state folder of its own, named after its application and {@code instance}. */
    RadShiftApp start(final RadShiftConfig config, final String instance) throws Exception {
        return RadShiftApp.start(config.withStateDir(dir.resolve(config.kafka().applicationId() + "-" + instance)), bundle, profile);
    }

    /**
     * Waits until the instance answers /ready. Other threads' uncaught exceptions are left to the application
     * (Awaitility would fail the wait on them): a stream thread that fails is replaced by RadShift's handler, and the
     * tests judge by the outputs whether the application recovered (see {@link StreamsProtocolIT}).
     */
    static void awaitReady(final RadShiftApp app) {
        final HttpClient http = HttpClient.newHttpClient();
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).until(() -> http.send(
                HttpRequest.newBuilder(URI.create(app.opsUrl() + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    @Override
    public void close() {
        registry.close();
        kafka.close();
    }
}
