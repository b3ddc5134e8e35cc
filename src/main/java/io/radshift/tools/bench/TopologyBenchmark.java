package io.radshift.tools.bench;

import io.radshift.app.RadShiftApp;
import io.radshift.app.TopicAdmin;
import io.radshift.avro.StudyInference;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.Observation;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import io.radshift.tools.demo.model.PhantomStudySampler;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.topics.Topic;
import io.radshift.topics.Topics;
import io.radshift.topology.MonitoringStage;
import io.radshift.topology.StreamsSettings;
import io.radshift.window.StudyObservations;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Throughput of RadShift's monitoring stage (windows, detector, alert lifecycle) against a pass-through Kafka
 * Streams application on the same in-process broker, the same pre-published data and the same Streams settings,
 * in the same run (issue 14, item 2).
 *
 * <p>K pre-scored {@code StudyInference} records (phantom studies scored once by the bundle, resampled) are
 * published to {@code study-inferences} in event-time order across several sites, spread over enough days that
 * the configured windows close. Then, one after the other:
 * <ol>
 *   <li><b>pass-through</b>: a Kafka Streams application with {@link StreamsSettings#properties} (exactly_once_v2,
 *       the same commit interval and thread count) that reads {@code study-inferences} with the serdes of
 *       {@link Topics}, deserializes every value and writes it, re-serialized, to a scratch topic;</li>
 *   <li><b>radshift</b>: the real {@link RadShiftApp} (the whole topology; its inference stage gets no studies).</li>
 * </ol>
 * Each is timed from its start to the moment its consumer group's committed offsets on {@code study-inferences}
 * reach the end offsets (lag 0): start-up and the first rebalance count for both. Committed offsets move only at
 * an exactly-once commit, so both times are rounded up to a commit interval alike.
 */
public final class TopologyBenchmark {

    /** Phantom studies in the reference profile and in the pool the stream resamples. */
    private static final int POOL = 600;
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    /**
     * @param records      records to publish and process (K)
     * @param sites        sites sharing them evenly
     * @param days         event-time span they are spread over
     * @param seed         seed of the draw and the arrivals
     * @param stallTimeout give up when the committed offsets do not move for this long
     */
    public record Settings(int records, int sites, int days, long seed, Duration stallTimeout) {

        /** Checks the ranges. */
        public Settings {
            if (records < 1 || sites < 1 || days < 1) {
                throw new IllegalArgumentException("records, sites and days must be positive");
            }
        }
    }

    /**
     * One stage's time.
     *
     * @param name    pass-through or radshift
     * @param records records consumed
     * @param wall    from start to lag 0
     */
    public record Run(String name, long records, Duration wall) {

        /** Records per second. */
        public double perSecond() {
            return records / (wall.toNanos() / 1e9);
        }
    }

    /**
     * The result.
     *
     * @param passThrough  the pass-through application
     * @param radshift     RadShift's topology
     * @param loadBefore   one-minute load average before the timed runs (-1 where unknown)
     * @param loadAfter    and after them
     */
    public record Result(Run passThrough, Run radshift, double loadBefore, double loadAfter) {

        /** RadShift's records/s over the pass-through's. */
        public double ratio() {
            return radshift.perSecond() / passThrough.perSecond();
        }

        /** The one closing line. */
        public String benchLine() {
            return String.format(Locale.ROOT,
                "BENCH topology records=%d passthrough_rps=%.0f radshift_rps=%.0f ratio=%.2f goal=0.70 load=%.1f",
                radshift.records(), passThrough.perSecond(), radshift.perSecond(), ratio(), loadAfter);
        }
    }


    private final RadShiftConfig config;
    private final ModelBundle bundle;
    private final Settings settings;
    private final BenchListener listener;

    /**
     * @param config   the deployment to measure (endpoints and state folder are replaced)
     * @param bundle   the model bundle that scores the phantom pool and that the inferences claim
     * @param settings what to publish
     * @param listener progress
     */
    public TopologyBenchmark(final RadShiftConfig config, final ModelBundle bundle, final Settings settings,
                             final BenchListener listener) {
        this.config = config;
        this.bundle = bundle;
        this.settings = settings;
        this.listener = listener;
    }

    /** Scores the pool, publishes the records and times both applications. */
    public Result run() throws Exception {
        final List<PooledStudy> pool = scoredPhantoms(bundle, settings.seed(), POOL, listener);
        final ReferenceProfile profile = profile(bundle, settings.seed(), pool);
        final Path stateDir = Files.createTempDirectory("radshift-bench-topology-state-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            final RadShiftConfig live = config.withEndpoints(kafka.bootstrapServers(), registry.url())
                .withStateDir(stateDir);
            final Topics topics = new Topics(live, RestSchemaRegistryClient.of(
                live.schemaRegistry()));
            final String scratch = live.kafka().applicationId() + "-bench-passthrough-out";
            final List<String> names = new ArrayList<>(topics.names());
            names.add(MonitoringStage.closedWindowsTopic(live));
            names.add(scratch);
            TopicAdmin.ensure(live, names);
            final long sent = publish(topics.inferences(), live, pool);
            listener.note(String.format(Locale.ROOT, "published %d StudyInference records of %d sites over %d days "
                + "(pool of %d scored phantoms)", sent, settings.sites(), settings.days(), pool.size()));
            try (ConsumedToEnd progress = new ConsumedToEnd(live, topics.inferences().name(),
                    settings.stallTimeout())) {
                final double loadBefore = load();
                final Run passThrough = passThrough(live, topics, scratch, sent, progress);
                final Run radshift = radshift(live, profile, sent, progress);
                return new Result(passThrough, radshift, loadBefore, load());
            }
        } finally {
            EmbeddedKafka.deleteRecursively(stateDir);
        }
    }

    private Run passThrough(final RadShiftConfig live, final Topics topics, final String scratch, final long sent,
                            final ConsumedToEnd progress) throws Exception {
        final Topic<String, StudyInference> in = topics.inferences();
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in.name(), Consumed.with(in.keySerde(), in.valueSerde()))
            .to(scratch, Produced.with(in.keySerde(), in.valueSerde()));
        final Properties props = StreamsSettings.properties(live, RadShiftMetrics.discarding());
        final String group = live.kafka().applicationId() + "-bench-passthrough";
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, group);
        final long start = System.nanoTime();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            progress.await(group, sent, listener.task("pass-through: records consumed"));
            final Duration wall = Duration.ofNanos(System.nanoTime() - start);
            streams.close(Duration.ofSeconds(30));
            return new Run("pass-through", sent, wall);
        }
    }

    private Run radshift(final RadShiftConfig live, final ReferenceProfile profile, final long sent,
                         final ConsumedToEnd progress) throws Exception {
        final long start = System.nanoTime();
        try (RadShiftApp app = RadShiftApp.start(live, bundle, profile)) {
            progress.await(live.kafka().applicationId(), sent, listener.task("radshift: records consumed"));
            return new Run("radshift", sent, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Publishes K records in event-time order across the sites; returns how many. */
    private long publish(final Topic<String, StudyInference> topic, final RadShiftConfig live,
                         final List<PooledStudy> pool) {
        final SplittableRandom random = new SplittableRandom(settings.seed());
        final double perSiteDay = settings.records() / (double) settings.days() / settings.sites();
        final long startMs = START.toEpochMilli();
        // Arrival jitter makes the count vary; the span runs a tenth longer and the stream stops at K.
        final long stopMs = startMs + Duration.ofDays(settings.days()).toMillis() * 11 / 10;
        final Arrivals arrivals = new Arrivals(IntStream.range(0, settings.sites()).mapToObj(s -> perSiteDay).toList(),
            startMs, stopMs, random.split());
        final AlertReplay.Progress progress = listener.task("publishing study-inferences");
        final Map<String, Object> props = new HashMap<>(live.kafka().clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        long sent = 0;
        try (KafkaProducer<String, StudyInference> producer = new KafkaProducer<>(props, new StringSerializer(),
                topic.valueSerde().serializer())) {
            while (arrivals.hasNext() && sent < settings.records()) {
                final Arrivals.Arrival arrival = arrivals.next();
                final String site = String.format(Locale.ROOT, "bench-site-%02d", arrival.site());
                final StudyInference inference = StudyInference.newBuilder(
                        pool.get(random.nextInt(pool.size())).inference())
                    .setStudyId("t-" + Long.toHexString(settings.seed()) + "-" + sent).setSiteId(site)
                    .setEventTime(Instant.ofEpochMilli(arrival.time())).build();
                producer.send(new ProducerRecord<>(topic.name(), null, arrival.time(), site, inference));
                if (++sent % 1_000 == 0) {
                    progress.update((int) sent, settings.records());
                }
            }
            producer.flush();
        }
        progress.update((int) sent, (int) sent);
        return sent;
    }

    /** {@code count} phantom studies drawn like the demo reference and scored once by the bundle. */
    static List<PooledStudy> scoredPhantoms(final ModelBundle bundle, final long seed, final int count,
                                            final BenchListener listener) throws Exception {
        final PhantomStudySampler sampler = PhantomStudySampler.reference(seed);
        final boolean[] known = new boolean[bundle.labels().size()];
        Arrays.fill(known, true);
        final List<PreScorer.Input> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final PhantomStudySampler.PhantomStudy study = sampler.next();
            inputs.add(new PreScorer.Input(null, study.png(), study.positives(bundle.labels()), known, "p-" + i));
        }
        try (PreScorer scorer = new PreScorer(bundle)) {
            return scorer.score(inputs, listener.task("scoring the phantom pool")::update);
        }
    }

    /** The reference profile of scored studies, with every label known. */
    static ReferenceProfile profile(final ModelBundle bundle, final long seed, final List<PooledStudy> studies) {
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(bundle.labels(), bundle.modelId(),
            bundle.contentHash(), ProfileSettings.defaults().withSeed(seed));
        for (final PooledStudy s : studies) {
            final Observation o = StudyObservations.of(s.inference());
            builder.add(new Observation(o.studyId(), o.embedding(), o.scores(), o.quality(), o.metadata(),
                s.positives(), s.known()), s.group());
        }
        return builder.build();
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
