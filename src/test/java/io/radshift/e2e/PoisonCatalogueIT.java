package io.radshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.radshift.app.RadShiftApp;
import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
import io.radshift.avro.WindowSummary;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.e2e.PoisonCatalogue.Poison;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.ingest.DeadLetters;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.tools.demo.DemoReference;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.demo.model.PhantomStudySampler;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every poison of {@link PoisonCatalogue} through one running pipeline (embedded Kafka and Schema Registry, the demo
 * bundle on ONNX Runtime, the full topology): each ends on the dead-letter topic with its expected reason header
 * and is counted by reason in {@code radshift_studies_dead_lettered_total}; then good studies of another site are
 * scored and counted in their window, {@code /health} answers 200 and no stream thread died.
 */
class PoisonCatalogueIT {

    private static final String GOOD_SITE = "site-good";
    private static final int GOOD_STUDIES = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern DEAD_LETTERED = Pattern.compile("radshift_studies_dead_lettered_total\\{reason=\"([^\"]+)\",?} ([0-9.]+)");

    @TempDir
    Path dir;

    @Test
    void everyPoisonIsDeadLetteredWithItsReasonAndCountedAndTheStreamGoesOn() throws Exception {
        final ModelBundle bundle = DemoBundleBuilder.ensure(dir.resolve("bundle"));
        final ReferenceProfile profile;
        try (ImageEncoder encoder = ImageEncoder.open(bundle, InferenceOptions.cpuDefaults())) {
            profile = DemoReference.build(encoder, 150, 5L, (done, total) -> { });
        }
        final Path images = Files.createDirectories(dir.resolve("images"));
        final Path file = dir.resolve("poison.yaml");
        Files.writeString(file, """
                kafka: {applicationId: radshift-hostile-input-it, stateDir: state}
                topics: {partitions: 2}
                model: {provider: cpu, batchSize: 8, maxBatchLatency: 200ms, maxImageBytes: 200000, imageUriRoots: ["%s"]}
                windows:
                  - {name: live, type: tumbling, size: 10s, grace: 1s}
                detection: {minStudies: 5, idleTimeout: 1s}
                metrics: {port: 0}
                """.formatted(images.toUri()));
        final RadShiftConfig config = new ConfigLoader().load(file);
        final List<Poison> poisons = PoisonCatalogue.all();
        assertThat(poisons).hasSizeGreaterThanOrEqualTo(25);
        assertThat(poisons.stream().map(Poison::name).distinct()).hasSameSizeAs(poisons);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            final RadShiftConfig live = config.withEndpoints(kafka.bootstrapServers(), registry.url());
            try (RadShiftApp app = RadShiftApp.start(live, bundle, profile);
                 KafkaProducer<String, byte[]> producer = producer(kafka)) {
                final PoisonCatalogue.Context context = new PoisonCatalogue.Context(app.topics(), profile.aggregateSpec().dimension(),
                        profile.aggregateSpec().labels(), images.toUri().toString(), Instant.now());
                for (final Poison poison : poisons) {
                    final PoisonCatalogue.Bytes record = poison.record().apply(context);
                    final ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic(live, poison.input()), null,
                            context.now().toEpochMilli(), record.key(), record.value());
                    out.headers().add(PoisonCatalogue.NAME_HEADER, poison.name().getBytes(StandardCharsets.UTF_8));
                    producer.send(out);
                }
                producer.flush();

                final Map<String, String> reasons = deadLetterReasons(kafka, live, poisons.size());
                final Map<String, String> expected = new HashMap<>();
                poisons.forEach(p -> expected.put(p.name(), p.reason()));
                assertThat(reasons).containsExactlyInAnyOrderEntriesOf(expected);
                final Map<String, Long> perReason = new HashMap<>();
                poisons.forEach(p -> perReason.merge(p.reason(), 1L, Long::sum));
                final Map<String, Double> counted = deadLetterCounts(app.scrape());
                perReason.forEach((reason, n) -> assertThat(counted.getOrDefault(reason, 0.0)).as("dead letters counted as " + reason)
                        .isGreaterThanOrEqualTo(n));

                final PhantomStudySampler sampler = PhantomStudySampler.reference(9);
                final Instant goodTime = Instant.now();
                for (int i = 0; i < GOOD_STUDIES; i++) {
                    final StudyEvent study = StudyEvent.newBuilder().setStudyId("good-" + i).setSiteId(GOOD_SITE).setEventTime(goodTime)
                            .setImage(ByteBuffer.wrap(sampler.next().png())).setImageFormat(ImageFormat.PNG).build();
                    producer.send(new ProducerRecord<>(live.topics().studies(), null, goodTime.toEpochMilli(), GOOD_SITE,
                            context.study(study)));
                }
                producer.flush();
                final WindowSummary window = goodWindow(kafka, live, app);
                assertThat(window.getN()).isEqualTo(GOOD_STUDIES);
                assertThat(window.getDeadLettered()).isEmpty();
                assertThat(status(app.opsUrl() + "/health")).isEqualTo(200);
                assertThat(app.scrape()).doesNotContain("s".repeat(100)).doesNotContain("poison-");
            }
        }
    }

    private static String topic(final RadShiftConfig config, final PoisonCatalogue.Input input) {
        return switch (input) {
            case STUDIES -> config.topics().studies();
            case INFERENCES -> config.topics().inferences();
            case LABELS -> config.topics().studyLabels();
        };
    }

    /** Poison name to reason header of every dead letter, read until all {@code expected} have arrived. */
    private static Map<String, String> deadLetterReasons(final EmbeddedKafka kafka, final RadShiftConfig config, final int expected) {
        final Map<String, String> reasons = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(kafka), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(config.topics().deadLetter()));
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (reasons.size() < expected && System.nanoTime() < deadline) {
                for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    final Header name = r.headers().lastHeader(PoisonCatalogue.NAME_HEADER);
                    reasons.put(name == null ? "unnamed@" + r.offset() : new String(name.value(), StandardCharsets.UTF_8),
                            DeadLetters.reason(r.headers()));
                }
            }
        }
        return reasons;
    }

    /** The first closed window of the good site that holds studies. */
    private static WindowSummary goodWindow(final EmbeddedKafka kafka, final RadShiftConfig config, final RadShiftApp app) {
        try (KafkaConsumer<String, WindowSummary> consumer = new KafkaConsumer<>(consumerConfig(kafka), new StringDeserializer(),
                app.topics().windows().valueSerde().deserializer())) {
            consumer.subscribe(List.of(config.topics().windows()));
            final List<WindowSummary> found = new ArrayList<>();
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (GOOD_SITE.equals(r.key()) && r.value().getN() > 0) {
                        found.add(r.value());
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    private static Map<String, Double> deadLetterCounts(final String scrape) {
        final Map<String, Double> counts = new HashMap<>();
        final Matcher m = DEAD_LETTERED.matcher(scrape);
        while (m.find()) {
            counts.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return counts;
    }

    private static Map<String, Object> consumerConfig(final EmbeddedKafka kafka) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
                "hostile-input-it-" + System.nanoTime(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    private static KafkaProducer<String, byte[]> producer(final EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    private static int status(final String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
