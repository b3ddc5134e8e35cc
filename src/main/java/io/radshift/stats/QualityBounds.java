package io.radshift.stats;

import java.util.Arrays;
import java.util.List;

/**
 * The range each image-quality feature is winsorised to before it enters a window's moments: the reference's own
 * lower and upper {@value #LEVEL} quantiles. Why: some features are heavy-tailed on real X-rays (the saturated
 * fraction is near 0 for most images and large for a few), so a couple of extreme images move a window's mean far
 * more than the normal or calibrated null of the mean expects, and stable sites were paged for it (BENCHMARKS.md,
 * Alerts). Clipping every study, in the reference and in the windows alike, bounds each image's influence on the
 * mean to {@code (upper - lower) / n} while a change of the bulk of the distribution (a new scanner) still moves it.
 * An empty range ({@link #NONE}: infinite bounds) leaves values unchanged; it is what profiles built before the
 * bounds existed use.
 *
 * @param lower per-feature lower bound, order of {@link QualityFeatures#NAMES}
 * @param upper per-feature upper bound
 */
public record QualityBounds(double[] lower, double[] upper) {

    /** Lower quantile level of the bounds; the upper one is 1 - LEVEL. */
    public static final double LEVEL = 0.01;

    /** No clipping. */
    public static final QualityBounds NONE = unbounded();

    /** Checks shapes and order. */
    public QualityBounds {
        if (lower.length != QualityFeatures.COUNT || upper.length != QualityFeatures.COUNT) {
            throw new IllegalArgumentException("quality bounds need " + QualityFeatures.COUNT + " features");
        }
        for (int f = 0; f < lower.length; f++) {
            if (lower[f] > upper[f]) {
                throw new IllegalArgumentException("quality bound of " + QualityFeatures.NAMES.get(f)
                    + ": lower " + lower[f] + " above upper " + upper[f]);
            }
        }
    }

    /** The reference's {@value #LEVEL} and {@code 1 - LEVEL} quantiles of each feature's finite values. */
    public static QualityBounds of(final List<Observation> reference) {
        final double[] lower = new double[QualityFeatures.COUNT];
        final double[] upper = new double[QualityFeatures.COUNT];
        for (int f = 0; f < QualityFeatures.COUNT; f++) {
            final int feature = f;
            final double[] values = reference.stream().mapToDouble(o -> o.quality()[feature])
                .filter(Double::isFinite).sorted().toArray();
            lower[f] = values.length == 0 ? Double.NEGATIVE_INFINITY : quantile(values, LEVEL);
            upper[f] = values.length == 0 ? Double.POSITIVE_INFINITY : quantile(values, 1 - LEVEL);
        }
        return new QualityBounds(lower, upper);
    }

    /** Feature f's value winsorised to its bounds; NaN stays NaN (a feature the study does not have). */
    public double clip(final int feature, final double value) {
        return Double.isNaN(value) ? value : Math.min(upper[feature], Math.max(lower[feature], value));
    }

    /** The study's quality features winsorised (a copy; the study itself is not changed). */
    public double[] clip(final double[] quality) {
        final double[] clipped = new double[quality.length];
        for (int f = 0; f < quality.length; f++) {
            clipped[f] = clip(f, quality[f]);
        }
        return clipped;
    }

    /** Whether these bounds clip nothing. */
    public boolean unboundedEverywhere() {
        return Arrays.stream(lower).allMatch(v -> v == Double.NEGATIVE_INFINITY)
            && Arrays.stream(upper).allMatch(v -> v == Double.POSITIVE_INFINITY);
    }

    /** Bounds are equal when their values are (a record would compare the arrays by identity). */
    @Override
    public boolean equals(final Object other) {
        return other instanceof QualityBounds b && Arrays.equals(lower, b.lower) && Arrays.equals(upper, b.upper);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
    }

    @Override
    public String toString() {
        return "QualityBounds[lower=" + Arrays.toString(lower) + ", upper=" + Arrays.toString(upper) + "]";
    }

    /** Part of the aggregate spec's fingerprint: equal bounds, equal value. */
    long fingerprint() {
        return hashCode();
    }

    /** Linear interpolation between order statistics (type 7, as numpy's default). */
    private static double quantile(final double[] sorted, final double level) {
        final double position = level * (sorted.length - 1);
        final int below = (int) Math.floor(position);
        final int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static QualityBounds unbounded() {
        final double[] lower = new double[QualityFeatures.COUNT];
        final double[] upper = new double[QualityFeatures.COUNT];
        Arrays.fill(lower, Double.NEGATIVE_INFINITY);
        Arrays.fill(upper, Double.POSITIVE_INFINITY);
        return new QualityBounds(lower, upper);
    }
}
