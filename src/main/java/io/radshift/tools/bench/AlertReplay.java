package io.radshift.tools.bench;

import io.radshift.app.RadShiftApp;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.LabelTruth;
import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;
import io.radshift.avro.TruthValue;
import io.radshift.avro.WindowSummary;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.topics.Topic;
import io.radshift.topics.Topics;
import io.radshift.window.WindowScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays simulated days of pre-scored studies through the real RadShift application ({@link RadShiftApp}: the
 * whole topology, exactly-once, changelogged state) on an in-process Kafka node and Schema Registry, and
 * collects what the on-call would see: every {@code drift-alerts} record and every alerting-scheme
 * {@code drift-windows} record.
 *
 * <p>Studies go to {@code study-inferences} (the inference stage's output) in event-time order across sites,
 * each site at its own volume with the demo simulator's arrival jitter (intervals uniform in 0.5x..1.5x the
 * mean); half of the studies with ground truth get their labels 12 hours later on {@code study-labels}, as
 * reports arrive in a hospital. The stream runs as fast as it can; each site's windows close on its own event
 * time, so the replay measures the same windows a live deployment would close. The data run one window
 * beyond the analysed span so its last windows close.
 */
public final class AlertReplay {

    /** Share of studies whose ground truth arrives, as in the demo. */
    static final double LABELLED_FRACTION = 0.5;
    /** Delay of the ground truth after the study, as in the demo. */
    static final Duration LABEL_DELAY = Duration.ofHours(12);

    /**
     * One simulated site.
     *
     * @param site          the site as the report sees it (its change time, if any)
     * @param studiesPerDay mean volume
     * @param before        studies before the change (all of them at a stable site)
     * @param after         studies from the change on; null for a stable site
     */
    public record Site(BenchSite site, double studiesPerDay, StudyDraw before, StudyDraw after) {
    }

    /**
     * One replay: sites compared with one reference profile.
     *
     * @param name    replay name for the report
     * @param profile the reference profile
     * @param sites   the sites
     * @param start   event time of the first study; windows starting earlier are incomplete
     * @param days    analysed span in days
     * @param seed    seed of arrivals and draws
     */
    public record Plan(String name, ReferenceProfile profile, List<Site> sites, Instant start, int days, long seed) {

        /** End of the analysed span. */
        public Instant end() {
            return start.plus(Duration.ofDays(days));
        }
    }

    /**
     * What the pipeline wrote.
     *
     * @param alerts      every alert event
     * @param windows     every alerting-scheme window summary
     * @param studyTimes  acquisition times per site, sorted
     * @param studies     studies sent
     * @param labels      label records sent
     * @param wall        wall-clock time of the replay
     */
    public record Result(List<AlertEvent> alerts, List<WindowOutcome> windows, Map<String, List<Instant>> studyTimes,
                         long studies, long labels, Duration wall) {
    }

    /** Receives progress: alerting windows evaluated of those expected. */
    @FunctionalInterface
    public interface Progress {
        /** {@code done} of {@code total} windows. */
        void update(int done, int total);
    }

    private final RadShiftConfig config;
    private final ModelBundle bundle;
    private final Duration stallTimeout;

    /**
     * @param config       the deployment to measure (endpoints and state folder are replaced)
     * @param bundle       the model bundle the inferences claim (the inference stage runs but gets no studies)
     * @param stallTimeout give up when no window arrives for this long
     */
    public AlertReplay(final RadShiftConfig config, final ModelBundle bundle, final Duration stallTimeout) {
        this.config = config;
        this.bundle = bundle;
        this.stallTimeout = stallTimeout;
    }

    /** The alerting window scheme of a configuration: its first window with {@code alerting}. */
    public static RadShiftConfig.Window alertingWindow(final RadShiftConfig config) {
        return config.windows().stream().filter(RadShiftConfig.Window::alerting).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("the configuration has no alerting window"));
    }

    /** The level each alerting window is tested at: alpha over the windows that share a study. */
    public static double perWindowLevel(final RadShiftConfig config) {
        return config.detection().alpha() / WindowScheme.of(alertingWindow(config)).windowsPerStudy();
    }

    /** Runs one replay to the end of its span. */
    public Result run(final Plan plan, final Progress progress) throws Exception {
        final long wallStart = System.nanoTime();
        final Path stateDir = Files.createTempDirectory("radshift-bench-alerts-state-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            final RadShiftConfig live = config.withEndpoints(kafka.bootstrapServers(), registry.url())
                .withStateDir(stateDir);
            try (RadShiftApp app = RadShiftApp.start(live, bundle, plan.profile());
                 Outputs outputs = new Outputs(app.topics(), alertingWindow(live).name())) {
                final Sent sent = publish(app.topics(), plan, live);
                outputs.await(plan, WindowScheme.of(alertingWindow(live)), stallTimeout, progress);
                return new Result(outputs.alerts, outputs.windows, sent.times, sent.studies, sent.labels,
                    Duration.ofNanos(System.nanoTime() - wallStart));
            }
        } finally {
            EmbeddedKafka.deleteRecursively(stateDir);
        }
    }

    /** Studies and labels sent, and every site's acquisition times. */
    private record Sent(Map<String, List<Instant>> times, long studies, long labels) {
    }

    private Sent publish(final Topics topics, final Plan plan, final RadShiftConfig live) {
        final WindowScheme scheme = WindowScheme.of(alertingWindow(live));
        final long size = scheme.firstWindowEndContaining(0) - scheme.windowStart(scheme.firstWindowEndContaining(0));
        final long stop = plan.end().toEpochMilli() + size + alertingWindow(live).grace().toMillis();
        final SplittableRandom random = new SplittableRandom(plan.seed());
        final Arrivals arrivals = new Arrivals(plan.sites().stream().map(Site::studiesPerDay).toList(),
            plan.start().toEpochMilli(), stop, random.split());
        final Map<String, List<Instant>> times = new HashMap<>();
        plan.sites().forEach(s -> times.put(s.site().site(), new ArrayList<>()));
        final PriorityQueue<StudyLabels> pending = new PriorityQueue<>(Comparator.comparing(StudyLabels::getEventTime));
        long studies = 0;
        long labels = 0;
        try (KafkaProducer<String, StudyInference> inferences = producer(live.kafka(), topics.inferences());
             KafkaProducer<String, StudyLabels> truth = producer(live.kafka(), topics.studyLabels())) {
            while (arrivals.hasNext()) {
                final Arrivals.Arrival arrival = arrivals.next();
                labels += release(truth, topics.studyLabels().name(), pending, arrival.time());
                final Site site = plan.sites().get(arrival.site());
                final StudyLabels label = sendStudy(inferences, topics.inferences().name(), site, arrival.time(),
                    "s-" + Long.toHexString(plan.seed()) + "-" + studies++, random);
                times.get(site.site().site()).add(Instant.ofEpochMilli(arrival.time()));
                if (label != null && random.nextDouble() < LABELLED_FRACTION) {
                    pending.add(label);
                }
            }
            labels += release(truth, topics.studyLabels().name(), pending, stop - 1);
            inferences.flush();
            truth.flush();
        }
        return new Sent(times, studies, labels);
    }

    /** Sends one study; returns its ground truth to send later, or null when it has none. */
    private static StudyLabels sendStudy(final KafkaProducer<String, StudyInference> producer, final String topic,
                                         final Site site, final long time, final String studyId,
                                         final SplittableRandom random) {
        final BenchSite where = site.site();
        final boolean changed = where.changeAt() != null && time >= where.changeAt().toEpochMilli();
        final PooledStudy study = (changed ? site.after() : site.before()).next(random);
        final StudyInference inference = StudyInference.newBuilder(study.inference()).setStudyId(studyId)
            .setSiteId(where.site()).setEventTime(Instant.ofEpochMilli(time)).build();
        producer.send(new ProducerRecord<>(topic, null, time, where.site(), inference));
        return study.hasTruth() ? truth(study, inference, time + LABEL_DELAY.toMillis()) : null;
    }

    /** The study's ground truth for the labels it covers, as a report labeller sends it at {@code at}. */
    private static StudyLabels truth(final PooledStudy study, final StudyInference inference, final long at) {
        final List<LabelTruth> truths = new ArrayList<>();
        for (int l = 0; l < inference.getScores().size(); l++) {
            if (study.known()[l]) {
                truths.add(new LabelTruth(inference.getScores().get(l).getLabel(),
                    study.positives()[l] ? TruthValue.POSITIVE : TruthValue.NEGATIVE));
            }
        }
        return new StudyLabels(inference.getStudyId(), inference.getSiteId(), Instant.ofEpochMilli(at), truths,
            "simulated-report-labeller");
    }

    /** Sends the pending labels due at or before {@code now}; returns how many. */
    private static int release(final KafkaProducer<String, StudyLabels> producer, final String topic,
                               final PriorityQueue<StudyLabels> pending, final long now) {
        int sent = 0;
        while (!pending.isEmpty() && pending.peek().getEventTime().toEpochMilli() <= now) {
            sent += send(producer, topic, pending.poll());
        }
        return sent;
    }

    private static int send(final KafkaProducer<String, StudyLabels> producer, final String topic,
                            final StudyLabels labels) {
        producer.send(new ProducerRecord<>(topic, null, labels.getEventTime().toEpochMilli(),
            labels.getSiteId(), labels));
        return 1;
    }

    static <V> KafkaProducer<String, V> producer(final RadShiftConfig.Kafka kafka, final Topic<String, V> topic) {
        final Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), topic.valueSerde().serializer());
    }

    /** Reads {@code drift-alerts} and {@code drift-windows} (read_committed) until the span's windows are in. */
    private static final class Outputs implements AutoCloseable {

        private final KafkaConsumer<String, Object> consumer;
        private final String alertingWindow;
        private final List<AlertEvent> alerts = new ArrayList<>();
        private final List<WindowOutcome> windows = new ArrayList<>();
        private final Map<String, Instant> latest = new HashMap<>();

        Outputs(final Topics topics, final String alertingWindow) {
            this.alertingWindow = alertingWindow;
            this.consumer = topics.outputsConsumer("radshift-bench-alerts-reader");
        }

        void await(final Plan plan, final WindowScheme scheme, final Duration stallTimeout, final Progress progress) {
            final List<String> sites = new ArrayList<>(plan.sites().stream().map(s -> s.site().site()).toList());
            sites.add(BenchSite.ALL_SITES);
            final int perSite = expectedWindows(plan, scheme);
            final int total = perSite * sites.size();
            long lastNews = System.nanoTime();
            int done = 0;
            while (!sites.stream().allMatch(s -> latest.containsKey(s) && !latest.get(s).isBefore(plan.end()))) {
                int news = 0;
                for (final ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(500))) {
                    news += take(record.value(), plan.end()) ? 1 : 0;
                }
                if (news > 0) {
                    done += news;
                    lastNews = System.nanoTime();
                    progress.update(Math.min(done, total - 1), total);
                } else if (System.nanoTime() - lastNews > stallTimeout.toNanos()) {
                    throw new IllegalStateException("replay '" + plan.name() + "' stalled: no window closed for "
                        + stallTimeout.toSeconds() + " s (" + done + " of " + total + " windows in)");
                }
            }
            progress.update(total, total);
        }

        /** Windows of the scheme ending in (start, end]. */
        private static int expectedWindows(final Plan plan, final WindowScheme scheme) {
            int count = 0;
            for (long e = scheme.firstWindowEndContaining(plan.start().toEpochMilli());
                 e <= plan.end().toEpochMilli(); e = scheme.nextWindowEnd(e)) {
                count++;
            }
            return count;
        }

        /** Keeps an alert or an alerting-scheme window; true for a window inside the span. */
        private boolean take(final Object value, final Instant end) {
            if (value instanceof DriftAlert alert) {
                alerts.add(new AlertEvent(alert.getSiteId(), alert.getState(), alert.getPaging(), alert.getWindowEnd(),
                    alert.getKind(), alert.getSummary()));
            } else if (value instanceof WindowSummary w && w.getWindowKind().equals(alertingWindow)) {
                windows.add(new WindowOutcome(w.getSiteId(), w.getWindowStart(), w.getWindowEnd(), w.getN(),
                    w.getVerdict(), w.getLateDropped()));
                latest.merge(w.getSiteId(), w.getWindowEnd(), (a, b) -> a.isAfter(b) ? a : b);
                return !w.getWindowEnd().isAfter(end);
            }
            return false;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
