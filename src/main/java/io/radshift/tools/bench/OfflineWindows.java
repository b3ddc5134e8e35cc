package io.radshift.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.radshift.avro.StudyInference;
import io.radshift.config.RadShiftConfig;
import io.radshift.stats.AggregateSpec;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.drift.Evaluation;
import io.radshift.stats.drift.TestOutcome;
import io.radshift.stats.drift.WindowEvaluator;
import io.radshift.topology.MonitoringStage;
import io.radshift.window.StudyObservations;
import io.radshift.window.WindowScheme;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The alert benchmark's windows without Kafka: the same plan's studies (same pools, arrivals and draws), cut into the
 * alerting scheme's windows and judged by the same evaluator at the same per-window level as the detector, written as
 * JSON lines (the {@code WindowSummary} field names {@code tools/alert_gating.py} reads). What it leaves out: the
 * incident lifecycle, the all-sites view and exactly-once delivery, so it says how often windows are flagged, not
 * how often the pipeline pages; the gating script replays the incident rule over its windows. It exists to tune
 * detection settings in minutes: on the benchmark's plans its window verdicts reproduce the pipeline's
 * false-alarm rates. Ground truth reaches a window as the pipeline's does: half the labelled studies, 12 h later,
 * into the pane of their arrival.
 */
public final class OfflineWindows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OfflineWindows() {
    }

    /** Judges every alerting window of {@code plan} and appends one JSON line per window to {@code out}. */
    public static long write(final AlertReplay.Plan plan, final RadShiftConfig config, final Path out) throws IOException {
        final WindowScheme scheme = WindowScheme.of(AlertReplay.alertingWindow(config));
        final WindowEvaluator evaluator = new WindowEvaluator(plan.profile(),
            MonitoringStage.evaluatorConfig(config.detection(), scheme));
        final List<Map<Long, WindowAggregate>> panes = panes(plan, scheme);
        long written = 0;
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (int s = 0; s < plan.sites().size(); s++) {
                final String site = plan.sites().get(s).site().site();
                for (long end = scheme.firstWindowEndContaining(plan.start().toEpochMilli());
                     end <= plan.end().toEpochMilli(); end = scheme.nextWindowEnd(end)) {
                    final WindowAggregate window = window(panes.get(s), scheme, end, plan.profile().aggregateSpec());
                    writer.write(JSON.writeValueAsString(row(site, scheme.windowStart(end), end, evaluator.evaluate(window))));
                    writer.newLine();
                    written++;
                }
            }
        }
        return written;
    }

    /** Every site's panes by pane start, filled as the window aggregator fills them. */
    private static List<Map<Long, WindowAggregate>> panes(final AlertReplay.Plan plan, final WindowScheme scheme) {
        final AggregateSpec spec = plan.profile().aggregateSpec();
        final SplittableRandom random = new SplittableRandom(plan.seed());
        final Arrivals arrivals = new Arrivals(plan.sites().stream().map(AlertReplay.Site::studiesPerDay).toList(),
            plan.start().toEpochMilli(), plan.end().toEpochMilli(), random.split());
        final List<Map<Long, WindowAggregate>> panes = new ArrayList<>();
        plan.sites().forEach(s -> panes.add(new HashMap<>()));
        long studies = 0;
        while (arrivals.hasNext()) {
            final Arrivals.Arrival arrival = arrivals.next();
            final AlertReplay.Site site = plan.sites().get(arrival.site());
            final Map<Long, WindowAggregate> sitePanes = panes.get(arrival.site());
            final boolean changed = site.site().changeAt() != null && arrival.time() >= site.site().changeAt().toEpochMilli();
            final PooledStudy study = (changed ? site.after() : site.before()).next(random);
            final StudyInference inference = StudyInference.newBuilder(study.inference()).setStudyId("s-" + studies++)
                .setSiteId(site.site().site()).setEventTime(Instant.ofEpochMilli(arrival.time())).build();
            pane(sitePanes, scheme, arrival.time(), spec).add(StudyObservations.of(inference));
            if (study.hasTruth() && random.nextDouble() < AlertReplay.LABELLED_FRACTION) {
                final long labelledAt = arrival.time() + AlertReplay.LABEL_DELAY.toMillis();
                pane(sitePanes, scheme, labelledAt, spec).truth()
                    .add(StudyObservations.scores(inference.getScores()), study.positives(), study.known());
            }
        }
        return panes;
    }

    private static WindowAggregate pane(final Map<Long, WindowAggregate> panes, final WindowScheme scheme,
                                        final long t, final AggregateSpec spec) {
        return panes.computeIfAbsent(scheme.paneStart(t), k -> WindowAggregate.empty(spec));
    }

    private static WindowAggregate window(final Map<Long, WindowAggregate> panes, final WindowScheme scheme,
                                          final long end, final AggregateSpec spec) {
        WindowAggregate window = WindowAggregate.empty(spec);
        for (long p = scheme.windowStart(end); p < end; p = scheme.nextPaneStart(p)) {
            final WindowAggregate pane = panes.get(p);
            if (pane != null) {
                window = window.merge(pane);
            }
        }
        return window;
    }

    private static Map<String, Object> row(final String site, final long start, final long end, final Evaluation e) {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("siteId", site);
        row.put("windowStart", Instant.ofEpochMilli(start).toString());
        row.put("windowEnd", Instant.ofEpochMilli(end).toString());
        row.put("n", e.n());
        row.put("verdict", e.verdict().name());
        final List<Map<String, Object>> tests = new ArrayList<>();
        for (final TestOutcome t : e.tests()) {
            final Map<String, Object> test = new LinkedHashMap<>();
            test.put("test", t.test());
            test.put("label", t.label());
            test.put("pValue", t.pValue());
            test.put("adjustedPValue", t.adjustedPValue());
            test.put("effectSize", t.effectSize());
            test.put("effectTolerance", t.effectTolerance());
            test.put("effectStandardError", t.effectStandardError());
            test.put("significant", t.significant());
            test.put("drift", t.drift());
            test.put("severity", t.severity() == null ? null : t.severity().name());
            tests.add(test);
        }
        row.put("tests", tests);
        return row;
    }
}
