package io.radshift.stats.metrics;

/**
 * Ground-truth metrics of one label in one window; mirrors the Avro LabelMetrics record.
 *
 * @param label label name
 * @param support positives among labelled studies
 * @param precision precision at the decision threshold (0 when nothing was predicted positive)
 * @param recall recall at the decision threshold (0 when there were no positives)
 * @param f1 F1 at the decision threshold (0 when precision + recall = 0)
 * @param ece expected calibration error over equal-width score bins
 * @param overconfidenceGap mean score of predicted positives minus their precision (0 when none predicted)
 */
public record LabelMetricsValue(String label, long support, double precision, double recall, double f1,
                                double ece, double overconfidenceGap) {
}
