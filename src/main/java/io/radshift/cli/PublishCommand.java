package io.radshift.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.radshift.avro.StudyEvent;
import io.radshift.config.RadShiftConfig;
import io.radshift.data.Manifest;
import io.radshift.ingest.ImageStudies;
import io.radshift.ingest.Pseudonymizer;
import io.radshift.ingest.StudyPublisher;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code radshift publish}: the hospital side. Reads image files (a folder or manifest rows), replaces their
 * names with keyed-hash study ids, and sends them as {@link StudyEvent}s to Kafka (Avro, Confluent wire format),
 * keyed by site. The key stays at the hospital; file names are never printed, only counts.
 */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publish image studies (PNG, JPEG, DICOM) from a hospital to the studies topic: each file becomes "
            + "one study event with a pseudonymous study id (HMAC-SHA-256 of its path under the hospital's key), the "
            + "image inline, and view/sex/age_group metadata from manifest columns where present. Images are "
            + "de-identified first: DICOM is rebuilt from its pixels with pseudonymous UIDs (no header text leaves the "
            + "hospital), PNG and JPEG lose text chunks, EXIF and comments. Files that are too large, unreadable, not "
            + "an image, or DICOM that cannot be de-identified or is flagged with burned-in text, are counted and left "
            + "out; the run goes on.",
            "",
            "The key comes from --key-file or the environment variable " + PseudonymKey.ENV + "; it never leaves "
                + "the hospital, and the same key must be used when labels are published later.",
            "",
            "Secrets never go on the command line: Kafka security settings with passwords go in --kafka-config FILE, "
                + "Schema Registry credentials in --registry-user-info-file FILE or " + RegistryUserInfo.ENV + ".",
            "",
            "Example: radshift publish --bootstrap kafka:9092 --registry http://registry:8081 --site hospital-a "
                + "--manifest cxr/manifest.csv --where source=kermany --where split=test --rate 20"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every readable image sent and acknowledged (rejected files are reported, not an error)",
            "2:bad arguments, no key, no input files, broker or registry unreachable"})
public final class PublishCommand implements Callable<Integer> {

    /** Defaults that make an unreachable broker fail in about 30 s instead of minutes; --kafka-property wins. */
    private static final Map<String, String> TIMEOUTS = Map.of(
        ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000",
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000",
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");

    private static final Logger NETWORK_LOG = (Logger) LoggerFactory.getLogger(NetworkClient.class);

    /** Event times of a replayed archive: study i at start + i * interval. */
    static final class Replay {
        @Option(names = "--start", paramLabel = "ISO-INSTANT", required = true,
                description = "Event time of the first study, e.g. 2026-03-02T08:00:00Z (with --interval).")
        private Instant start;

        @Option(names = "--interval", paramLabel = "DURATION", required = true,
                description = "Event-time step between studies, ISO-8601, e.g. PT10M (with --start).")
        private Duration interval;
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true, description = "Kafka bootstrap servers.")
    private String bootstrap;

    @Option(names = "--registry", paramLabel = "URL", required = true, description = "Schema Registry URL(s), comma-separated.")
    private String registryUrl;

    @Option(names = "--site", paramLabel = "SITE", required = true,
            description = "Site id of this hospital: the record key and the prefix of every study id.")
    private String site;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "Folder of images, read recursively in path order (hidden files skipped).")
    private Path directory;

    @Option(names = "--manifest", paramLabel = "CSV",
            description = "CSV manifest with a 'file' column relative to its folder; view, sex and age_group columns "
                + "become acquisition metadata.")
    private Path manifest;

    @Option(names = "--where", paramLabel = "COLUMN=VALUE",
            description = "With --manifest: keep rows whose COLUMN equals VALUE (VALUE may be a|b); repeatable.")
    private List<String> where = new ArrayList<>();

    @Option(names = "--rate", paramLabel = "N", description = "At most N studies per second (default: unlimited).")
    private Double rate;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "Pseudonymisation key, raw bytes (at least 16); default: the " + PseudonymKey.ENV
                + " environment variable (text, at least 16 characters).")
    private Path keyFile;

    @ArgGroup(exclusive = false, multiplicity = "0..1")
    private Replay replay;

    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = "studies",
            description = "Topic of the study events (default: ${DEFAULT-VALUE}).")
    private String topic;

    @Option(names = "--max-image-bytes", paramLabel = "N", defaultValue = "33554432",
            description = "Larger files are rejected as too-large (default: ${DEFAULT-VALUE}).")
    private long maxImageBytes;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Producer settings as a Java properties file, e.g. security.protocol=SSL and the "
                + "ssl.keystore.* / sasl.jaas.config settings with their passwords (keep it readable only by you).")
    private Path kafkaConfig;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Extra producer setting without a secret (timeouts, security.protocol), repeatable, wins over "
                + "--kafka-config; defaults here: max.block.ms=30000, request.timeout.ms=15000, delivery.timeout.ms=30000.")
    private Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--registry-user-info-file", paramLabel = "FILE",
            description = "File holding the Schema Registry's basic-auth credentials, user:password; default: the "
                + RegistryUserInfo.ENV + " environment variable.")
    private Path registryUserInfoFile;

    /** The old option took the password on the command line: refused with the way to give it instead. */
    @Option(names = "--registry-user-info", hidden = true, paramLabel = "USER:PASSWORD")
    void refuseRegistryUserInfo(final String ignored) {
        throw new CommandLine.ParameterException(spec.commandLine(), RegistryUserInfo.ON_COMMAND_LINE);
    }

    @Override
    public Integer call() throws Exception {
        final List<Input> inputs = inputs();
        final Pseudonymizer pseudonymizer = new Pseudonymizer(PseudonymKey.resolve(Optional.ofNullable(keyFile), System::getenv));
        final ImageStudies studies = new ImageStudies(site, pseudonymizer, maxImageBytes);
        final Optional<Pacer> pacer = Optional.ofNullable(rate).map(Pacer::perSecond);
        final PublishSummary summary = new PublishSummary();
        final long startNanos = System.nanoTime();
        final Level networkLogLevel = NETWORK_LOG.getLevel();
        // The command reports an unreachable broker in one line; Kafka's per-retry connection warnings would bury it.
        NETWORK_LOG.setLevel(Level.ERROR);
        // publish sends no labels: the labels topic name is never written to.
        try (StudyPublisher publisher = new StudyPublisher(bootstrap, registry(), producerProperties(), topic, topic + "-labels")) {
            final List<Future<RecordMetadata>> pending = send(inputs, studies, publisher, pacer, summary);
            publisher.flush();
            for (Future<RecordMetadata> ack : pending) {
                count(ack, summary);
            }
        } finally {
            NETWORK_LOG.setLevel(networkLogLevel);
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.println(summary.line(Duration.ofNanos(System.nanoTime() - startNanos)));
        out.flush();
        return 0;
    }

    /** One file to publish, with its manifest row when it came from a manifest. */
    private record Input(Path file, Optional<Manifest.Row> row) {
    }

    private List<Future<RecordMetadata>> send(final List<Input> inputs, final ImageStudies studies, final StudyPublisher publisher,
                                              final Optional<Pacer> pacer, final PublishSummary summary) throws Exception {
        final ProgressBar bar = ProgressBar.onStderr("publishing", spec.commandLine().getErr());
        final List<Future<RecordMetadata>> pending = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            final Input input = inputs.get(i);
            try {
                final StudyEvent event = studies.event(input.file(), eventTime(i), input.row());
                if (pacer.isPresent()) {
                    pacer.get().acquire();
                }
                final Future<RecordMetadata> ack = publisher.send(event);
                if (ack.isDone()) {
                    count(ack, summary); // a broker that cannot be reached fails here, after max.block.ms, not per file
                } else {
                    pending.add(ack);
                }
            } catch (ImageStudies.Rejected rejected) {
                // The message names the file: only the reason is kept.
                summary.rejected(rejected.reason());
            }
            bar.update(i + 1, inputs.size());
        }
        return pending;
    }

    private Instant eventTime(final int index) {
        if (replay == null) {
            return Clock.systemUTC().instant();
        }
        return replay.start.plus(replay.interval.multipliedBy(index));
    }

    /**
     * Counts an acknowledged study, or a study too large for the producer or broker as rejected; any other failure
     * (broker or registry unreachable, not authorised) ends the run with one line.
     */
    private void count(final Future<RecordMetadata> ack, final PublishSummary summary) throws InterruptedException {
        try {
            ack.get();
            summary.sent();
        } catch (ExecutionException e) {
            final Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RecordTooLargeException) {
                summary.rejected("too-large-for-kafka");
                return;
            }
            throw new IllegalStateException("could not publish to Kafka at " + bootstrap + " (topic " + topic + "): "
                + cause.getMessage(), cause);
        }
    }

    private RestSchemaRegistryClient registry() {
        return RestSchemaRegistryClient.of(new RadShiftConfig.Registry(registryUrl,
            RegistryUserInfo.resolve(Optional.ofNullable(registryUserInfoFile), System::getenv).orElse(null), null));
    }

    /** The timeout defaults, then --kafka-config, then --kafka-property (which may carry no secret). */
    private Map<String, String> producerProperties() throws IOException {
        final Map<String, String> properties = new HashMap<>(TIMEOUTS);
        if (kafkaConfig != null) {
            properties.putAll(KafkaConfigFile.read(kafkaConfig));
        }
        kafkaProperties.keySet().stream().filter(KafkaConfigFile::secret).findFirst().ifPresent(key -> {
            throw new CommandLine.ParameterException(spec.commandLine(), "--kafka-property " + key + " would put a secret "
                + "on the command line, where the process list and shell history show it: put it in --kafka-config FILE");
        });
        properties.putAll(kafkaProperties);
        return properties;
    }

    private List<Input> inputs() throws IOException {
        if ((directory == null) == (manifest == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give exactly one of DIR or --manifest CSV");
        }
        if (replay != null && replay.interval.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval must not be negative");
        }
        if (directory != null && !where.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--where needs --manifest, not DIR");
        }
        final List<Input> inputs = directory != null ? filesUnder(directory)
            : Manifest.read(manifest).where(where).stream().map(row -> new Input(row.file(), Optional.of(row))).toList();
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException(directory != null ? "no files under " + directory
                : "no manifest rows match " + String.join(" and ", where));
        }
        return inputs;
    }

    private static List<Input> filesUnder(final Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("not a directory: " + directory);
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                .filter(file -> !hidden(directory.relativize(file)))
                .sorted()
                .map(file -> new Input(file, Optional.empty()))
                .toList();
        }
    }

    /** Whether any part of the path is hidden (.DS_Store, .git/...): not studies, and not worth a rejection. */
    private static boolean hidden(final Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
