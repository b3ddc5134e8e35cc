package io.radshift.stats.profile;

import io.radshift.stats.WindowAggregate;
import io.radshift.stats.math.EffectSizes;
import io.radshift.stats.sketch.CategoryCounts;

/**
 * The debiased effect size of each test of a window against the parts of a reference: the one place that
 * computes them, used by the drift evaluator (window against the profile) and by the profile builder (groups of
 * held-out patients against the fit split, to derive tolerances from the reference's own variation). See
 * {@link EffectSizes} for the estimators.
 */
public final class WindowEffects {

    /** Test name of the Euclidean centroid test. */
    public static final String CENTROID_EUCLIDEAN = "centroid-euclidean";
    /** Test name of the cosine centroid test. */
    public static final String CENTROID_COSINE = "centroid-cosine";
    /** Test name of the RFF-MMD^2 test. */
    public static final String MMD2_RFF = "mmd2-rff";
    /** Test name of the label-prior test. */
    public static final String LABEL_PRIOR = "label-prior";
    /** Test name of the rare-label over-confidence test. */
    public static final String RARE_OVERCONFIDENCE = "rare-overconfidence";
    /** Test name of the score-histogram test. */
    public static final String SCORE_HISTOGRAM = "score-chi2";
    /** Test name of the metadata test. */
    public static final String METADATA = "metadata-chi2";

    /**
     * An effect: the value reported and compared with the tolerance, and the unbiased estimate of its square
     * (for squared-scale effects the same number), whose mean over groups of patients is the between-group
     * variation.
     *
     * @param value          effect size
     * @param unbiasedSquare unbiased estimate of the squared population effect (may be negative)
     * @param linear         whether {@code value} is on a linear scale (a standardised difference) rather than a
     *                       squared one (a divergence or squared distance)
     * @param variance       sampling variance of the estimate, known for linear effects; NaN for squared-scale
     *                       ones, whose variance comes from the profile's n-calibrated null of their statistic
     */
    public record Effect(double value, double unbiasedSquare, boolean linear, double variance) {

        /** A squared-scale effect: its value is its own unbiased estimate; its variance is not known here. */
        static Effect squared(final double value) {
            return new Effect(value, value, false, Double.NaN);
        }

        /** A linear signed effect with its sampling variance. */
        static Effect linear(final double estimate, final double variance) {
            return new Effect(EffectSizes.debiasedMagnitude(estimate, variance), estimate * estimate - variance,
                true, variance);
        }
    }

    private WindowEffects() {
    }

    /**
     * Unbiased squared distance between the window's and the reference's mean embedding, over the reference's
     * total variance (sum of per-dimension variances): 0.01 is a shift of 0.1 total standard deviation.
     */
    public static Effect centroidShift(final WindowAggregate window, final EmbeddingReference reference) {
        final long n = window.count();
        final double[] mean = window.meanEmbedding();
        final double referenceTrace = sum(reference.variance());
        final double unbiased = EffectSizes.unbiasedSquaredDistance(
            CentroidStatistics.squaredEuclidean(mean, reference.mean()), windowTrace(window), n, referenceTrace,
            reference.fitCount());
        return Effect.squared(referenceTrace > 0 ? unbiased / referenceTrace : unbiased);
    }

    /** Cosine distance between the mean embeddings, less its sampling bias. */
    public static Effect cosineDistance(final WindowAggregate window, final EmbeddingReference reference) {
        final double[] mean = window.meanEmbedding();
        return Effect.squared(EffectSizes.debiasedCosineDistance(
            CentroidStatistics.cosineDistance(mean, reference.mean()), windowTrace(window), squaredNorm(mean),
            window.count(), sum(reference.variance()), squaredNorm(reference.mean()), reference.fitCount()));
    }

    /** Unbiased RFF-MMD^2 between the window and the fit split. */
    public static Effect mmd2(final WindowAggregate window, final EmbeddingReference reference) {
        return Effect.squared(EffectSizes.unbiasedMmd2(window.rffSum(), window.count(), reference.rffMean(),
            reference.fitCount(), reference.rffDiagonal()));
    }

    /**
     * Standardised mean difference of a quality feature, (window mean - reference mean) / reference scale ({@link
     * QualityReference#scale}: the sd, floored for features constant in the reference), shrunk by
     * its sampling variance (window variance / n + reference variance / N) / reference variance. Needs a
     * reference sd above 0 and at least 2 finite values in the window.
     */
    public static Effect qualityShift(final WindowAggregate window, final int feature,
                                      final QualityReference reference) {
        final long n = window.qualityCount(feature);
        final double sd = reference.scale(feature);
        final double mean = window.qualityMean(feature);
        final double windowVariance = Math.max(0, window.qualitySumSquares(feature) - n * mean * mean) / (n - 1);
        final double variance = (windowVariance / n + sd * sd / reference.counts()[feature]) / (sd * sd);
        return Effect.linear((mean - reference.means()[feature]) / sd, variance);
    }

    /** Debiased PSI of a label's score histogram. */
    public static Effect scoreHistogram(final WindowAggregate window, final int label,
                                        final LabelReference reference) {
        return Effect.squared(EffectSizes.debiasedPsi(window.histogram(label), reference.histograms()[label]));
    }

    /** Debiased PSI of a metadata field's cells (see {@link #metadataCells}). */
    public static Effect metadata(final WindowAggregate window, final MetadataReference reference) {
        final long[][] cells = metadataCells(window, reference);
        return Effect.squared(EffectSizes.debiasedPsi(cells[0], cells[1]));
    }

    /**
     * Window and reference counts of a metadata field over the reference's kept categories and one last cell
     * for every other category (including categories the reference never saw).
     *
     * @return {observed, expected}
     */
    public static long[][] metadataCells(final WindowAggregate window, final MetadataReference reference) {
        final CategoryCounts counts = window.metadata(reference.field());
        final int k = reference.categories().size();
        final long[] observed = new long[k + 1];
        final long[] expected = new long[k + 1];
        for (int c = 0; c < k; c++) {
            observed[c] = counts.knownCount(c);
            expected[c] = reference.counts()[c];
        }
        observed[k] = counts.unseenTotal();
        expected[k] = reference.otherCount();
        return new long[][] {observed, expected};
    }

    /**
     * Rise of a rare label's high-confidence rate over the reference's (Jeffreys-smoothed) rate on Cohen's h scale,
     * less its exact expected value at the reference rate ({@link EffectSizes#debiasedRateShift}): a one-sided
     * effect that is 0 on average when nothing changed, however small the window.
     */
    public static Effect rareOverconfidence(final WindowAggregate window, final int label,
                                            final LabelReference reference) {
        final long n = window.count();
        final double rate = reference.highConfidenceRate(label);
        final double shift = EffectSizes.debiasedRateShift(window.highConfidenceCount(label), n, rate);
        final double variance = EffectSizes.rateShiftVariance(n, rate);
        return new Effect(shift, shift * shift - variance, true, variance);
    }

    /**
     * Cohen's h of a label's positives among the window's labelled studies (Anscombe's transform) over the
     * reference prevalence, shrunk by its sampling variance. Needs labelled studies on both sides.
     */
    public static Effect labelPrior(final WindowAggregate window, final int label, final LabelReference reference) {
        final long known = window.truth().known(label);
        return Effect.linear(EffectSizes.cohensH(window.truth().positives(label), known, reference.prevalence(label)),
            EffectSizes.cohensHVariance(known, reference.known()[label]));
    }

    /** Trace of the window's embedding sample covariance. */
    private static double windowTrace(final WindowAggregate window) {
        return window.count() < 2 ? 0
            : EffectSizes.sampleTrace(window.meanEmbedding(), window.embeddingSumSquares(), window.count());
    }

    private static double squaredNorm(final double[] v) {
        double s = 0;
        for (final double x : v) {
            s += x * x;
        }
        return s;
    }

    private static double sum(final double[] values) {
        double s = 0;
        for (final double v : values) {
            s += v;
        }
        return s;
    }
}
