package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.demo.model.PhantomGenerator;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.ingest.serde.ConfluentAvroDeserializer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code radshift publish} against a real in-process broker and Schema Registry. */
class PublishCommandIT {

    private static final String SITE = "hospital-a";
    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    private static final PhantomGenerator PHANTOMS = new PhantomGenerator();

    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrokerAndRegistry() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(1, "studies", "studies-same-key", "studies-other-key", "studies-manifest",
            "studies-no-registry");
        registry = EmbeddedSchemaRegistry.start(0);
    }

    @AfterAll
    static void stop() {
        registry.close();
        kafka.close();
    }

    @Test
    void publishesEveryImageUnderPseudonymsAtReplayTimesAndCountsTheRejectedFile() throws IOException {
        final Path images = archive();
        final Path key = keyFile("key-one", "0123456789abcdef-one");

        final CliRun run = publish(images, key, "studies", "--start", START.toString(), "--interval", "PT10M");

        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<ConsumerRecord<String, StudyEvent>> records = consume("studies", 3);
        assertThat(records).hasSize(3).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(SITE);
            assertThat(r.value().getSiteId()).isEqualTo(SITE);
            assertThat(r.value().getImageFormat()).isEqualTo(ImageFormat.PNG);
            assertThat(r.value().getStudyId()).matches(SITE + "-[0-9a-f]{24}").doesNotContain("person");
            assertThat(r.timestamp()).isEqualTo(r.value().getEventTime().toEpochMilli());
        });
        // Files in path order; study i is at START + i * 10 min, and the corrupt third file keeps its slot.
        assertThat(records.stream().map(r -> r.value().getEventTime()).toList())
            .containsExactly(START, START.plus(Duration.ofMinutes(10)), START.plus(Duration.ofMinutes(30)));
        assertThat(run.out()).contains("sent 3 studies, rejected 1 (unsupported-format: 1)")
            .doesNotContain("person").doesNotContain(SITE + "-");
        assertThat(run.err()).doesNotContain("person");
    }

    @Test
    void studyIdsAreStableUnderOneKeyAndDifferUnderAnother() throws IOException {
        final Path images = archive();
        assertThat(publish(images, keyFile("key-one", "0123456789abcdef-one"), "studies-same-key").exitCode())
            .isZero();
        assertThat(publish(images, keyFile("key-one-again", "0123456789abcdef-one"), "studies-same-key").exitCode())
            .isZero();
        assertThat(publish(images, keyFile("key-two", "0123456789abcdef-two"), "studies-other-key").exitCode())
            .isZero();

        final List<String> sameKey = studyIds(consume("studies-same-key", 6));
        final List<String> otherKey = studyIds(consume("studies-other-key", 3));
        assertThat(sameKey.subList(0, 3)).containsExactlyElementsOf(sameKey.subList(3, 6)).doesNotHaveDuplicates();
        assertThat(otherKey).hasSize(3).doesNotContainAnyElementsOf(sameKey);
    }

    @Test
    void manifestRowsSelectedByWhereCarryTheirMetadata() throws IOException {
        final Path images = archive();
        final Path csv = dir.resolve("manifest.csv");
        Files.writeString(csv, String.join("\n",
            "file,view,sex,age_group",
            "archive/ward-1/person12_bacteria_45.png,PA,f,40-59",
            "archive/ward-1/person13_virus_46.png,AP,m,60-79",
            "archive/ward-2/person14_normal_47.png,PA,m,18-39", ""));
        assertThat(images).isEqualTo(dir.resolve("archive"));

        final CliRun run = CliRun.of("publish", "--bootstrap", kafka.bootstrapServers(), "--registry", registry.url(),
            "--site", SITE, "--key-file", keyFile("key-m", "0123456789abcdef-man").toString(),
            "--manifest", csv.toString(), "--where", "view=PA", "--topic", "studies-manifest");

        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<StudyEvent> events = consume("studies-manifest", 2).stream().map(ConsumerRecord::value).toList();
        assertThat(events).extracting(e -> e.getMetadata().getViewPosition()).containsExactly("PA", "PA");
        assertThat(events).extracting(e -> e.getMetadata().getSex()).containsExactly("F", "M");
        assertThat(events).extracting(e -> e.getMetadata().getPatientAgeBand()).containsExactly("40-59", "18-39");
        assertThat(run.out()).contains("sent 2 studies, rejected 0,");
    }

    @Test
    void imagesOverTheTopicsMessageLimitAreCountedAsRejectedAndTheRunGoesOn() throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic("studies-small", 1, (short) 1)
                .configs(java.util.Map.of("max.message.bytes", "2000")))).all().get();
        }
        final Path images = dir.resolve("mixed");
        Files.createDirectories(images);
        Files.write(images.resolve("a-small.png"), phantom(16, 4));
        Files.write(images.resolve("b-large.png"), phantom(128, 5));
        Files.write(images.resolve("c-small.png"), phantom(16, 6));
        assertThat(Files.size(images.resolve("b-large.png"))).isGreaterThan(2000);
        assertThat(Files.size(images.resolve("a-small.png"))).isLessThan(1500);

        final CliRun run = publish(images, keyFile("key-s", "0123456789abcdef-sml"), "studies-small");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(consume("studies-small", 2)).hasSize(2);
        assertThat(run.out()).contains("sent 2 studies, rejected 1 (too-large-for-kafka: 1)");
    }

    @Test
    void refusesToRunWithoutAKey() throws IOException {
        assumeTrue(System.getenv(PseudonymKey.ENV) == null, PseudonymKey.ENV + " is set in this environment");
        final CliRun run = CliRun.of("publish", "--bootstrap", kafka.bootstrapServers(), "--registry", registry.url(),
            "--site", SITE, archive().toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no pseudonymisation key", "--key-file", PseudonymKey.ENV,
            "never leaves the hospital").hasLineCount(1);
    }

    @Test
    void anUnreachableBrokerEndsTheRunWithOneLineWithinTheTimeout() throws IOException {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        final long start = System.nanoTime();

        final CliRun run = CliRun.of("publish", "--bootstrap", "localhost:" + closedPort, "--registry",
            registry.url(), "--site", SITE, "--key-file", keyFile("key-u", "0123456789abcdef-unr").toString(),
            "--kafka-property", "max.block.ms=3000", archive().toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(run.err()).contains("could not publish to Kafka at localhost:" + closedPort)
            .doesNotContain("person");
        assertThat(run.err().lines().filter(l -> l.startsWith("radshift publish:")).count()).isEqualTo(1);
    }

    @Test
    void anUnreachableRegistryEndsTheRunWithOneLine() throws IOException {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        final CliRun run = CliRun.of("publish", "--bootstrap", kafka.bootstrapServers(), "--registry",
            "http://localhost:" + closedPort, "--site", SITE, "--key-file",
            keyFile("key-r", "0123456789abcdef-reg").toString(), "--topic", "studies-no-registry", archive().toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().filter(l -> l.startsWith("radshift publish:")).toList())
            .singleElement().asString().contains("localhost:" + closedPort);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void helpListsTheOptions() {
        final CliRun run = CliRun.of("publish", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: radshift publish", "--bootstrap", "--registry", "--site",
            "--manifest", "--where", "--rate", "--key-file", "--start", "--interval", "--topic", "--max-image-bytes",
            "--kafka-property", "--kafka-config", "--registry-user-info-file", PseudonymKey.ENV, "Exit codes");
    }

    /** Three phantom PNGs in two sub-folders plus a corrupt file; names carry patient numbers as real archives do. */
    private Path archive() throws IOException {
        final Path archive = dir.resolve("archive");
        if (Files.isDirectory(archive)) {
            return archive;
        }
        Files.createDirectories(archive.resolve("ward-1"));
        Files.createDirectories(archive.resolve("ward-2"));
        Files.write(archive.resolve("ward-1/person12_bacteria_45.png"), phantom(1));
        Files.write(archive.resolve("ward-1/person13_virus_46.png"), phantom(2));
        Files.writeString(archive.resolve("ward-1/person15_corrupt.png"), "not an image", StandardCharsets.UTF_8);
        Files.write(archive.resolve("ward-2/person14_normal_47.png"), phantom(3));
        Files.writeString(archive.resolve(".DS_Store"), "hidden files are skipped", StandardCharsets.UTF_8);
        return archive;
    }

    private static byte[] phantom(final long seed) {
        return phantom(64, seed);
    }

    private static byte[] phantom(final int size, final long seed) {
        return PHANTOMS.png(Set.of("No Finding"), new PhantomGenerator.Acquisition(size, 1.0, 1.0, 0.01, 0.7), seed);
    }

    private Path keyFile(final String name, final String key) throws IOException {
        return Files.writeString(dir.resolve(name), key, StandardCharsets.UTF_8);
    }

    private static CliRun publish(final Path images, final Path key, final String topic, final String... more) {
        final List<String> args = new ArrayList<>(List.of("publish", "--bootstrap", kafka.bootstrapServers(),
            "--registry", registry.url(), "--site", SITE, "--key-file", key.toString(), "--topic", topic,
            images.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args);
    }

    private static List<String> studyIds(final List<ConsumerRecord<String, StudyEvent>> records) {
        return records.stream().map(r -> r.value().getStudyId().toString()).collect(Collectors.toList());
    }

    /** Reads {@code expected} records in offset order, failing if they do not arrive within 30 s. */
    private static List<ConsumerRecord<String, StudyEvent>> consume(final String topic, final int expected) {
        final List<ConsumerRecord<String, StudyEvent>> records = new ArrayList<>();
        try (KafkaConsumer<String, StudyEvent> consumer = new KafkaConsumer<>(java.util.Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "publish-it-" + topic + "-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new ConfluentAvroDeserializer<>(RestSchemaRegistryClient.builder(registry.url()).build(), StudyEvent.class))) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // A short extra poll: more records than expected would mean a rejected file was sent.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        records.sort(Comparator.comparingLong(ConsumerRecord::offset));
        return records;
    }
}
