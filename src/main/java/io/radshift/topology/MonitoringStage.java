package io.radshift.topology;

import io.radshift.alert.FleetConfirmation;
import io.radshift.alert.IncidentOutcome;
import io.radshift.alert.IncidentProcessor;
import io.radshift.alert.IncidentStatus;
import io.radshift.alert.PagingRule;
import io.radshift.alert.SiteIncidentIndex;
import io.radshift.alert.SiteIncidentTracker;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;
import io.radshift.config.RadShiftConfig;
import io.radshift.detect.DetectorProcessor;
import io.radshift.detect.LabelRatesMapper;
import io.radshift.detect.OperationalChecks;
import io.radshift.detect.ProfileIdentity;
import io.radshift.detect.RecentWindows;
import io.radshift.detect.RecentWindowsProcessor;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.AggregateSpec;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.drift.DriftTest;
import io.radshift.stats.drift.EffectFamily;
import io.radshift.stats.drift.EvaluatorConfig;
import io.radshift.stats.drift.MultipleTesting;
import io.radshift.stats.drift.Tolerance;
import io.radshift.stats.drift.Tolerances;
import io.radshift.stats.drift.WindowEvaluator;
import io.radshift.topics.Topic;
import io.radshift.topics.Topics;
import io.radshift.window.AllSitesMergeProcessor;
import io.radshift.window.Backlog;
import io.radshift.window.ClosedWindow;
import io.radshift.window.InputChecks;
import io.radshift.window.InputGate;
import io.radshift.window.LabelJoinProcessor;
import io.radshift.window.PaneAggregatorProcessor;
import io.radshift.window.SiteEvents;
import io.radshift.window.WindowFeed;
import io.radshift.window.WindowScheme;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitoring half of RadShift's topology: from {@code study-inferences}, {@code study-labels} and the
 * dead-letter topic to {@code drift-windows} and {@code drift-alerts}.
 *
 * <pre>
 * inferences ─▶ inference-gate ─┐
 * labels ─────▶ label-gate ─────┼─▶ window-aggregator ─┬─▶ detector ─┬─▶ drift-windows
 * dead-letter ──────────────────┘  (per-site panes)    │             └─▶ incidents ─┬─▶ drift-alerts
 *                                                      │                           │ incident status
 *                                                      └─ site window ─────────────┴─▶ all-sites topic (key *)
 *
 * all-sites topic ─┬─▶ all-sites-merge ─▶ all-sites-detector ─┬─▶ drift-windows
 *                  │                                          └─▶ all-sites-incidents ─▶ drift-alerts
 *                  └─▶ site-incident-tracker ─────────────────────────▲ (site incidents by window)
 * </pre>
 *
 * <p>The gates send tombstones, bad or mismatched site ids, malformed embeddings or scores and records dated before
 * 1990 or in the future to the dead-letter topic ({@link InputChecks}), so nothing that could throw or set a
 * site's clock decades off reaches the per-site state. Each site's windows close on its own event-time clock,
 * kept in the aggregator's changelogged {@code site-clocks} store ({@link PaneAggregatorProcessor}).
 *
 * <p>The sites' part runs in the tasks of the input partitions (everything is keyed by site). The all-sites part
 * reads one internal topic whose every record is keyed {@code *}, so it runs in exactly one task whatever the
 * partition count: one merge, one evaluation and one incident lifecycle for {@code *}. A running instance runs that
 * part in a Kafka Streams client of its own ({@link #allSitesView}), so that its reads do not wait behind the
 * sites' input in one consumer and one stream thread. Under exactly-once a
 * site's incident status and its window are written in one transaction, the status first, so the all-sites task
 * always knows a site's incident before it evaluates the all-sites window that merges the site's window.
 */
public final class MonitoringStage {

    /** The longest wait of the all-sites view for sites to announce themselves before its first window. */
    static final Duration ALL_SITES_STARTUP_WAIT = Duration.ofSeconds(10);

    private MonitoringStage() {
    }

    /**
     * How long the all-sites view waits, before its very first window of a scheme, for the tasks of a first start to
     * announce their sites: {@code detection.idleTimeout}, at most {@link #ALL_SITES_STARTUP_WAIT}.
     */
    static Duration allSitesStartupWait(final RadShiftConfig.Detection detection) {
        return detection.idleTimeout().compareTo(ALL_SITES_STARTUP_WAIT) < 0 ? detection.idleTimeout() : ALL_SITES_STARTUP_WAIT;
    }

    /**
     * The internal topic that carries closed site windows and the sites' incident statuses to the all-sites view,
     * every record keyed {@code *}. (Named {@code <applicationId>-all-sites} since its format changed; an old
     * {@code -closed-windows} topic is no longer read.)
     */
    public static String closedWindowsTopic(final RadShiftConfig config) {
        return config.kafka().applicationId() + "-all-sites";
    }

    /**
     * Adds both halves of the monitoring stage to one {@code topology}, for a test that feeds it by hand
     * ({@link Backlog#NONE}) through one Kafka Streams client or a TopologyTestDriver. A running instance gives
     * each half a client of its own instead ({@link #addSites} and {@link #allSitesView}).
     */
    public static void addTo(final Topology topology, final Topics topics, final RadShiftConfig config,
                             final ReferenceProfile profile, final RadShiftMetrics metrics) {
        final Parts parts = Parts.of(topics, config, profile, metrics, Backlog.NONE);
        addSites(topology, parts, config.windows().stream().map(WindowScheme::of).toList());
        addAllSites(topology, parts);
    }

    /**
     * Adds the sites' half to {@code topology}: per-site windows, their evaluation and incidents, and the site windows
     * and incident statuses written to the all-sites topic. A quiet site's silence counts only as far as
     * {@code backlog} says its task's input has been processed ({@link PaneAggregatorProcessor}).
     */
    public static void addSites(final Topology topology, final Topics topics, final RadShiftConfig config,
                                final ReferenceProfile profile, final RadShiftMetrics metrics, final Backlog backlog) {
        addSites(topology, Parts.of(topics, config, profile, metrics, backlog), config.windows().stream().map(WindowScheme::of).toList());
    }

    /**
     * The all-sites half as a topology of its own, for a Kafka Streams client of its own
     * ({@link StreamsSettings#allSitesProperties}). Its one task reads every closed site window of every site,
     * each a whole window aggregate, several per study in a replay; inside the sites' client its partition got the
     * same bytes per fetch as each input partition and fell ever further behind (BENCHMARKS.md, State). With a
     * consumer and a stream thread of its own it reads as fast as it merges.
     */
    public static Topology allSitesView(final Topics topics, final RadShiftConfig config, final ReferenceProfile profile,
                                        final RadShiftMetrics metrics) {
        final Topology topology = new Topology();
        addAllSites(topology, Parts.of(topics, config, profile, metrics, Backlog.NONE));
        return topology;
    }

    /** Per-site windows, their evaluation and incidents; site windows and incident statuses to the all-sites topic. */
    private static void addSites(final Topology topology, final Parts p, final List<WindowScheme> schemes) {
        final Topics topics = p.topics();
        topology.addSource("inferences", topics.inferences().keySerde().deserializer(), topics.inferences().valueSerde().deserializer(), topics.inferences().name())
                .addSource("labels", topics.studyLabels().keySerde().deserializer(), topics.studyLabels().valueSerde().deserializer(), topics.studyLabels().name())
                .addSource("dead-letters", topics.deadLetter().keySerde().deserializer(), topics.deadLetter().valueSerde().deserializer(), topics.deadLetter().name())
                .addProcessor("inference-gate", () -> new InputGate<StudyInference>((key, value, now) -> InputChecks.inference(key, value,
                        p.spec(), now, p.detection().maxFutureSkew().toMillis()), topics.inferences().name(), "inference-events",
                        "inferences-dead-letter-sink", p.metrics()), "inferences")
                .addSink("inferences-dead-letter-sink", topics.deadLetter().name(), topics.inferences().keySerde().serializer(),
                        asOnItsSource(topics.inferences()), "inference-gate")
                .addProcessor("inference-events", SiteEvents.FromInferences::new, "inference-gate")
                .addProcessor("label-gate", () -> new InputGate<StudyLabels>((key, value, now) -> InputChecks.labels(key, value, now,
                        p.detection().maxFutureSkew().toMillis()), topics.studyLabels().name(),
                        "label-join", "labels-dead-letter-sink", p.metrics()), "labels")
                .addProcessor("label-join", () -> new LabelJoinProcessor(p.detection().groundTruthRetention(),
                        topics.studyLabels().name(), "label-events", "labels-dead-letter-sink", p.metrics()), "label-gate")
                .addSink("labels-dead-letter-sink", topics.deadLetter().name(), topics.studyLabels().keySerde().serializer(),
                        asOnItsSource(topics.studyLabels()), "label-gate", "label-join")
                .addProcessor("label-events", SiteEvents.FromLabels::new, "label-join")
                .addProcessor("dead-letter-events", () -> new SiteEvents.FromDeadLetters(topics.studies().name()), "dead-letters")
                .addProcessor("window-aggregator", () -> new PaneAggregatorProcessor(schemes, p.spec(), p.detection(), p.metrics(),
                        "windows-to-all-sites", p.backlog()),
                        "inference-events", "label-events", "dead-letter-events")
                .addStateStore(store(PaneAggregatorProcessor.PANES), "window-aggregator")
                .addStateStore(store(PaneAggregatorProcessor.PANE_JOURNAL), "window-aggregator")
                .addStateStore(store(PaneAggregatorProcessor.STATE), "window-aggregator")
                .addStateStore(store(PaneAggregatorProcessor.STUDY_SCORES), "window-aggregator")
                .addStateStore(store(PaneAggregatorProcessor.SCORES_PER_SITE), "window-aggregator")
                .addStateStore(store(PaneAggregatorProcessor.CLOCKS), "window-aggregator")
                .addStateStore(store(LabelJoinProcessor.PENDING_LABELS), "window-aggregator", "label-join")
                .connectProcessorAndStateStores("label-join", PaneAggregatorProcessor.STUDY_SCORES, PaneAggregatorProcessor.CLOCKS)
                // The detector is the aggregator's first child, so a site's incident status for a window reaches
                // the all-sites topic before the window itself.
                .addProcessor("detector", p::detector, "window-aggregator")
                .addSink("windows-sink", topics.windows().name(), topics.windows().keySerde().serializer(), topics.windows().valueSerde().serializer(), "detector")
                .addProcessor("incidents", p::siteIncidents, "detector")
                .addStateStore(store(IncidentProcessor.SITE_STORE), "incidents")
                // A site's incidents go when the aggregator forgets its clock (detection.siteStateRetention).
                .connectProcessorAndStateStores("incidents", PaneAggregatorProcessor.CLOCKS)
                // Recent summaries for the query API, in the site's task so Streams knows which instance holds a site.
                .addProcessor("recent-windows", () -> new RecentWindowsProcessor(p.apiWindowRetention()), "detector")
                .addStateStore(store(RecentWindows.STORE), "recent-windows")
                .addProcessor("incident-events", () -> Remap.<IncidentOutcome, DriftAlert>values(IncidentOutcome::alert), "incidents")
                .addSink("alerts-sink", topics.alerts().name(), topics.alerts().keySerde().serializer(), topics.alerts().valueSerde().serializer(), "incident-events")
                .addProcessor("incident-statuses-to-all-sites", () -> Remap.<IncidentOutcome, AllSitesFeed>toKey(ClosedWindow.ALL_SITES,
                        o -> Optional.of(new AllSitesFeed.SiteIncident(o.status()))), "incidents")
                .addProcessor("windows-to-all-sites", () -> Remap.<WindowFeed, AllSitesFeed>toKey(ClosedWindow.ALL_SITES,
                        w -> Optional.of(AllSitesFeed.of(w))), "window-aggregator")
                .addSink("all-sites-sink", p.allSitesTopic(), Serdes.String().serializer(), p.feed().serializer(),
                        "incident-statuses-to-all-sites", "windows-to-all-sites");
    }

    /** The all-sites view {@code *} in one task: merge, evaluation, the sites' incident index and {@code *}'s incidents. */
    private static void addAllSites(final Topology topology, final Parts p) {
        final Topics topics = p.topics();
        topology.addSource("all-sites", Serdes.String().deserializer(), p.feed().deserializer(), p.allSitesTopic())
                .addProcessor("all-sites-site-windows", () -> Remap.<AllSitesFeed, WindowFeed>values(AllSitesFeed::windowFeed), "all-sites")
                .addProcessor("all-sites-merge", () -> new AllSitesMergeProcessor(p.spec(), allSitesStartupWait(p.detection()), p.metrics()), "all-sites-site-windows")
                .addStateStore(store(AllSitesMergeProcessor.PENDING), "all-sites-merge")
                .addStateStore(longStore(AllSitesMergeProcessor.EMITTED), "all-sites-merge")
                .addStateStore(longStore(AllSitesMergeProcessor.LATE), "all-sites-merge")
                .addStateStore(store(AllSitesMergeProcessor.MEMBERS), "all-sites-merge")
                .addProcessor("all-sites-detector", p::detector, "all-sites-merge")
                .addSink("all-sites-windows-sink", topics.windows().name(), topics.windows().keySerde().serializer(), topics.windows().valueSerde().serializer(), "all-sites-detector")
                .addProcessor("all-sites-site-incidents", () -> Remap.<AllSitesFeed, IncidentStatus>values(AllSitesFeed::siteIncident), "all-sites")
                .addProcessor("site-incident-tracker", SiteIncidentTracker::new, "all-sites-site-incidents")
                .addStateStore(store(SiteIncidentIndex.STORE), "site-incident-tracker")
                .addProcessor("all-sites-incidents", p::allSitesIncidents, "all-sites-detector")
                .addStateStore(store(IncidentProcessor.ALL_SITES_STORE), "all-sites-incidents")
                .connectProcessorAndStateStores("all-sites-incidents", SiteIncidentIndex.STORE)
                .addProcessor("all-sites-incident-events", () -> Remap.<IncidentOutcome, DriftAlert>values(IncidentOutcome::alert), "all-sites-incidents")
                .addSink("all-sites-alerts-sink", topics.alerts().name(), topics.alerts().keySerde().serializer(), topics.alerts().valueSerde().serializer(), "all-sites-incident-events");
    }

    /** What both halves of the stage share, built once from the configuration and the profile. */
    private record Parts(Topics topics, AggregateSpec spec, Map<String, WindowEvaluator> evaluators, OperationalChecks checks,
                         LabelRatesMapper labelRates, ProfileIdentity identity, Map<String, Long> grace, Set<String> alerting,
                         RadShiftConfig.Detection detection, Map<String, Double> decisiveLevels, String runbookUrl, RadShiftMetrics metrics,
                         String allSitesTopic, Serde<AllSitesFeed> feed, Duration apiWindowRetention, Backlog backlog,
                         Map<String, Integer> windowsPerStudy) {

        static Parts of(final Topics topics, final RadShiftConfig config, final ReferenceProfile profile,
                        final RadShiftMetrics metrics, final Backlog backlog) {
            final Map<String, Long> grace = config.windows().stream().map(WindowScheme::of)
                    .collect(Collectors.toMap(WindowScheme::name, WindowScheme::graceMs));
            final Set<String> alerting = config.windows().stream().filter(RadShiftConfig.Window::alerting)
                    .map(RadShiftConfig.Window::name).collect(Collectors.toSet());
            return new Parts(topics, profile.aggregateSpec(), MonitoringStage.evaluatorsByKind(config, profile),
                    new OperationalChecks(config.detection(), referenceGaps(profile)), new LabelRatesMapper(profile.labels()),
                    new ProfileIdentity(profile.tags().modelId(), profile.tags().bundleHash(), profile.tags().profileId()),
                    grace, alerting, config.detection(), MonitoringStage.decisiveLevels(config), config.alerts().runbookUrl(), metrics, closedWindowsTopic(config),
                    AllSitesFeed.serde(), config.metrics().apiWindowRetention(), backlog,
                    config.windows().stream().map(WindowScheme::of).collect(Collectors.toUnmodifiableMap(
                            WindowScheme::name, WindowScheme::windowsPerStudy)));
        }

        DetectorProcessor detector() {
            return new DetectorProcessor(evaluators, checks, labelRates, spec, identity, grace, metrics);
        }

        /**
         * The sites' incidents: forgotten with their site's clock, opened at once on decisive evidence, resolved after a
         * window length without material evidence.
         */
        IncidentProcessor siteIncidents() {
            return new IncidentProcessor(IncidentProcessor.SITE_STORE, alerting, detection.fireAfter(),
                    detection.fireWindow(), decisiveLevels, runbookUrl, PagingRule.ALWAYS, metrics,
                    PaneAggregatorProcessor.CLOCKS, windowsPerStudy);
        }

        /**
         * The all-sites view's incidents, which page only when no site's incident explains them, and then only once
         * their evidence held across a window length ({@link FleetConfirmation}). They keep the fireAfter-of-fireWindow
         * persistence without the decisive tier: the pooled windows often see a site's change a window before that
         * site's own incident opens, and waiting lets the site explain it.
         */
        IncidentProcessor allSitesIncidents() {
            return new IncidentProcessor(IncidentProcessor.ALL_SITES_STORE, alerting, detection.fireAfter(),
                    detection.fireWindow(), Map.of(), runbookUrl,
                    new SiteIncidentIndex(new FleetConfirmation(windowsPerStudy)), metrics, null, windowsPerStudy);
        }
    }

    private static Map<String, Double> referenceGaps(final ReferenceProfile profile) {
        final Map<String, Double> gaps = new HashMap<>();
        for (int i = 0; i < profile.labels().labels().size(); i++) {
            gaps.put(profile.labels().labels().get(i), profile.labels().overconfidenceGap()[i]);
        }
        return gaps;
    }

    /**
     * One evaluator per window kind, each at the kind's per-window level: {@code detection.alpha} is the false-alarm
     * probability per window length at a stable site, and a sliding window shares every study with
     * {@code size / advance} others, so each is tested at {@code alpha * advance / size} (Bonferroni over the windows
     * that hold one study). Without it a chance excursion, which shows in many overlapping windows, opens an incident
     * far more often than alpha says (BENCHMARKS.md, Alerts).
     */
    static Map<String, WindowEvaluator> evaluatorsByKind(final RadShiftConfig config, final ReferenceProfile profile) {
        final Map<String, WindowEvaluator> evaluators = new HashMap<>();
        for (final RadShiftConfig.Window window : config.windows()) {
            evaluators.put(window.name(), new WindowEvaluator(profile, evaluatorConfig(config.detection(), WindowScheme.of(window))));
        }
        return Map.copyOf(evaluators);
    }

    /**
     * Per window kind, the adjusted p-value at or below which one material test opens an incident at once: the kind's
     * level divided by {@code detection.fireAtOnce} (none when it is 0). At 10 this added no false page at the stable
     * sites of {@code bench alerts} and brought the scanner change's page forward by the hour that waiting for a
     * second window costs (BENCHMARKS.md, Alerts).
     */
    static Map<String, Double> decisiveLevels(final RadShiftConfig config) {
        final RadShiftConfig.Detection detection = config.detection();
        if (detection.fireAtOnce() == 0) {
            return Map.of();
        }
        return config.windows().stream().map(WindowScheme::of).collect(Collectors.toUnmodifiableMap(
                WindowScheme::name, scheme -> evaluatorConfig(detection, scheme).alpha() / detection.fireAtOnce()));
    }

    /** The evaluator settings of one window kind: {@link #evaluatorConfig(RadShiftConfig.Detection)} at its per-window level. */
    public static EvaluatorConfig evaluatorConfig(final RadShiftConfig.Detection detection, final WindowScheme scheme) {
        return evaluatorConfig(detection).withAlpha(detection.alpha() / scheme.windowsPerStudy());
    }

    static EvaluatorConfig evaluatorConfig(final RadShiftConfig.Detection detection) {
        return new EvaluatorConfig(detection.alpha(), detection.minStudies(),
                MultipleTesting.Correction.parse(detection.correction()), EnumSet.allOf(DriftTest.class),
                tolerances(detection.tolerances()));
    }

    /** {@code detection.tolerances} over the defaults: a value left out keeps the family's default. */
    static Tolerances tolerances(final RadShiftConfig.Tolerances configured) {
        Tolerances tolerances = Tolerances.defaults();
        for (final Map.Entry<String, RadShiftConfig.FamilyTolerance> entry : configured.configured().entrySet()) {
            final EffectFamily family = EffectFamily.ofConfigKey(entry.getKey());
            final RadShiftConfig.FamilyTolerance settings = entry.getValue();
            final Tolerance band = tolerance(family.defaultTolerance(), settings.tolerance(), settings.critical());
            final Map<String, Tolerance> labels = new HashMap<>(family.defaultLabelTolerances());
            settings.labels().forEach((label, t) -> labels.put(label, tolerance(band, t.tolerance(), t.critical())));
            tolerances = tolerances.with(family, new Tolerances.Family(band, settings.fromReference(), labels));
        }
        return tolerances;
    }

    /** A tolerance with the given values; a critical value left out is the fallback's, or the tolerance if larger. */
    private static Tolerance tolerance(final Tolerance fallback, final Double tolerance, final Double critical) {
        final double value = Objects.requireNonNullElse(tolerance, fallback.tolerance());
        return new Tolerance(value, critical != null ? critical : Math.max(fallback.critical(), value));
    }

    /**
     * Serializes a refused record as its source topic's serializer does, under the source topic's subject: the
     * dead-letter topic carries records of every type, and under the topic-name strategy its own subject would take
     * the first type it saw (a StudyInference) and refuse the next (a StudyLabels is not BACKWARD compatible with
     * it), failing the stream thread on that record again and again.
     */
    private static <V> Serializer<V> asOnItsSource(final Topic<String, V> source) {
        final Serializer<V> serializer = source.valueSerde().serializer();
        return (topic, value) -> serializer.serialize(source.name(), value);
    }

    /**
     * A persistent, changelogged store, without Kafka Streams' record cache. The cache was tried for throughput
     * (a key written many times within a commit reaches RocksDB and the changelog once): with it, the all-sites view
     * written by a monitor killed and restarted differed from an uninterrupted run's in every window (ChaosIT,
     * 0 of 15 equal; 15 of 15 without it), and its throughput gain was within the noise of a loaded machine
     * (BENCHMARKS.md, Topology throughput). Crash safety comes first.
     */
    private static StoreBuilder<KeyValueStore<String, byte[]>> store(final String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
            .withCachingDisabled();
    }

    private static StoreBuilder<KeyValueStore<String, Long>> longStore(final String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long())
            .withCachingDisabled();
    }
}
