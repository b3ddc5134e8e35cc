package io.radshift.topology;

import io.radshift.topics.Topics;

import io.radshift.alert.AlertLifecycleProcessor;
import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;
import io.radshift.config.RadShiftConfig;
import io.radshift.detect.DetectorProcessor;
import io.radshift.detect.OperationalChecks;
import io.radshift.detect.ProfileIdentity;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.AggregateSpec;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.drift.DriftTest;
import io.radshift.stats.drift.EvaluatorConfig;
import io.radshift.stats.drift.MultipleTesting;
import io.radshift.stats.drift.WindowEvaluator;
import io.radshift.window.AllSitesMergeProcessor;
import io.radshift.window.ClosedWindow;
import io.radshift.window.InputChecks;
import io.radshift.window.InputGate;
import io.radshift.window.PaneAggregatorProcessor;
import io.radshift.window.SiteEvents;
import io.radshift.window.Watermark;
import io.radshift.window.WindowScheme;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitoring half of RadShift's topology: from {@code study-inferences}, {@code study-labels} and the
 * dead-letter topic to {@code drift-windows} and {@code drift-alerts}.
 *
 * <pre>
 * inferences ─▶ inference-gate ─┐
 * labels ─────▶ label-gate ─────┼─▶ window-aggregator ─┬─────────────────────────────▶ detector ─┬─▶ drift-windows
 * dead-letter ──────────────────┘  (per-site panes)    └─▶ closed-windows ─▶ all-sites ─┘        └─▶ alert-lifecycle ─▶ drift-alerts
 * </pre>
 * The gates send tombstones, bad site ids and malformed embeddings or scores to the dead-letter topic
 * ({@link InputChecks}), so nothing that could throw reaches the per-site state.
 */
public final class MonitoringStage {

    /** How long the all-sites view waits for the other sites' windows after the first arrives. */
    static final Duration ALL_SITES_SETTLE = Duration.ofSeconds(2);

    private MonitoringStage() {
    }

    /** The internal topic carrying closed site windows to the all-sites merge. */
    public static String closedWindowsTopic(final RadShiftConfig config) {
        return config.kafka().applicationId() + "-closed-windows";
    }

    /** Adds the monitoring stage to {@code topology}. */
    public static void addTo(final Topology topology, final Topics topics, final RadShiftConfig config,
                             final ReferenceProfile profile, final Watermark watermark, final RadShiftMetrics metrics) {
        final AggregateSpec spec = profile.aggregateSpec();
        final List<WindowScheme> schemes = config.windows().stream().map(WindowScheme::of).toList();
        final WindowEvaluator evaluator = new WindowEvaluator(profile, evaluatorConfig(config.detection()));
        final ProfileIdentity identity = new ProfileIdentity(profile.tags().modelId(), profile.tags().bundleHash(), profile.tags().profileId());
        final Map<String, Long> grace = schemes.stream().collect(Collectors.toMap(WindowScheme::name, WindowScheme::graceMs));
        final OperationalChecks checks = new OperationalChecks(config.detection(), referenceGaps(profile));
        final Set<String> alerting = config.windows().stream().filter(RadShiftConfig.Window::alerting)
                .map(RadShiftConfig.Window::name).collect(Collectors.toSet());
        final String closedWindows = closedWindowsTopic(config);
        final long maxFutureSkew = config.detection().maxFutureSkew().toMillis();

        topology.addSource("inferences", topics.inferences().keySerde().deserializer(), topics.inferences().valueSerde().deserializer(), topics.inferences().name())
                .addSource("labels", topics.studyLabels().keySerde().deserializer(), topics.studyLabels().valueSerde().deserializer(), topics.studyLabels().name())
                .addSource("dead-letters", topics.deadLetter().keySerde().deserializer(), topics.deadLetter().valueSerde().deserializer(), topics.deadLetter().name())
                .addProcessor("inference-gate", () -> new InputGate<StudyInference>((key, value, now) -> InputChecks.inference(key, value, spec, now, maxFutureSkew),
                        topics.inferences().name(), "inference-events", "inferences-dead-letter-sink", metrics), "inferences")
                .addSink("inferences-dead-letter-sink", topics.deadLetter().name(), topics.inferences().keySerde().serializer(),
                        topics.inferences().valueSerde().serializer(), "inference-gate")
                .addProcessor("inference-events", SiteEvents.FromInferences::new, "inference-gate")
                .addProcessor("label-gate", () -> new InputGate<StudyLabels>((key, value, now) -> InputChecks.labels(key, value, now), topics.studyLabels().name(),
                        "label-events", "labels-dead-letter-sink", metrics), "labels")
                .addSink("labels-dead-letter-sink", topics.deadLetter().name(), topics.studyLabels().keySerde().serializer(),
                        topics.studyLabels().valueSerde().serializer(), "label-gate")
                .addProcessor("label-events", SiteEvents.FromLabels::new, "label-gate")
                .addProcessor("dead-letter-events", () -> new SiteEvents.FromDeadLetters(topics.studies().name()), "dead-letters")
                .addProcessor("window-aggregator", () -> new PaneAggregatorProcessor(schemes, spec, watermark,
                        config.detection().groundTruthRetention(), metrics), "inference-events", "label-events", "dead-letter-events")
                .addStateStore(store(PaneAggregatorProcessor.PANES), "window-aggregator")
                .addStateStore(store(PaneAggregatorProcessor.STATE), "window-aggregator")
                .addStateStore(store(PaneAggregatorProcessor.STUDY_SCORES), "window-aggregator")
                .addProcessor("key-by-window", KeyByWindow::new, "window-aggregator")
                .addSink("closed-windows-sink", closedWindows, Serdes.String().serializer(), ClosedWindow.serde().serializer(), "key-by-window")
                .addSource("closed-windows", Serdes.String().deserializer(), ClosedWindow.serde().deserializer(), closedWindows)
                .addProcessor("all-sites-merge", () -> new AllSitesMergeProcessor(spec, ALL_SITES_SETTLE), "closed-windows")
                .addStateStore(store(AllSitesMergeProcessor.PENDING), "all-sites-merge")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AllSitesMergeProcessor.EMITTED),
                        Serdes.String(), Serdes.Long()), "all-sites-merge")
                .addProcessor("detector", () -> new DetectorProcessor(evaluator, checks, spec, identity, grace, metrics),
                        "window-aggregator", "all-sites-merge")
                .addSink("windows-sink", topics.windows().name(), topics.windows().keySerde().serializer(), topics.windows().valueSerde().serializer(), "detector")
                .addProcessor("alert-lifecycle", () -> new AlertLifecycleProcessor(alerting, config.detection().fireAfter(),
                        config.detection().fireWindow(), config.alerts().runbookUrl(), metrics), "detector")
                .addStateStore(store(AlertLifecycleProcessor.EPISODES), "alert-lifecycle")
                .addSink("alerts-sink", topics.alerts().name(), topics.alerts().keySerde().serializer(), topics.alerts().valueSerde().serializer(), "alert-lifecycle");
    }

    private static Map<String, Double> referenceGaps(final ReferenceProfile profile) {
        final Map<String, Double> gaps = new java.util.HashMap<>();
        for (int i = 0; i < profile.labels().labels().size(); i++) {
            gaps.put(profile.labels().labels().get(i), profile.labels().overconfidenceGap()[i]);
        }
        return gaps;
    }

    static EvaluatorConfig evaluatorConfig(final RadShiftConfig.Detection detection) {
        return new EvaluatorConfig(detection.alpha(), detection.minStudies(),
                MultipleTesting.Correction.parse(detection.correction()), EnumSet.allOf(DriftTest.class));
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> store(final String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray());
    }

    /** Keys a closed site window by (kind, end) so that all sites' windows of one window meet in one task. */
    static final class KeyByWindow extends ContextualProcessor<String, ClosedWindow, String, ClosedWindow> {
        @Override
        public void process(final Record<String, ClosedWindow> record) {
            final ClosedWindow w = record.value();
            context().forward(record.withKey(w.windowKind() + "@" + w.end()));
        }
    }
}
