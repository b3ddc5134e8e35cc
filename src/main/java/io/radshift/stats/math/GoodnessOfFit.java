package io.radshift.stats.math;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chi-squared goodness of fit of window counts against reference counts, with sparse cells merged and a
 * correction for the reference being a sample itself (the PSI, its effect size, is in {@link EffectSizes}).
 *
 * <p>Cells are merged left to right (adjacent score bins; metadata categories in reference-frequency order)
 * until each merged cell expects at least {@link #MIN_EXPECTED} window studies; a short remainder joins the last
 * cell. The statistic sum (O - E)^2 / E is divided by (1 + n/N): for two independent multinomial samples of
 * sizes n and N this is the usual homogeneity statistic when proportions are estimated from the reference,
 * so a small reference does not inflate false alarms.
 */
public final class GoodnessOfFit {

    /** Minimum expected count per merged cell (Cochran's rule). */
    public static final double MIN_EXPECTED = 5;

    /**
     * Result of a goodness-of-fit test.
     *
     * @param statistic chi-squared statistic (after the reference-size correction)
     * @param df degrees of freedom (merged cells - 1)
     * @param pValue upper-tail p-value
     * @param cramersV sqrt(statistic / (n (cells - 1)))
     */
    public record Result(double statistic, int df, double pValue, double cramersV) {
    }

    private GoodnessOfFit() {
    }

    /** Tests window counts against reference counts of the same cells; empty when fewer than 2 cells remain. */
    public static Optional<Result> chiSquared(final long[] window, final long[] reference) {
        final long n = sum(window);
        final long total = sum(reference);
        if (n == 0 || total == 0) {
            return Optional.empty();
        }
        final List<double[]> cells = mergeSparse(window, reference, n, total);
        if (cells.size() < 2) {
            return Optional.empty();
        }
        double statistic = 0;
        for (final double[] cell : cells) {
            final double diff = cell[0] - cell[1];
            statistic += diff * diff / cell[1];
        }
        statistic /= 1 + (double) n / total;
        final int df = cells.size() - 1;
        return Optional.of(new Result(statistic, df, Distributions.chiSquaredSurvival(statistic, df),
            Math.sqrt(statistic / (n * (double) df))));
    }

    /** Merged cells as {observed, expected}. */
    private static List<double[]> mergeSparse(final long[] window, final long[] reference, final long n,
                                              final long total) {
        final List<double[]> cells = new ArrayList<>();
        double observed = 0;
        double expected = 0;
        for (int i = 0; i < window.length; i++) {
            observed += window[i];
            expected += n * (double) reference[i] / total;
            if (expected >= MIN_EXPECTED) {
                cells.add(new double[] {observed, expected});
                observed = 0;
                expected = 0;
            }
        }
        if (observed > 0 || expected > 0) {
            if (cells.isEmpty()) {
                cells.add(new double[] {observed, expected});
            } else {
                final double[] last = cells.get(cells.size() - 1);
                last[0] += observed;
                last[1] += expected;
            }
        }
        return cells;
    }

    private static long sum(final long[] values) {
        long s = 0;
        for (final long v : values) {
            s += v;
        }
        return s;
    }
}
