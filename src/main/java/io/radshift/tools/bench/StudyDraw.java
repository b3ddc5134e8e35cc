package io.radshift.tools.bench;

import java.util.List;
import java.util.SplittableRandom;

/**
 * How a simulated site picks its next study from pre-scored pools. Pools are drawn with replacement: a replay
 * of 90 days sends far more studies than there are real images, and each image is a draw from the site's
 * population, so resampling keeps the population and only repeats individuals.
 */
@FunctionalInterface
public interface StudyDraw {

    /** The next study. */
    PooledStudy next(SplittableRandom random);

    /** Any study of the pool, uniformly. */
    static StudyDraw uniform(final List<PooledStudy> pool) {
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("empty study pool");
        }
        final List<PooledStudy> copy = List.copyOf(pool);
        return random -> copy.get(random.nextInt(copy.size()));
    }

    /**
     * Label-mix matched: positive for {@code label} with probability {@code prevalence} (the reference's), then a
     * uniform study of that class. A same-hospital pool whose class mix differs from the reference's (Kermany's
     * per-image val/test split) would otherwise show a real label-mix difference, not a null.
     */
    static StudyDraw labelMatched(final List<PooledStudy> pool, final int label, final double prevalence) {
        final List<PooledStudy> positives = pool.stream().filter(s -> s.knownPositive(label)).toList();
        final List<PooledStudy> negatives = pool.stream().filter(s -> s.knownNegative(label)).toList();
        if (positives.isEmpty() || negatives.isEmpty()) {
            throw new IllegalArgumentException("a label-matched pool needs known positives and negatives (have "
                + positives.size() + " and " + negatives.size() + ")");
        }
        return random -> random.nextDouble() < prevalence ? positives.get(random.nextInt(positives.size()))
            : negatives.get(random.nextInt(negatives.size()));
    }

    /** From {@code other} with probability {@code fraction}, else from {@code base}: another hospital mixed in. */
    static StudyDraw mixed(final StudyDraw base, final StudyDraw other, final double fraction) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("mix fraction must be in [0, 1], got " + fraction);
        }
        return random -> random.nextDouble() < fraction ? other.next(random) : base.next(random);
    }
}
