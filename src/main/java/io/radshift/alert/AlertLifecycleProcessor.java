package io.radshift.alert;

import io.radshift.avro.AlertKind;
import io.radshift.avro.AlertState;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.TestResult;
import io.radshift.avro.WindowSummary;
import io.radshift.avro.WindowVerdict;
import io.radshift.ops.RadShiftMetrics;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns window summaries into de-duplicated alerts: one FIRING and one RESOLVED {@link DriftAlert} per episode
 * of a (site, kind, label), with k-of-m persistence gating ({@link AlertEpisode}).
 *
 * <p>Only window kinds configured as alerting feed the lifecycle (the weekly windows are for review). The tests
 * of a window are grouped by alert key; a key is flagged when any of its tests rejected. Keys not evaluated in
 * a window (too few studies, no labels yet) keep their state, except site silence, which is judged on every
 * window. The episode state lives in a changelogged store and changes atomically with the emitted alert under
 * exactly-once, so a restart never repeats or loses a FIRING or RESOLVED record.
 */
public final class AlertLifecycleProcessor implements Processor<String, WindowSummary, String, DriftAlert> {

    /** Store of alert episodes, {@code site␟kind␟label} to {@link AlertEpisode} bytes. */
    public static final String EPISODES = "alert-episodes";

    private static final char SEPARATOR = '\u001f';

    private final Set<String> alertingWindows;
    private final int fireAfter;
    private final int fireWindow;
    private final String runbookUrl;
    private final RadShiftMetrics metrics;
    private ProcessorContext<String, DriftAlert> context;
    private KeyValueStore<String, byte[]> episodes;

    public AlertLifecycleProcessor(final Set<String> alertingWindows, final int fireAfter, final int fireWindow,
                                   final String runbookUrl, final RadShiftMetrics metrics) {
        this.alertingWindows = Set.copyOf(alertingWindows);
        this.fireAfter = fireAfter;
        this.fireWindow = fireWindow;
        this.runbookUrl = runbookUrl;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, DriftAlert> ctx) {
        this.context = ctx;
        this.episodes = ctx.getStateStore(EPISODES);
    }

    @Override
    public void process(final Record<String, WindowSummary> record) {
        final WindowSummary summary = record.value();
        if (!alertingWindows.contains(summary.getWindowKind())) {
            return;
        }
        for (Map.Entry<String, List<TestResult>> group : groupByAlertKey(summary).entrySet()) {
            final TestResult worst = group.getValue().stream().max(Comparator.comparing(TestResult::getDrift)
                    .thenComparingDouble(t -> -nullToOne(t.getAdjustedPValue()))).orElseThrow();
            step(summary, group.getKey(), worst);
        }
    }

    private Map<String, List<TestResult>> groupByAlertKey(final WindowSummary summary) {
        final boolean evaluated = summary.getVerdict() != WindowVerdict.INSUFFICIENT_DATA;
        final Map<String, List<TestResult>> groups = new LinkedHashMap<>();
        for (TestResult test : summary.getTests()) {
            final AlertKind kind = AlertKinds.of(test.getTest());
            if (evaluated || kind == AlertKind.SITE_SILENT || kind == AlertKind.INPUT_QUALITY) {
                groups.computeIfAbsent(key(summary.getSiteId(), kind, AlertKinds.perLabel(kind) ? test.getLabel() : null),
                        k -> new java.util.ArrayList<>()).add(test);
            }
        }
        return groups;
    }

    private void step(final WindowSummary summary, final String key, final TestResult test) {
        final byte[] stored = episodes.get(key);
        final AlertEpisode current = stored == null ? AlertEpisode.NEW : AlertEpisode.fromBytes(stored);
        final long end = summary.getWindowEnd().toEpochMilli();
        final AlertEpisode.Step step = current.apply(test.getDrift(), end, fireAfter, fireWindow);
        episodes.put(key, step.next().toBytes());
        final AlertKind kind = AlertKinds.of(test.getTest());
        final String label = AlertKinds.perLabel(kind) ? test.getLabel() : null;
        metrics.alertFiring(summary.getSiteId(), kind.name(), label, step.next().firing());
        if (step.change() == AlertEpisode.Change.FIRED) {
            emit(summary, kind, label, test, AlertState.FIRING, step.next().episodeStart());
        } else if (step.change() == AlertEpisode.Change.RESOLVED) {
            emit(summary, kind, label, test, AlertState.RESOLVED, current.episodeStart());
        }
    }

    private void emit(final WindowSummary summary, final AlertKind kind, final String label, final TestResult test,
                      final AlertState state, final long episodeStart) {
        final String site = summary.getSiteId();
        final DriftAlert alert = DriftAlert.newBuilder()
                .setAlertId(String.join("/", site, kind.name(), label == null ? "-" : label, Long.toString(episodeStart)))
                .setSiteId(site)
                .setKind(kind)
                .setLabel(label)
                .setState(state)
                .setSeverity(AlertKinds.severity(kind))
                .setWindowKind(summary.getWindowKind())
                .setWindowStart(summary.getWindowStart())
                .setWindowEnd(summary.getWindowEnd())
                .setEpisodeStart(Instant.ofEpochMilli(episodeStart))
                .setStatistic(test.getStatistic())
                .setThreshold(test.getThreshold())
                .setEffectSize(test.getEffectSize())
                .setN(summary.getN())
                .setTopNovelStudyIds(summary.getTopNovelStudyIds())
                .setRunbookUrl(runbookUrl)
                .setSummary(describe(site, kind, label, test, state, summary))
                .setEmittedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .build();
        context.forward(new Record<>(site, alert, summary.getWindowEnd().toEpochMilli()));
    }

    private static String describe(final String site, final AlertKind kind, final String label, final TestResult test,
                                   final AlertState state, final WindowSummary summary) {
        final String subject = label == null ? "" : " (" + label + ")";
        final String threshold = test.getThreshold() == null ? "" : String.format(" vs threshold %.4g", test.getThreshold());
        return String.format("%s %s at site %s%s: %s = %.4g%s, %s = %.3g, n = %d, window %s..%s", kind, state, site,
                subject, test.getTest(), test.getStatistic(), threshold, test.getEffectSizeName(), test.getEffectSize(),
                summary.getN(), summary.getWindowStart(), summary.getWindowEnd());
    }

    private static String key(final String site, final AlertKind kind, final String label) {
        return site + SEPARATOR + kind.name() + SEPARATOR + (label == null ? "" : label);
    }

    private static double nullToOne(final Double p) {
        return p == null ? 1.0 : p;
    }
}
