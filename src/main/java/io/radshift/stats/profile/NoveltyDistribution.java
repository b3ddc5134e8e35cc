package io.radshift.stats.profile;

import java.util.Arrays;

/**
 * The reference's distribution of the per-study novelty score ({@link io.radshift.stats.Novelty}), kept as
 * {@value #POINTS} evenly spaced quantiles (0 %, 1 %, ..., 100 %) so that a profile stays small whatever the
 * reference's size. Built from the held-out calibration split: the fit split defined the mean, so its own studies
 * sit closer to it and would make every new study look more novel than it is.
 *
 * @param quantiles ascending novelty at probabilities {@code i / (POINTS - 1)}; empty when unknown (profiles built
 *                  before it was kept)
 */
public record NoveltyDistribution(double[] quantiles) {

    /** Number of stored quantiles. */
    public static final int POINTS = 101;

    /** An unknown distribution (an older profile). */
    public static final NoveltyDistribution UNKNOWN = new NoveltyDistribution(new double[0]);

    /** Checks the quantiles: none, or {@value #POINTS} finite ascending values. */
    public NoveltyDistribution {
        quantiles = quantiles.clone();
        if (quantiles.length != 0 && quantiles.length != POINTS) {
            throw new IllegalArgumentException("need 0 or " + POINTS + " quantiles, got " + quantiles.length);
        }
        for (int i = 0; i < quantiles.length; i++) {
            if (!Double.isFinite(quantiles[i]) || i > 0 && quantiles[i] < quantiles[i - 1]) {
                throw new IllegalArgumentException("novelty quantiles must be finite and ascending");
            }
        }
    }

    /** The quantiles of {@code novelties} (at least one value), linearly interpolated between order statistics. */
    public static NoveltyDistribution of(final double[] novelties) {
        if (novelties.length == 0) {
            throw new IllegalArgumentException("no novelty values");
        }
        final double[] sorted = novelties.clone();
        Arrays.sort(sorted);
        final double[] q = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            final double position = (sorted.length - 1) * (double) i / (POINTS - 1);
            final int below = (int) Math.floor(position);
            final int above = Math.min(sorted.length - 1, below + 1);
            q[i] = sorted[below] + (position - below) * (sorted[above] - sorted[below]);
        }
        return new NoveltyDistribution(q);
    }

    /** Whether the profile kept the distribution. */
    public boolean known() {
        return quantiles.length == POINTS;
    }

    /**
     * The percentile of {@code novelty} among reference studies, 0 to 100: the share of the reference that is less
     * novel, interpolated between the stored quantiles (on a run of equal quantiles, the middle of the run). 0 below
     * the least novel and 100 beyond the most novel reference study.
     *
     * @throws IllegalStateException when the distribution is unknown
     */
    public double percentile(final double novelty) {
        if (!known()) {
            throw new IllegalStateException("the profile keeps no novelty distribution");
        }
        final int last = POINTS - 1;
        if (novelty < quantiles[0]) {
            return 0;
        }
        if (novelty > quantiles[last]) {
            return 100;
        }
        int low = 0;
        while (low < last && quantiles[low + 1] < novelty) {
            low++;
        }
        int high = low;
        while (high < last && quantiles[high + 1] <= novelty) {
            high++;
        }
        if (high > low || quantiles[low] == novelty) {
            // novelty equals a run of quantiles low..high (or the single quantile low): the run's middle.
            final int first = quantiles[low] == novelty ? low : low + 1;
            return 100.0 * (first + high) / 2 / last;
        }
        final double fraction = (novelty - quantiles[low]) / (quantiles[low + 1] - quantiles[low]);
        return 100.0 * (low + fraction) / last;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof NoveltyDistribution other && Arrays.equals(quantiles, other.quantiles);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(quantiles);
    }

    @Override
    public String toString() {
        return "NoveltyDistribution" + (known() ? "[median " + quantiles[POINTS / 2] + "]" : "[unknown]");
    }
}
