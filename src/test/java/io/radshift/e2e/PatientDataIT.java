package io.radshift.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.radshift.app.RadShiftApp;
import io.radshift.cli.CliRun;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.ingest.deid.DicomDeidentifier;
import io.radshift.ingest.deid.MarkedDicom;
import io.radshift.ingest.deid.MarkedImages;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.tools.demo.DemoReference;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.demo.model.PhantomGenerator;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Patient data never leaves the hospital through {@code radshift publish}: DICOM files whose every patient, study,
 * physician, institution and private element carries a marker ({@link MarkedDicom}), and a PNG and a JPEG with
 * marked text chunks, EXIF and comments ({@link MarkedImages}), are published by the real command into a running
 * pipeline (in-process broker and registry, the demo bundle on ONNX Runtime, the full topology); one DICOM file has
 * truncated pixels and goes to the dead-letter topic, one says its pixels carry burned-in text and is refused at
 * the hospital. Then every topic, internal changelog and repartition topics included, is read as
 * raw bytes, and every log event, the {@code /metrics} scrape, the publish command's output and the state directory
 * are searched: no marker, original UID or date may appear anywhere.
 */
class PatientDataIT {

    private static final String SITE = "hospital-m";
    /** Studies that decode: DICOM files and one PNG and one JPEG. */
    private static final int STUDIES = 12;
    /** What must appear nowhere: the markers' prefix, the original UIDs' root, the birth and study dates. */
    private static final List<String> FORBIDDEN = List.of(MarkedDicom.MARKER, MarkedDicom.UID_ROOT,
            MarkedDicom.BIRTH_DATE, MarkedDicom.STUDY_DATE, "ward-7");

    @TempDir
    Path dir;

    @Test
    void noMarkedHeaderTextReachesATopicALogLineAMetricOrTheCommandOutput() throws Exception {
        final Path archive = markedArchive();
        final ModelBundle bundle = DemoBundleBuilder.ensure(dir.resolve("bundle"));
        final ReferenceProfile profile;
        try (ImageEncoder encoder = ImageEncoder.open(bundle, InferenceOptions.cpuDefaults())) {
            profile = DemoReference.build(encoder, 120, 5L, (done, total) -> { });
        }
        final RadShiftConfig config = config();
        final CapturedLogs logs = CapturedLogs.attach();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            final RadShiftConfig live = config.withEndpoints(kafka.bootstrapServers(), registry.url());
            final String scrape;
            final Map<String, List<byte[]>> topics;
            final CliRun published;
            try (RadShiftApp app = RadShiftApp.start(live, bundle, profile)) {
                published = publish(kafka, registry, archive);
                assertThat(published.exitCode()).as(published.err()).isZero();
                assertThat(published.out()).contains("sent " + (STUDIES + 1) + " studies, rejected 1 (burned-in-annotation: 1)");
                await().atMost(Duration.ofSeconds(120)).until(() -> app.scrape().contains(
                        "radshift_windows_evaluated_total{site=\"" + SITE + "\"")
                        && app.scrape().contains("radshift_studies_scored_total{site=\"" + SITE + "\"} " + STUDIES + ".0")
                        && app.scrape().contains("radshift_studies_dead_lettered_total{reason=\"corrupt-image\"} 1.0"));
                scrape = get(app.opsUrl() + "/metrics");
            } finally {
                logs.stop();
            }
            topics = readEveryTopic(kafka);

            assertEvidenceWasCaptured(topics, scrape, logs);
            final Map<String, String> leaks = new TreeMap<>();
            topics.forEach((topic, records) -> records.forEach(bytes -> find(bytes, "topic " + topic, leaks)));
            find(scrape.getBytes(StandardCharsets.UTF_8), "/metrics", leaks);
            logs.lines().forEach(line -> find(line.getBytes(StandardCharsets.UTF_8), "log line", leaks));
            find((published.out() + "\n" + published.err()).getBytes(StandardCharsets.UTF_8), "publish output", leaks);
            stateFiles().forEach(file -> find(read(file), "state file " + dir.relativize(file), leaks));
            assertThat(leaks).as("where patient data was found").isEmpty();
        }
    }

    /**
     * The searches above prove something only if they saw the data: the de-identified images in the studies topic,
     * the truncated one in the dead-letter topic with its reason, windows and inferences of the site, its series in
     * the scrape, and the pipeline's own warning about the dead-lettered study in the captured logs.
     */
    private static void assertEvidenceWasCaptured(final Map<String, List<byte[]>> topics, final String scrape,
                                                  final CapturedLogs logs) {
        assertThat(topics.get("studies")).hasSize(STUDIES + 1)
                .filteredOn(value -> contains(value, DicomDeidentifier.METHOD)).hasSize(STUDIES - 1);
        assertThat(topics.get("radshift-dead-letter")).anySatisfy(value -> assertThat(contains(value, "corrupt-image")).isTrue());
        assertThat(topics.get("study-inferences")).hasSizeGreaterThanOrEqualTo(STUDIES);
        assertThat(topics.get("drift-windows")).isNotEmpty();
        assertThat(topics.keySet()).anyMatch(t -> t.endsWith("-changelog"));
        assertThat(scrape).contains("radshift_studies_scored_total{site=\"" + SITE + "\"} " + STUDIES + ".0")
                .contains("radshift_studies_dead_lettered_total{reason=\"corrupt-image\"} 1.0");
        assertThat(logs.lines()).anyMatch(line -> line.contains("Dead-lettering a study of site " + SITE));
    }

    /**
     * Marked DICOM files (one with truncated pixels, one with burned-in text) and a PNG and a JPEG with marked text
     * chunks, EXIF and comments, in a ward folder.
     */
    private Path markedArchive() throws IOException {
        final Path ward = Files.createDirectories(dir.resolve("archive/ward-7"));
        for (int i = 0; i < STUDIES - 2; i++) {
            Files.write(ward.resolve("patient-" + i + ".dcm"), new MarkedDicom(i).bytes());
        }
        final byte[] png = new PhantomGenerator().png(Set.of("No Finding"), new PhantomGenerator.Acquisition(128, 1.0, 1.0, 0.01, 0.7), 3);
        Files.write(ward.resolve("patient-png.png"), MarkedImages.png(png));
        final ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(ImageIO.read(new ByteArrayInputStream(png)), "jpeg", jpeg);
        Files.write(ward.resolve("patient-jpeg.jpg"), MarkedImages.jpeg(jpeg.toByteArray()));
        Files.write(ward.resolve("patient-truncated.dcm"), new MarkedDicom(100).truncatedPixels().bytes());
        Files.write(ward.resolve("patient-burned-in.dcm"), new MarkedDicom(101).burnedIn("YES").bytes());
        return dir.resolve("archive");
    }

    private CliRun publish(final EmbeddedKafka kafka, final EmbeddedSchemaRegistry registry, final Path archive)
            throws IOException {
        final Path key = Files.writeString(dir.resolve("hospital.key"), "patient-data-it-key-0123456789");
        return CliRun.of("publish", "--bootstrap", kafka.bootstrapServers(), "--registry", registry.url(),
                "--site", SITE, "--key-file", key.toString(), archive.toString());
    }

    /** Every record of every topic, internal ones included, as raw key, value and header bytes, committed or not. */
    private static Map<String, List<byte[]>> readEveryTopic(final EmbeddedKafka kafka) throws Exception {
        final Set<String> names;
        try (Admin admin = kafka.admin()) {
            names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        }
        final Map<String, List<byte[]>> records = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (String name : names) {
                records.put(name, new ArrayList<>());
                consumer.partitionsFor(name).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records.get(record.topic()).add(raw(record));
                }
            }
            assertThat(ends.entrySet()).as("every partition read to its end")
                    .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        }
        return records;
    }

    /** Key, value and every header of a record, concatenated. */
    private static byte[] raw(final ConsumerRecord<byte[], byte[]> record) {
        final StringBuilder headers = new StringBuilder();
        for (Header header : record.headers()) {
            headers.append(header.key()).append('=').append(new String(header.value(), StandardCharsets.ISO_8859_1)).append('\n');
        }
        final byte[] key = record.key() == null ? new byte[0] : record.key();
        final byte[] value = record.value() == null ? new byte[0] : record.value();
        final byte[] head = headers.toString().getBytes(StandardCharsets.ISO_8859_1);
        final byte[] all = new byte[key.length + value.length + head.length];
        System.arraycopy(key, 0, all, 0, key.length);
        System.arraycopy(value, 0, all, key.length, value.length);
        System.arraycopy(head, 0, all, key.length + value.length, head.length);
        return all;
    }

    private static void find(final byte[] bytes, final String where, final Map<String, String> leaks) {
        for (String forbidden : FORBIDDEN) {
            if (contains(bytes, forbidden)) {
                leaks.merge(where, forbidden, (a, b) -> a.contains(b) ? a : a + ", " + b);
            }
        }
    }

    private static boolean contains(final byte[] bytes, final String text) {
        return new String(bytes, StandardCharsets.ISO_8859_1).contains(text);
    }

    /** The files of the Kafka Streams state directory (RocksDB stores, checkpoints). */
    private List<Path> stateFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static byte[] read(final Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0]; // a RocksDB file removed by compaction while walking
        }
    }

    private RadShiftConfig config() throws IOException {
        final Path file = dir.resolve("patient.yaml");
        Files.writeString(file, """
                kafka: {applicationId: radshift-patient-it, stateDir: state}
                topics: {partitions: 2}
                model: {provider: cpu, batchSize: 8, maxBatchLatency: 200ms}
                windows:
                  - {name: live, type: tumbling, size: 10s, grace: 1s}
                detection: {minStudies: 5, idleTimeout: 1s}
                metrics: {port: 0}
                """);
        return new ConfigLoader().load(file);
    }

    private static String get(final String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Every log event of the process while it runs, formatted with its stack trace; RadShift's own at DEBUG. */
    private static final class CapturedLogs extends AppenderBase<ILoggingEvent> {
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final Logger radshift = (Logger) LoggerFactory.getLogger("io.radshift");
        private Level radshiftLevel;

        static CapturedLogs attach() {
            final CapturedLogs logs = new CapturedLogs();
            logs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
            logs.radshiftLevel = logs.radshift.getLevel();
            logs.radshift.setLevel(Level.DEBUG);
            logs.root.addAppender(logs);
            logs.start();
            return logs;
        }

        @Override
        protected void append(final ILoggingEvent event) {
            final String trace = event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
            lines.add(event.getLoggerName() + " " + event.getFormattedMessage() + trace);
        }

        List<String> lines() {
            return lines;
        }

        @Override
        public void stop() {
            root.detachAppender(this);
            radshift.setLevel(radshiftLevel);
            super.stop();
        }
    }
}
