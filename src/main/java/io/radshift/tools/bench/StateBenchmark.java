package io.radshift.tools.bench;

import io.radshift.app.RadShiftApp;
import io.radshift.avro.StudyInference;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.topology.MonitoringStage;
import io.radshift.topology.StreamsSettings;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.window.PaneAggregatorProcessor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Bounded memory and state: feeds many sites' pre-scored studies through the real RadShift application (the
 * monitoring stage: window aggregator, detector, incidents, on the in-process Kafka node and Schema Registry under
 * exactly-once) and measures, at checkpoints along the feed, the heap after GC, the state bytes per (site, window
 * scheme) and the size of a {@code /metrics} scrape; then, for a few site counts, how long the application takes to
 * restore its state from the changelogs after losing its local state folder.
 *
 * <p>Studies are {@link SyntheticInferences} (cheap, in the demo bundle's shape) published on
 * {@code study-inferences}, round-robin over the sites in event-time order, each site at {@code studiesPerSiteDay};
 * no ground truth is sent. At each checkpoint the feed pauses until the application has committed every study, so
 * what is measured is the state of exactly that many studies.
 */
public final class StateBenchmark {

    /** Monday 2026-01-05 00:00 UTC: event time of the first study (in the past, so no study is dated in the future). */
    static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final int PROFILE_STUDIES = 2000;
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final double GROWTH_TOLERANCE = 0.10;

    /**
     * What to run.
     *
     * @param sites                   sites of the main feed
     * @param studies                 studies of the main feed
     * @param studiesPerSiteDay       each site's volume, which sets the event-time span
     * @param checkpoints             measurements along the main feed (evenly spaced, the last at the end)
     * @param restoreSites            site counts of the restore runs (none: no restore run)
     * @param restoreStudiesPerSite   studies per site fed before each restore
     * @param seed                    seed of the synthetic studies
     * @param catchUpTimeout          give up when the application commits nothing for this long
     */
    public record Settings(int sites, long studies, double studiesPerSiteDay, int checkpoints, int[] restoreSites,
                           int restoreStudiesPerSite, long seed, Duration catchUpTimeout) {
        public Settings {
            if (sites < 1 || studies < sites || checkpoints < 2 || studiesPerSiteDay <= 0 || restoreStudiesPerSite < 1) {
                throw new IllegalArgumentException("need sites >= 1, studies >= sites, checkpoints >= 2, "
                    + "studiesPerSiteDay > 0 and restoreStudiesPerSite >= 1");
            }
        }
    }

    /**
     * One measurement.
     *
     * @param studies      studies fed and committed so far
     * @param eventTime    event time reached
     * @param heapBytes    heap used after a full GC (the whole process: broker, registry, application, feeder)
     * @param state        the per-site state
     * @param scrapeBytes  bytes of one /metrics scrape
     * @param scrapeSeries series (sample lines) in it
     * @param allSites     how far behind the all-sites view was when the sites' tasks had committed every study
     */
    public record Checkpoint(long studies, Instant eventTime, long heapBytes, StateSizes state, long scrapeBytes,
                             long scrapeSeries, AllSitesIntake allSites) {
    }

    /**
     * The all-sites view's intake at a checkpoint: every closed site window and incident status goes to its one task
     * through the all-sites topic, so in a replay far faster than real time it can fall behind the sites' tasks.
     *
     * @param behind  records of the all-sites topic not yet committed by the application when every study was
     * @param catchUp how long it then took to commit them all (the feed waits for it before measuring)
     */
    public record AllSitesIntake(long behind, Duration catchUp) {
    }

    /**
     * One restore after the local state was lost.
     *
     * @param sites            sites fed
     * @param studies          studies fed
     * @param restoredRecords  changelog records restored
     * @param restore          first restore start to last restore end (StateRestoreListener)
     * @param untilRunning     from the restart to RUNNING with every store restored
     */
    public record Restore(int sites, long studies, long restoredRecords, Duration restore, Duration untilRunning) {
    }

    /**
     * Everything measured.
     *
     * @param settings    what ran
     * @param checkpoints measurements along the main feed
     * @param restores    the restore runs
     * @param feedWall    wall-clock time of the main feed
     */
    public record Result(Settings settings, List<Checkpoint> checkpoints, List<Restore> restores, Duration feedWall) {

        /**
         * Whether heap, state bytes per (site, window) or the scrape grew with the studies: the last checkpoint
         * against the middle one, beyond 10% (heap: 25%, as a GC leaves some garbage), once every site's windows
         * are in steady state; the first half warms up (every site's first windows and sketches filling). The state
         * is compared without the pane journals, which rise and fall with the studies since each pane's last fold;
         * instead no journal may hold more than {@link PaneAggregatorProcessor#JOURNAL_LIMIT} updates.
         */
        public boolean growsWithStudies() {
            final Checkpoint mid = checkpoints.get((checkpoints.size() - 1) / 2);
            final Checkpoint last = checkpoints.get(checkpoints.size() - 1);
            return grew(mid.state().bytesPerSiteWindowWithoutJournals(), last.state().bytesPerSiteWindowWithoutJournals(),
                GROWTH_TOLERANCE)
                || checkpoints.stream().anyMatch(c -> c.state().longestJournal() > PaneAggregatorProcessor.JOURNAL_LIMIT)
                || grew(mid.scrapeBytes(), last.scrapeBytes(), GROWTH_TOLERANCE)
                || grew(mid.heapBytes(), last.heapBytes(), 2.5 * GROWTH_TOLERANCE);
        }

        /** The closing {@code BENCH state ...} line. */
        public String benchLine() {
            final Checkpoint last = checkpoints.get(checkpoints.size() - 1);
            final StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "BENCH state sites=%d studies=%d heap_mb=%.1f bytes_per_site_window=%.0f scrape_kb=%.1f",
                settings.sites(), last.studies(), last.heapBytes() / 1e6, last.state().bytesPerSiteWindow(),
                last.scrapeBytes() / 1024.0));
            line.append(String.format(Locale.ROOT, " all_sites_behind_max=%d all_sites_catchup_s_max=%.1f",
                checkpoints.stream().mapToLong(c -> c.allSites().behind()).max().orElse(0),
                checkpoints.stream().mapToLong(c -> c.allSites().catchUp().toMillis()).max().orElse(0) / 1000.0));
            for (final Restore r : restores) {
                line.append(String.format(Locale.ROOT, " restore_s_%d=%.2f", r.sites(), r.untilRunning().toMillis() / 1000.0));
            }
            return line.append(" grows_with_studies=").append(growsWithStudies()).toString();
        }

        private static boolean grew(final double before, final double after, final double tolerance) {
            return after > before * (1 + tolerance);
        }
    }


    private final RadShiftConfig config;
    private final ModelBundle bundle;
    private final Settings settings;
    private final BenchListener listener;

    /**
     * @param config   the deployment (windows, detection); endpoints and state folder are replaced
     * @param bundle   the bundle whose shape the synthetic studies take (the inference stage runs but gets no studies)
     * @param settings what to run
     * @param listener progress
     */
    public StateBenchmark(final RadShiftConfig config, final ModelBundle bundle, final Settings settings,
                          final BenchListener listener) {
        this.config = config;
        this.bundle = bundle;
        this.settings = settings;
        this.listener = listener;
    }

    /** Runs the main feed, then each restore run. */
    public Result run() throws Exception {
        listener.note("building a synthetic reference profile (" + PROFILE_STUDIES + " studies)");
        final ReferenceProfile profile = new SyntheticInferences(bundle, settings.seed()).profile(PROFILE_STUDIES);
        final long wall = System.nanoTime();
        final List<Checkpoint> checkpoints = feed(profile);
        final Duration feedWall = Duration.ofNanos(System.nanoTime() - wall);
        final List<Restore> restores = new ArrayList<>();
        for (final int sites : settings.restoreSites()) {
            restores.add(restore(profile, sites));
        }
        return new Result(settings, checkpoints, restores, feedWall);
    }

    private List<Checkpoint> feed(final ReferenceProfile profile) throws Exception {
        final List<Checkpoint> checkpoints = new ArrayList<>();
        try (Cluster cluster = new Cluster(config)) {
            final Feeder feeder = new Feeder(bundle, settings.sites(), settings.studiesPerSiteDay(), settings.seed());
            try (RadShiftApp app = RadShiftApp.start(cluster.live, bundle, profile);
                 KafkaProducer<String, StudyInference> producer = AlertReplay.producer(cluster.live.kafka(),
                     app.topics().inferences())) {
                final AlertReplay.Progress progress = listener.task("feeding " + settings.studies() + " studies");
                for (int c = 1; c <= settings.checkpoints(); c++) {
                    final long target = settings.studies() * c / settings.checkpoints();
                    feeder.sendUntil(producer, app.topics().inferences().name(), target, progress, settings.studies());
                    producer.flush();
                    cluster.awaitCommitted(app.topics().inferences().name(), settings.catchUpTimeout());
                    Thread.sleep(SETTLE.toMillis()); // let the once-a-second window close run on the final watermark
                    final AllSitesIntake allSites = cluster.awaitAllSites(settings.catchUpTimeout());
                    checkpoints.add(measure(app, target, feeder.timeOf(target - 1), allSites));
                    listener.note(describe(checkpoints.get(checkpoints.size() - 1)));
                }
            }
        }
        return checkpoints;
    }

    private Restore restore(final ReferenceProfile profile, final int sites) throws Exception {
        final long studies = (long) sites * settings.restoreStudiesPerSite();
        try (Cluster cluster = new Cluster(config)) {
            final Feeder feeder = new Feeder(bundle, sites, settings.studiesPerSiteDay(), settings.seed() + sites);
            try (RadShiftApp app = RadShiftApp.start(cluster.live, bundle, profile);
                 KafkaProducer<String, StudyInference> producer = AlertReplay.producer(cluster.live.kafka(),
                     app.topics().inferences())) {
                feeder.sendUntil(producer, app.topics().inferences().name(), studies,
                    listener.task("restore run: feeding " + sites + " sites"), studies);
                producer.flush();
                cluster.awaitCommitted(app.topics().inferences().name(), settings.catchUpTimeout());
            }
            // The crash: the instance is gone and so is its disk; only the changelogs remain.
            EmbeddedKafka.deleteRecursively(cluster.stateDir);
            final RestoreTimer timer = new RestoreTimer();
            final long restart = System.nanoTime();
            try (RadShiftApp app = RadShiftApp.start(cluster.live, bundle, profile, timer)) {
                awaitRunning(app, timer);
                final Restore restore = new Restore(sites, studies, timer.records(), timer.span(),
                    Duration.ofNanos(System.nanoTime() - restart));
                listener.note(String.format(Locale.ROOT, "restore of %d sites: %d records in %.2f s, RUNNING after %.2f s",
                    sites, restore.restoredRecords(), restore.restore().toMillis() / 1000.0,
                    restore.untilRunning().toMillis() / 1000.0));
                return restore;
            }
        }
    }

    private void awaitRunning(final RadShiftApp app, final RestoreTimer timer) throws InterruptedException {
        final long deadline = System.nanoTime() + settings.catchUpTimeout().toNanos();
        while (app.state() != KafkaStreams.State.RUNNING || !timer.done()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("restart not RUNNING after " + settings.catchUpTimeout().toSeconds()
                    + " s (state " + app.state() + ")");
            }
            Thread.sleep(10);
        }
    }

    private static Checkpoint measure(final RadShiftApp app, final long studies, final long eventTime,
                                      final AllSitesIntake allSites) throws InterruptedException {
        final StateSizes state = StateSizes.read(app);
        final String scrape = app.scrape();
        final long series = scrape.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
        return new Checkpoint(studies, Instant.ofEpochMilli(eventTime), heapAfterGc(), state,
            scrape.getBytes(StandardCharsets.UTF_8).length, series, allSites);
    }

    /** Heap in use after two full collections (the second collects what the first only finalized). */
    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String describe(final Checkpoint c) {
        return String.format(Locale.ROOT, "%d studies (event time %s): heap %.1f MB, %.0f bytes per (site, window) "
                + "(%.0f without pane journals), study-scores %d entries, scrape %.1f KB / %d series; the all-sites view was %d "
                + "records behind and caught up in %.1f s", c.studies(),
            c.eventTime(), c.heapBytes() / 1e6, c.state().bytesPerSiteWindow(), c.state().bytesPerSiteWindowWithoutJournals(),
            c.state().studyScores(), c.scrapeBytes() / 1024.0, c.scrapeSeries(), c.allSites().behind(),
            c.allSites().catchUp().toMillis() / 1000.0);
    }

    /** An in-process Kafka node and Schema Registry, with the deployment pointed at them and a fresh state folder. */
    private static final class Cluster implements AutoCloseable {

        private final EmbeddedKafka kafka;
        private final EmbeddedSchemaRegistry registry;
        private final Path stateDir;
        private final RadShiftConfig live;

        Cluster(final RadShiftConfig config) throws IOException {
            this.stateDir = Files.createTempDirectory("radshift-bench-state-");
            this.kafka = EmbeddedKafka.start();
            this.registry = EmbeddedSchemaRegistry.start(0);
            this.live = config.withEndpoints(kafka.bootstrapServers(), registry.url()).withStateDir(stateDir);
        }

        /** How far the all-sites view is behind, and how long it takes to commit everything its topic holds. */
        AllSitesIntake awaitAllSites(final Duration stallTimeout) throws Exception {
            final String topic = MonitoringStage.closedWindowsTopic(live);
            final long start = System.nanoTime();
            final long behind = awaitCommitted(StreamsSettings.allSitesApplicationId(live), topic, stallTimeout);
            return new AllSitesIntake(behind, Duration.ofNanos(System.nanoTime() - start));
        }

        /** Waits until the sites' consumer group has committed every record of {@code topic}. */
        void awaitCommitted(final String topic, final Duration stallTimeout) throws Exception {
            awaitCommitted(live.kafka().applicationId(), topic, stallTimeout);
        }

        /**
         * Waits until consumer group {@code group} has committed every record of {@code topic}; returns the records
         * it had not committed when the wait began.
         */
        long awaitCommitted(final String group, final String topic, final Duration stallTimeout) throws Exception {
            try (Admin admin = Admin.create(new HashMap<String, Object>(live.kafka().clientProperties()))) {
                final long behind = lag(admin, group, topic);
                long lastLag = behind;
                long lastProgress = System.nanoTime();
                for (long lag = behind; lag != 0; lag = lag(admin, group, topic)) {
                    if (lag < lastLag) {
                        lastLag = lag;
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                        throw new IllegalStateException("the application committed nothing for "
                            + stallTimeout.toSeconds() + " s (" + lag + " studies behind)");
                    }
                    Thread.sleep(200);
                }
                return behind;
            }
        }

        private static long lag(final Admin admin, final String group, final String topic) throws Exception {
            final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
            final List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get()
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            final Map<TopicPartition, Long> ends = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get()
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            long lag = 0;
            for (final TopicPartition p : partitions) {
                final OffsetAndMetadata at = committed.get(p);
                lag += ends.get(p) - (at == null ? 0 : at.offset());
            }
            return Math.max(lag, 0);
        }

        @Override
        public void close() {
            registry.close();
            kafka.close();
            EmbeddedKafka.deleteRecursively(stateDir);
        }
    }

    /** Sends studies round-robin over the sites, in event-time order, each site at its daily volume. */
    private static final class Feeder {

        private final int sites;
        private final double stepMs;
        private final SyntheticInferences studies;
        private final String format;
        private long sent;

        Feeder(final ModelBundle bundle, final int sites, final double studiesPerSiteDay, final long seed) {
            this.sites = sites;
            this.stepMs = Duration.ofDays(1).toMillis() / (studiesPerSiteDay * sites);
            this.studies = new SyntheticInferences(bundle, seed);
            this.format = "site-%0" + String.valueOf(sites - 1).length() + "d";
        }

        long timeOf(final long study) {
            return START.toEpochMilli() + (long) (study * stepMs);
        }

        void sendUntil(final KafkaProducer<String, StudyInference> producer, final String topic, final long target,
                       final AlertReplay.Progress progress, final long total) {
            for (; sent < target; sent++) {
                final String site = String.format(format, sent % sites);
                final long time = timeOf(sent);
                producer.send(new ProducerRecord<>(topic, null, time, site, studies.next(site, "st-" + sent, time)));
                if (sent % 1000 == 0) {
                    progress.update((int) (sent * 1000 / total), 1000);
                }
            }
            progress.update((int) (sent * 1000 / total), 1000);
        }
    }
}
