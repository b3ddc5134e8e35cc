package io.radshift.detect;

import io.radshift.avro.WindowSummary;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.AggregateSpec;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.WindowAggregateCodec;
import io.radshift.stats.sketch.TopKNovel;
import io.radshift.stats.drift.Evaluation;
import io.radshift.stats.drift.TestOutcome;
import io.radshift.stats.drift.WindowEvaluator;
import io.radshift.window.ClosedWindow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Evaluates every closed window against the reference profile and emits its {@link WindowSummary}: all tests
 * with statistic, calibrated threshold, p-values, effect sizes and verdicts, ground-truth metrics where labels
 * arrived, and the rule-based operational checks. Also publishes the window's statistics as metrics.
 */
public final class DetectorProcessor implements Processor<String, ClosedWindow, String, WindowSummary> {

    private final Map<String, WindowEvaluator> evaluators;
    private final OperationalChecks checks;
    private final LabelRatesMapper labelRates;
    private final AggregateSpec spec;
    private final ProfileIdentity identity;
    private final Map<String, Long> graceByKind;
    private final RadShiftMetrics metrics;
    private ProcessorContext<String, WindowSummary> context;

    /**
     * @param evaluators  the evaluator of each window kind (each kind has its own per-window level)
     * @param graceByKind grace period in ms of each window kind, to report how long after end plus grace the
     *                    verdict came (window-close lag, in event time)
     */
    public DetectorProcessor(final Map<String, WindowEvaluator> evaluators, final OperationalChecks checks,
                             final LabelRatesMapper labelRates, final AggregateSpec spec, final ProfileIdentity identity,
                             final Map<String, Long> graceByKind, final RadShiftMetrics metrics) {
        this.evaluators = Map.copyOf(evaluators);
        this.checks = checks;
        this.labelRates = labelRates;
        this.spec = spec;
        this.identity = identity;
        this.graceByKind = Map.copyOf(graceByKind);
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, WindowSummary> ctx) {
        this.context = ctx;
    }

    @Override
    public void process(final Record<String, ClosedWindow> record) {
        final ClosedWindow window = record.value();
        final WindowAggregate aggregate = WindowAggregateCodec.fromBytes(window.aggregate(), spec);
        final WindowEvaluator evaluator = evaluatorOf(window.windowKind());
        final Evaluation evaluation = evaluator.evaluate(aggregate);
        final boolean siteWindow = !ClosedWindow.ALL_SITES.equals(window.site());
        final List<TestOutcome> operational = checks.check(evaluator.alpha(), evaluation.n(), aggregate.deadLetters(),
                siteWindow ? Math.max(0, window.end() - window.lastStudyTime()) : -1, evaluation.groundTruth(),
                aggregate.truth());
        final List<String> novel = aggregate.mostNovel().stream().map(TopKNovel.Entry::studyId).toList();
        final WindowSummary summary = WindowSummaries.of(window, evaluation, operational, identity,
                aggregate.deadLetters(), novel, labelRates.of(aggregate), context.currentSystemTimeMs());
        publishMetrics(window, summary, aggregate);
        context.forward(new Record<>(window.site(), summary, window.end()));
    }

    private WindowEvaluator evaluatorOf(final String windowKind) {
        final WindowEvaluator evaluator = evaluators.get(windowKind);
        if (evaluator == null) {
            throw new IllegalStateException("no evaluator for window kind " + windowKind + "; configured: " + evaluators.keySet());
        }
        return evaluator;
    }

    private void publishMetrics(final ClosedWindow window, final WindowSummary summary, final WindowAggregate aggregate) {
        metrics.windowEvaluated(window.site(), window.windowKind(), summary.getVerdict().name(), summary.getN());
        final long closeAt = window.end() + graceByKind.getOrDefault(window.windowKind(), 0L);
        metrics.windowCloseLag(window.windowKind(), Duration.ofMillis(Math.max(0, window.watermark() - closeAt)));
        summary.getTests().forEach(t -> metrics.driftStatistic(window.site(), window.windowKind(), t.getTest(),
                t.getLabel(), t.getStatistic(), t.getThreshold()));
        for (int label = 0; label < spec.labels().size(); label++) {
            metrics.scoreHistogram(window.site(), window.windowKind(), spec.labels().get(label), aggregate.histogram(label));
        }
    }
}
