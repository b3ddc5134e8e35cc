package io.radshift.detect;

import io.radshift.avro.GroundTruthMetrics;
import io.radshift.avro.LabelMetrics;
import io.radshift.avro.EffectSeverity;
import io.radshift.avro.TestResult;
import io.radshift.avro.WindowSummary;
import io.radshift.avro.WindowVerdict;
import io.radshift.stats.metrics.GroundTruthSummary;
import io.radshift.stats.drift.Evaluation;
import io.radshift.stats.drift.TestOutcome;
import io.radshift.window.ClosedWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Maps an evaluated window to the Avro {@link WindowSummary} written to {@code drift-windows}. */
public final class WindowSummaries {

    private WindowSummaries() {
    }

    /**
     * @param window      the closed window
     * @param evaluation  the statistical evaluation
     * @param operational rule-based checks (see {@link OperationalChecks})
     * @param identity    model id, bundle hash and profile id
     * @param deadLetters dead-lettered studies by reason
     * @param novelIds    pseudonymous ids of the most novel studies
     * @param reference   per-label rates and score histograms beside the reference's, and the reference's own
     *                    ground-truth metrics (see {@link LabelRatesMapper})
     * @param evaluatedAt wall-clock time of the evaluation
     */
    public static WindowSummary of(final ClosedWindow window, final Evaluation evaluation, final List<TestOutcome> operational,
                                   final ProfileIdentity identity, final Map<String, Long> deadLetters,
                                   final List<String> novelIds, final LabelRatesMapper.Rates reference,
                                   final long evaluatedAt) {
        final List<TestResult> tests = java.util.stream.Stream.concat(evaluation.tests().stream(), operational.stream())
                .map(WindowSummaries::result).toList();
        return WindowSummary.newBuilder()
                .setSiteId(window.site())
                .setWindowKind(window.windowKind())
                .setWindowStart(Instant.ofEpochMilli(window.start()))
                .setWindowEnd(Instant.ofEpochMilli(window.end()))
                .setN(evaluation.n())
                .setVerdict(WindowVerdict.valueOf(evaluation.verdict().name()))
                .setModelId(identity.modelId())
                .setBundleHash(identity.bundleHash())
                .setProfileId(identity.profileId())
                .setCorrection(evaluation.correction().wireName())
                .setTests(tests)
                .setGroundTruth(evaluation.groundTruth().map(WindowSummaries::groundTruth).orElse(null))
                .setLateDropped(window.lateDropped())
                .setDeadLettered(Map.copyOf(deadLetters))
                .setTopNovelStudyIds(List.copyOf(novelIds))
                .setLabelRates(List.copyOf(reference.labels()))
                .setReferenceGroundTruth(reference.truth().map(WindowSummaries::groundTruth).orElse(null))
                .setEvaluatedAt(Instant.ofEpochMilli(evaluatedAt))
                .build();
    }

    private static TestResult result(final TestOutcome t) {
        return TestResult.newBuilder()
                .setTest(t.test())
                .setLabel(t.label())
                .setStatistic(t.statistic())
                .setThreshold(t.threshold())
                .setPValue(t.pValue())
                .setAdjustedPValue(t.adjustedPValue())
                .setEffectSize(t.effectSize())
                .setEffectSizeName(t.effectSizeName())
                .setDrift(t.drift())
                .setEffectTolerance(t.effectTolerance())
                .setSignificant(t.significant())
                .setSeverity(EffectSeverity.valueOf(t.severity().name()))
                .setEffectStandardError(t.effectStandardError())
                .build();
    }

    private static GroundTruthMetrics groundTruth(final GroundTruthSummary g) {
        return GroundTruthMetrics.newBuilder()
                .setLabelledCount(g.labelledCount())
                .setMacroF1(g.macroF1())
                .setLrap(g.lrap())
                .setCoverageError(g.coverageError())
                .setRankingLoss(g.rankingLoss())
                .setPerLabel(g.perLabel().stream().map(l -> LabelMetrics.newBuilder()
                        .setLabel(l.label()).setSupport(l.support()).setPrecision(l.precision()).setRecall(l.recall())
                        .setF1(l.f1()).setEce(l.ece()).setOverconfidenceGap(l.overconfidenceGap()).build()).toList())
                .build();
    }
}
