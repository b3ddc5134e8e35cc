package io.radshift.stats.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Exactly mergeable ground-truth state of a window: per-label confusion counts at a decision threshold,
 * per-label calibration sums over equal-width score bins (count, score sum, positives), the score sum of
 * predicted positives, and the sums of per-study ranking metrics with their count. All fields add under merge,
 * so merge is associative and commutative (integer counts exactly, double sums up to rounding).
 */
public final class GroundTruthAccumulator {

    private final List<String> labels;
    private final double threshold;
    private final int bins;
    private final long[] truePositives;
    private final long[] falsePositives;
    private final long[] falseNegatives;
    private final long[] trueNegatives;
    private final double[] predictedPositiveScoreSum;
    private final long[][] binCount;
    private final double[][] binScoreSum;
    private final long[][] binPositives;
    private long labelledCount;
    private double lrapSum;
    private double coverageSum;
    private double rankingLossSum;

    /** Empty accumulator; threshold is the decision threshold (default 0.5), bins the calibration bins (10). */
    public GroundTruthAccumulator(final List<String> labels, final double threshold, final int bins) {
        this.labels = List.copyOf(labels);
        this.threshold = threshold;
        this.bins = bins;
        final int l = labels.size();
        truePositives = new long[l];
        falsePositives = new long[l];
        falseNegatives = new long[l];
        trueNegatives = new long[l];
        predictedPositiveScoreSum = new double[l];
        binCount = new long[l][bins];
        binScoreSum = new double[l][bins];
        binPositives = new long[l][bins];
    }

    /** Adds one labelled study; labels with {@code known[i] == false} are skipped. */
    public void add(final float[] scores, final boolean[] positives, final boolean[] known) {
        if (scores.length != labels.size() || positives.length != labels.size()) {
            throw new IllegalArgumentException("expected " + labels.size() + " labels");
        }
        boolean any = false;
        for (int i = 0; i < scores.length; i++) {
            if (known[i]) {
                any = true;
                addLabel(i, scores[i], positives[i]);
            }
        }
        if (any) {
            labelledCount++;
            lrapSum += RankingMetrics.lrap(positives, scores, known);
            coverageSum += RankingMetrics.coverage(positives, scores, known);
            rankingLossSum += RankingMetrics.rankingLoss(positives, scores, known);
        }
    }

    private void addLabel(final int i, final float score, final boolean positive) {
        final boolean predicted = score >= threshold;
        if (predicted) {
            predictedPositiveScoreSum[i] += score;
        }
        if (predicted && positive) {
            truePositives[i]++;
        } else if (predicted) {
            falsePositives[i]++;
        } else if (positive) {
            falseNegatives[i]++;
        } else {
            trueNegatives[i]++;
        }
        final int bin = Math.min(bins - 1, Math.max(0, (int) (score * bins)));
        binCount[i][bin]++;
        binScoreSum[i][bin] += score;
        binPositives[i][bin] += positive ? 1 : 0;
    }

    /** Adds every count and sum of {@code other} into this accumulator. */
    public void mergeFrom(final GroundTruthAccumulator other) {
        for (int i = 0; i < labels.size(); i++) {
            truePositives[i] += other.truePositives[i];
            falsePositives[i] += other.falsePositives[i];
            falseNegatives[i] += other.falseNegatives[i];
            trueNegatives[i] += other.trueNegatives[i];
            predictedPositiveScoreSum[i] += other.predictedPositiveScoreSum[i];
            for (int b = 0; b < bins; b++) {
                binCount[i][b] += other.binCount[i][b];
                binScoreSum[i][b] += other.binScoreSum[i][b];
                binPositives[i][b] += other.binPositives[i][b];
            }
        }
        labelledCount += other.labelledCount;
        lrapSum += other.lrapSum;
        coverageSum += other.coverageSum;
        rankingLossSum += other.rankingLossSum;
    }

    /** Positives among studies where label i is known (for the prior-shift test). */
    public long positives(final int i) {
        return truePositives[i] + falseNegatives[i];
    }

    /** Studies where label i is known. */
    public long known(final int i) {
        return truePositives[i] + falseNegatives[i] + falsePositives[i] + trueNegatives[i];
    }

    /** Studies predicted positive for label i (score at or above the decision threshold) where the label is known. */
    public long predictedPositives(final int i) {
        return truePositives[i] + falsePositives[i];
    }

    /** Studies with at least one known label. */
    public long labelledCount() {
        return labelledCount;
    }

    /** Metrics of the accumulated studies. */
    public GroundTruthSummary summary() {
        final List<LabelMetricsValue> perLabel = new ArrayList<>();
        double f1Sum = 0;
        int f1Labels = 0;
        for (int i = 0; i < labels.size(); i++) {
            final LabelMetricsValue value = labelMetrics(i);
            perLabel.add(value);
            if (known(i) > 0) {
                f1Sum += value.f1();
                f1Labels++;
            }
        }
        final double count = Math.max(1, labelledCount);
        return new GroundTruthSummary(labelledCount, f1Labels == 0 ? 0 : f1Sum / f1Labels,
            lrapSum / count, coverageSum / count, rankingLossSum / count, List.copyOf(perLabel));
    }

    private LabelMetricsValue labelMetrics(final int i) {
        final long predicted = truePositives[i] + falsePositives[i];
        final long actual = positives(i);
        final double precision = ratio(truePositives[i], predicted);
        final double recall = ratio(truePositives[i], actual);
        final double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        final double gap = predicted == 0 ? 0 : predictedPositiveScoreSum[i] / predicted - precision;
        return new LabelMetricsValue(labels.get(i), actual, precision, recall, f1, ece(i), gap);
    }

    private double ece(final int i) {
        final long total = known(i);
        if (total == 0) {
            return 0;
        }
        double sum = 0;
        for (int b = 0; b < bins; b++) {
            if (binCount[i][b] > 0) {
                final double confidence = binScoreSum[i][b] / binCount[i][b];
                final double accuracy = (double) binPositives[i][b] / binCount[i][b];
                sum += binCount[i][b] * Math.abs(confidence - accuracy);
            }
        }
        return sum / total;
    }

    private static double ratio(final long numerator, final long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    /** Writes the state with the given sink (used by the window codec). */
    public void writeTo(final StateSink sink) {
        sink.longs(truePositives);
        sink.longs(falsePositives);
        sink.longs(falseNegatives);
        sink.longs(trueNegatives);
        sink.doubles(predictedPositiveScoreSum);
        for (int i = 0; i < labels.size(); i++) {
            sink.longs(binCount[i]);
            sink.doubles(binScoreSum[i]);
            sink.longs(binPositives[i]);
        }
        sink.longs(new long[] {labelledCount});
        sink.doubles(new double[] {lrapSum, coverageSum, rankingLossSum});
    }

    /** Reads state written by {@link #writeTo} into this empty accumulator. */
    public void readFrom(final StateSource source) {
        source.longs(truePositives);
        source.longs(falsePositives);
        source.longs(falseNegatives);
        source.longs(trueNegatives);
        source.doubles(predictedPositiveScoreSum);
        for (int i = 0; i < labels.size(); i++) {
            source.longs(binCount[i]);
            source.doubles(binScoreSum[i]);
            source.longs(binPositives[i]);
        }
        final long[] count = new long[1];
        source.longs(count);
        labelledCount = count[0];
        final double[] sums = new double[3];
        source.doubles(sums);
        lrapSum = sums[0];
        coverageSum = sums[1];
        rankingLossSum = sums[2];
    }

    /** Fixed-shape output of primitive arrays, implemented by the binary codec. */
    public interface StateSink {
        /** Writes all values. */
        void longs(long[] values);

        /** Writes all values. */
        void doubles(double[] values);
    }

    /** Fixed-shape input of primitive arrays, implemented by the binary codec. */
    public interface StateSource {
        /** Fills all values. */
        void longs(long[] into);

        /** Fills all values. */
        void doubles(double[] into);
    }
}
