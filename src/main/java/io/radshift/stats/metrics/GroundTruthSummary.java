package io.radshift.stats.metrics;

import java.util.List;

/**
 * Ground-truth metrics of one window; mirrors the Avro GroundTruthMetrics record.
 *
 * @param labelledCount studies with any known label
 * @param macroF1 unweighted mean of per-label F1 over labels with at least one known study
 * @param lrap mean per-study label ranking average precision
 * @param coverageError mean per-study coverage error
 * @param rankingLoss mean per-study ranking loss
 * @param perLabel per-label metrics in profile label order
 */
public record GroundTruthSummary(long labelledCount, double macroF1, double lrap, double coverageError,
                                 double rankingLoss, List<LabelMetricsValue> perLabel) {
}
