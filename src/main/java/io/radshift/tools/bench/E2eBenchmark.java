package io.radshift.tools.bench;

import io.radshift.app.RadShiftApp;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyInference;
import io.radshift.avro.WindowSummary;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.ingest.StudyPublisher;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.tools.demo.HospitalSimulator;
import io.radshift.tools.demo.model.PhantomStudySampler;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.topics.Topic;
import io.radshift.window.WindowScheme;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * End to end (issue 14, item 3): the real {@link RadShiftApp} with a model bundle on an in-process broker and
 * registry, fed {@link StudyEvent}s with phantom PNG images (inference, windows, detector, alert lifecycle).
 *
 * <ol>
 *   <li><b>Throughput</b>: once the application runs, a backlog of studies an hour old is published as fast as the
 *       producer goes; studies per second = the studies of the windows the backlog closes by itself (per site, on
 *       the site's own clock) over the wall time from the first send to the last of their
 *       {@link WindowSummary}s on {@code drift-windows} (read committed).</li>
 *   <li><b>Live</b>: studies at a steady rate with event time = wall clock, so a window's end plus grace is a
 *       wall-clock instant; half the sites alternate between the reference scanner and a changed one from one
 *       window to the next, so with {@code fireAfter 1 / fireWindow 1} every window of theirs opens or resolves an
 *       incident. Latency = the moment a site window's summary, or its alert on {@code drift-alerts}, is read
 *       minus the window's end plus grace.</li>
 *   <li><b>Quiet</b>: the stream stops; the last windows close by the wall clock once a site has been quiet for
 *       {@code detection.idleTimeout}; the same latencies for them.</li>
 * </ol>
 * The all-sites ({@code *}) view is left out: it waits for late sites by design. A live window's latency is split
 * into its hops ({@link Hops}), from the studies sent and the inferences read back from {@code study-inferences}.
 */
public final class E2eBenchmark {

    private static final int PROFILE_POOL = 600;
    private static final int IMAGE_POOL = 120;
    private static final PhantomStudySampler.Scanner CHANGED = new PhantomStudySampler.Scanner(0.6, 1.4, 0.03);

    /**
     * @param sites        sites (every second one alternates scanners in the live phase)
     * @param backlog      studies of the throughput phase
     * @param liveSeconds  length of the live phase
     * @param liveRate     studies per second in the live phase, all sites together
     * @param seed         seed of images and metadata
     * @param timeout      give up waiting for outputs after this long
     */
    public record Settings(int sites, int backlog, int liveSeconds, double liveRate, long seed, Duration timeout) {

        /** Checks the ranges. */
        public Settings {
            if (sites < 2 || backlog < 1 || liveSeconds < 1 || !(liveRate > 0)) {
                throw new IllegalArgumentException("need at least 2 sites, and positive backlog, seconds and rate");
            }
        }
    }

    /**
     * The result.
     *
     * @param backlogStudies studies in the windows the backlog closed
     * @param backlogWall    first send to the last of their summaries
     * @param liveWindows    latencies (ms) of live site windows' summaries
     * @param liveAlerts     latencies (ms) of their alerts
     * @param quietWindows   latencies (ms) of the windows closed after the stream went quiet
     * @param quietAlerts    latencies (ms) of their alerts
     * @param idleTimeout    the deployment's idle timeout (part of the quiet latencies by design)
     * @param load           one-minute load average after the run
     * @param liveHops       the live windows' latencies split into their hops
     * @param quietHops      the quiet windows' latencies split into their parts
     */
    public record Result(long backlogStudies, Duration backlogWall, List<Long> liveWindows, List<Long> liveAlerts,
                         List<Long> quietWindows, List<Long> quietAlerts, Duration idleTimeout, double load,
                         Hops liveHops, QuietHops quietHops) {

        /** Studies per second from StudyEvent to WindowSummary. */
        public double studiesPerSecond() {
            return backlogStudies / (backlogWall.toNanos() / 1e9);
        }

        /** The one closing line. */
        public String benchLine() {
            return String.format(Locale.ROOT, "BENCH e2e studies_per_s=%.1f alert_latency_p99_live_ms=%s "
                    + "alert_latency_p99_quiet_ms=%s window_latency_p99_live_ms=%s window_latency_p99_quiet_ms=%s "
                    + "alerts_live=%d alerts_quiet=%d idle_timeout_ms=%d goal_p99_ms=2000 load=%.1f",
                studiesPerSecond(), percentile(liveAlerts, 0.99), percentile(quietAlerts, 0.99),
                percentile(liveWindows, 0.99), percentile(quietWindows, 0.99), liveAlerts.size(), quietAlerts.size(),
                idleTimeout.toMillis(), load);
        }

        /** The q-quantile (nearest rank) in ms, or NA when there are none. */
        public static String percentile(final List<Long> values, final double q) {
            if (values.isEmpty()) {
                return "NA";
            }
            final long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
            return Long.toString(sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)]);
        }
    }

    /**
     * Where a live window's latency goes, per window (ms): from its end plus grace until the site's next study is
     * sent (the study that moves the site's clock past it; event time = the wall clock when sent), from that send
     * until the study's inference is read committed from {@code study-inferences} (the inference stage: batching,
     * model, its commit), and from that read until the window's summary is read from {@code drift-windows} (window
     * close, detector, incidents, their commit). The three add up to the window's latency.
     */
    public record Hops(List<Long> nextStudy, List<Long> inference, List<Long> monitoring) {
    }

    /**
     * Where a quiet window's latency goes (ms). The idle rule lets its site's clock count the whole silence once
     * {@code idleTimeout} has passed since the site's last study was processed, so the window cannot close before
     * that moment: the latency is the part of the idle timeout that falls after the window's end plus grace
     * ({@code silenceProof}: the last study's way to {@code study-inferences} plus {@code idleTimeout}, less the time
     * from that study to end plus grace; zero when the silence is proven before the window is due), plus the rest:
     * the backlog check that holds the idle rule back, the idle check's period, window close, detector and commit.
     */
    public record QuietHops(List<Long> lastInference, long idleTimeout, List<Long> silenceProof, List<Long> rest) {
    }

    /** An output read from the topics, stamped with the wall clock when it was read. */
    private record Seen(String site, long windowEnd, long n, long readAt) {
    }

    /** A study sent in the live phase. */
    private record Sent(String site, long eventTime, String studyId) {
    }

    private final RadShiftConfig config;
    private final ModelBundle bundle;
    private final Settings settings;
    private final BenchListener listener;
    private final WindowScheme.Sliding scheme;

    /**
     * @param config   the deployment: its first window scheme must be tumbling, so that each study is in one window
     *                 (endpoints and state folder are replaced)
     * @param bundle   the model bundle
     * @param settings sizes
     * @param listener progress
     */
    public E2eBenchmark(final RadShiftConfig config, final ModelBundle bundle, final Settings settings,
                        final BenchListener listener) {
        this.config = config;
        this.bundle = bundle;
        this.settings = settings;
        this.listener = listener;
        if (!(WindowScheme.of(config.windows().get(0)) instanceof WindowScheme.Sliding first)
                || first.advanceMs() != first.sizeMs()) {
            throw new IllegalArgumentException("the first window of the deployment must be tumbling");
        }
        this.scheme = first;
    }

    /** Runs the three phases. */
    public Result run() throws Exception {
        final ReferenceProfile profile = TopologyBenchmark.profile(bundle, settings.seed(),
            TopologyBenchmark.scoredPhantoms(bundle, settings.seed(), PROFILE_POOL, listener));
        final List<byte[]> reference = images(PhantomStudySampler.reference(settings.seed() + 1));
        final List<byte[]> changed = images(PhantomStudySampler.reference(settings.seed() + 2).withScanner(CHANGED));
        final Path stateDir = Files.createTempDirectory("radshift-bench-e2e-state-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            final RadShiftConfig live = config.withEndpoints(kafka.bootstrapServers(), registry.url())
                .withStateDir(stateDir);
            try (RadShiftApp app = RadShiftApp.start(live, bundle, profile);
                 Outputs outputs = new Outputs(app);
                 InferencesRead inferences = new InferencesRead(app.topics().inferences(), live.kafka().clientProperties());
                 StudyPublisher publisher = new StudyPublisher(live.kafka().bootstrapServers(),
                     RestSchemaRegistryClient.of(live.schemaRegistry()), live.kafka().clientProperties(),
                     live.topics().studies(), live.topics().studyLabels())) {
                awaitRunning(app);
                final Feed feed = new Feed(publisher, reference, changed);
                final long[] backlog = backlog(feed, outputs);
                feed.record();
                final Map<String, Long> lastLive = live(feed);
                listener.note("live phase done; waiting for the quiet sites' last windows");
                outputs.awaitLastWindows(lastWindowEnds(lastLive), settings.timeout());
                // Alerts of the last windows follow their summaries in the same commit; a short margin for the read.
                Thread.sleep(2_000);
                final Map<String, Long> scored = inferences.readAt();
                return result(backlog, outputs, lastLive, live.detection().idleTimeout(),
                    hops(outputs, backlog[2], lastLive, feed.sent(), scored),
                    quietHops(outputs, lastLive, feed.sent(), scored, live.detection().idleTimeout()));
            }
        } finally {
            EmbeddedKafka.deleteRecursively(stateDir);
        }
    }

    private Result result(final long[] backlog, final Outputs outputs, final Map<String, Long> lastLive,
                          final Duration idleTimeout, final Hops hops, final QuietHops quietHops) {
        final List<Long> liveWindows = new ArrayList<>();
        final List<Long> liveAlerts = new ArrayList<>();
        final List<Long> quietWindows = new ArrayList<>();
        final List<Long> quietAlerts = new ArrayList<>();
        final long liveFrom = backlog[2];
        split(outputs.windows, liveFrom, lastLive, liveWindows, quietWindows);
        split(outputs.alerts, liveFrom, lastLive, liveAlerts, quietAlerts);
        return new Result(backlog[0], Duration.ofNanos(backlog[1]), liveWindows, liveAlerts, quietWindows,
            quietAlerts, idleTimeout, TopologyBenchmark.load(), hops, quietHops);
    }

    /** Splits each quiet window's latency into the wait for the proof of silence and the rest ({@link QuietHops}). */
    private QuietHops quietHops(final Outputs outputs, final Map<String, Long> lastLive, final List<Sent> sent,
                               final Map<String, Long> inferenceReadAt, final Duration idleTimeout) {
        final List<Long> lastInference = new ArrayList<>();
        final List<Long> silenceProof = new ArrayList<>();
        final List<Long> rest = new ArrayList<>();
        for (final Seen w : outputs.windows) {
            final long closesAt = w.windowEnd() + scheme.graceMs();
            final Long last = lastLive.get(w.site());
            if (last == null || closesAt <= last) {
                continue;
            }
            sent.stream().filter(s -> s.site().equals(w.site()) && s.eventTime() == last).findFirst()
                .filter(study -> inferenceReadAt.containsKey(study.studyId()))
                .ifPresent(study -> {
                    final long toInference = inferenceReadAt.get(study.studyId()) - study.eventTime();
                    final long proof = Math.max(0, study.eventTime() + toInference + idleTimeout.toMillis() - closesAt);
                    lastInference.add(toInference);
                    silenceProof.add(proof);
                    rest.add(w.readAt() - closesAt - proof);
                });
        }
        return new QuietHops(lastInference, idleTimeout.toMillis(), silenceProof, rest);
    }

    /** Splits each live window's latency at its site's next study and that study's inference ({@link Hops}). */
    private Hops hops(final Outputs outputs, final long liveFrom, final Map<String, Long> lastLive, final List<Sent> sent,
                      final Map<String, Long> inferenceReadAt) {
        final List<Long> nextStudy = new ArrayList<>();
        final List<Long> inference = new ArrayList<>();
        final List<Long> monitoring = new ArrayList<>();
        final List<Sent> byTime = sent.stream().sorted(Comparator.comparingLong(Sent::eventTime)).toList();
        for (final Seen w : outputs.windows) {
            final long closesAt = w.windowEnd() + scheme.graceMs();
            final Long last = lastLive.get(w.site());
            if (last == null || scheme.windowStart(w.windowEnd()) < liveFrom || closesAt > last) {
                continue;
            }
            byTime.stream().filter(s -> s.site().equals(w.site()) && s.eventTime() >= closesAt).findFirst()
                .filter(next -> inferenceReadAt.containsKey(next.studyId()))
                .ifPresent(next -> {
                    final long scored = inferenceReadAt.get(next.studyId());
                    nextStudy.add(next.eventTime() - closesAt);
                    inference.add(scored - next.eventTime());
                    monitoring.add(w.readAt() - scored);
                });
        }
        return new Hops(nextStudy, inference, monitoring);
    }

    /**
     * Latency of each output of the live phase's windows: closed by a later live study (live) or by the wall clock
     * after the site's last study (quiet).
     */
    private void split(final List<Seen> seen, final long liveFrom, final Map<String, Long> lastLive,
                       final List<Long> live, final List<Long> quiet) {
        for (final Seen s : seen) {
            final long closesAt = s.windowEnd() + scheme.graceMs();
            final Long last = lastLive.get(s.site());
            if (last == null || scheme.windowStart(s.windowEnd()) < liveFrom) {
                continue;
            }
            (closesAt <= last ? live : quiet).add(s.readAt() - closesAt);
        }
    }

    /** Publishes the backlog and waits for the windows it closes; returns {studies, nanos, live start ms}. */
    private long[] backlog(final Feed feed, final Outputs outputs) throws Exception {
        final long now = System.currentTimeMillis();
        final long start = scheme.paneStart(now - Duration.ofHours(1).toMillis());
        final long step = Math.max(1, scheme.sizeMs() / 25);
        final int perSite = (settings.backlog() + settings.sites() - 1) / settings.sites();
        final long lastTime = start + (perSite - 1) * step;
        final AlertReplay.Progress progress = listener.task("backlog: studies sent");
        final long begin = System.nanoTime();
        int sent = 0;
        long inClosed = 0;
        for (int i = 0; i < perSite; i++) {
            final long time = start + i * step;
            for (int s = 0; s < settings.sites(); s++) {
                feed.send(site(s), time, false);
                if (scheme.paneStart(time) + scheme.sizeMs() + scheme.graceMs() <= lastTime) {
                    inClosed++;
                }
                sent++;
            }
            progress.update(sent, perSite * settings.sites());
        }
        feed.flush();
        listener.note(String.format(Locale.ROOT, "backlog: %d studies sent, %d of them in windows they close", sent,
            inClosed));
        outputs.awaitStudies(lastTime - scheme.graceMs(), inClosed, settings.timeout(),
            listener.task("backlog: studies in closed windows"));
        final long nanos = System.nanoTime() - begin;
        return new long[] {inClosed, nanos, scheme.paneStart(System.currentTimeMillis()) + scheme.sizeMs()};
    }

    /**
     * Sends studies at the live rate for the live seconds, stopping a tenth of a window before a window's end, so that
     * the windows the quiet phase closes are nearly full (a nearly empty last window would get no verdict and so
     * no alert); returns each site's last event time.
     */
    private Map<String, Long> live(final Feed feed) throws InterruptedException {
        final long intervalNanos = (long) (1e9 / settings.liveRate());
        final long begin = System.nanoTime();
        final long stopMs = scheme.paneStart(System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(settings.liveSeconds()))
            + scheme.sizeMs() * 9 / 10;
        final long end = begin + TimeUnit.MILLISECONDS.toNanos(stopMs - System.currentTimeMillis());
        final Map<String, Long> last = new ConcurrentHashMap<>();
        final AlertReplay.Progress progress = listener.task("live: seconds");
        long next = begin;
        int i = 0;
        while (next < end) {
            final long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            final String site = site(i % settings.sites());
            final long now = System.currentTimeMillis();
            final boolean alternating = i % settings.sites() % 2 == 1;
            feed.send(site, now, alternating && (now / scheme.sizeMs()) % 2 == 1);
            feed.flush();
            last.put(site, now);
            i++;
            next += intervalNanos;
            progress.update((int) Math.min(settings.liveSeconds(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin)), settings.liveSeconds());
        }
        return last;
    }

    private Map<String, Long> lastWindowEnds(final Map<String, Long> lastLive) {
        final Map<String, Long> ends = new ConcurrentHashMap<>();
        lastLive.forEach((site, time) -> ends.put(site, scheme.paneStart(time) + scheme.sizeMs()));
        return ends;
    }

    private static String site(final int s) {
        return String.format(Locale.ROOT, "e2e-site-%02d", s);
    }

    private static List<byte[]> images(final PhantomStudySampler sampler) {
        final List<byte[]> images = new ArrayList<>(IMAGE_POOL);
        for (int i = 0; i < IMAGE_POOL; i++) {
            images.add(sampler.next().png());
        }
        return images;
    }

    private static void awaitRunning(final RadShiftApp app) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (app.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the application did not reach RUNNING in 3 minutes: " + app.state());
            }
            Thread.sleep(100);
        }
    }

    /** Sends StudyEvents with pooled phantom images; once {@link #record()} is called, remembers what it sent. */
    private final class Feed {
        private final StudyPublisher publisher;
        private final List<byte[]> reference;
        private final List<byte[]> changed;
        private final Random random = new Random(settings.seed());
        private final List<Sent> recorded = new ArrayList<>();
        private boolean recording;
        private long sent;

        Feed(final StudyPublisher publisher, final List<byte[]> reference, final List<byte[]> changed) {
            this.publisher = publisher;
            this.reference = reference;
            this.changed = changed;
        }

        /** From now on, remembers every study sent. */
        void record() {
            recording = true;
        }

        List<Sent> sent() {
            return List.copyOf(recorded);
        }

        void send(final String site, final long eventTime, final boolean changedScanner) {
            final List<byte[]> pool = changedScanner ? changed : reference;
            final String studyId = "e2e-" + Long.toHexString(settings.seed()) + "-" + sent++;
            if (recording) {
                recorded.add(new Sent(site, eventTime, studyId));
            }
            publisher.send(StudyEvent.newBuilder().setStudyId(studyId)
                .setSiteId(site).setEventTime(Instant.ofEpochMilli(eventTime))
                .setImage(ByteBuffer.wrap(pool.get(random.nextInt(pool.size())))).setImageFormat(ImageFormat.PNG)
                .setMetadata(HospitalSimulator.metadata(random)).build());
        }

        void flush() {
            publisher.flush();
        }
    }

    /** Reads {@code study-inferences} (read committed) on a thread of its own: when each study's inference was read. */
    private static final class InferencesRead implements AutoCloseable {
        private final Map<String, Long> readAt = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        InferencesRead(final Topic<String, StudyInference> topic, final Map<String, String> clientProperties) {
            final Map<String, Object> props = new HashMap<>(clientProperties);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "radshift-bench-e2e-inferences");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            final KafkaConsumer<String, StudyInference> consumer = new KafkaConsumer<>(props,
                topic.keySerde().deserializer(), topic.valueSerde().deserializer());
            consumer.subscribe(List.of(topic.name()));
            thread = new Thread(() -> read(consumer), "bench-e2e-inferences");
            thread.setDaemon(true);
            thread.start();
        }

        private void read(final KafkaConsumer<String, StudyInference> consumer) {
            try (consumer) {
                while (running.get()) {
                    for (final ConsumerRecord<String, StudyInference> record : consumer.poll(Duration.ofMillis(20))) {
                        readAt.putIfAbsent(record.value().getStudyId(), System.currentTimeMillis());
                    }
                }
            }
        }

        Map<String, Long> readAt() {
            return Map.copyOf(readAt);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    /** Reads both outputs on a thread of its own, stamping each record with the wall clock when it was read. */
    private static final class Outputs implements AutoCloseable {
        private final List<Seen> windows = new CopyOnWriteArrayList<>();
        private final List<Seen> alerts = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Outputs(final RadShiftApp app) {
            final KafkaConsumer<String, Object> consumer = app.topics().outputsConsumer("radshift-bench-e2e-reader");
            thread = new Thread(() -> read(consumer), "bench-e2e-outputs");
            thread.setDaemon(true);
            thread.start();
        }

        private void read(final KafkaConsumer<String, Object> consumer) {
            try (consumer) {
                while (running.get()) {
                    for (final ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(20))) {
                        final long now = System.currentTimeMillis();
                        if (record.value() instanceof WindowSummary w && !"*".equals(w.getSiteId())) {
                            windows.add(new Seen(w.getSiteId(), w.getWindowEnd().toEpochMilli(), w.getN(), now));
                        } else if (record.value() instanceof DriftAlert a && !"*".equals(a.getSiteId())) {
                            alerts.add(new Seen(a.getSiteId(), a.getWindowEnd().toEpochMilli(), a.getN(), now));
                        }
                    }
                }
            }
        }

        /** Waits until the summaries of site windows ending by {@code endBy} hold {@code studies} studies. */
        void awaitStudies(final long endBy, final long studies, final Duration timeout,
                          final AlertReplay.Progress progress) throws InterruptedException {
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                final long seen = windows.stream().filter(w -> w.windowEnd() <= endBy).mapToLong(Seen::n).sum();
                progress.update((int) Math.min(seen, studies), (int) studies);
                if (seen >= studies) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + seen + " of " + studies + " studies reached a window "
                        + "summary within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(10);
            }
        }

        /** Waits until every site's summary of the window ending at its given end was read (or the timeout). */
        void awaitLastWindows(final Map<String, Long> ends, final Duration timeout) throws InterruptedException {
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (!ends.entrySet().stream().allMatch(e -> windows.stream()
                    .anyMatch(w -> w.site().equals(e.getKey()) && w.windowEnd() >= e.getValue()))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the quiet sites' last windows did not close within "
                        + timeout.toSeconds() + " s");
                }
                Thread.sleep(50);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    @Override
    public String toString() {
        return "E2eBenchmark" + Arrays.asList(settings, scheme.name());
    }
}
