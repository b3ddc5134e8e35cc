package io.radshift.stats.metrics;

/**
 * Per-sample multilabel ranking metrics with scikit-learn's definitions, so that a window's metric is the mean
 * of per-study values and can be kept as a mergeable sum. Only labels whose ground truth is known take part.
 * <ul>
 *   <li>LRAP: mean over relevant labels of |relevant labels ranked at or above it| / |labels ranked at or above
 *   it| (ties count as ranked above); a sample with no relevant or only relevant labels scores 1.</li>
 *   <li>Coverage error: number of labels with score >= the lowest score of a relevant label (0 if none).</li>
 *   <li>Ranking loss: fraction of (relevant, irrelevant) pairs with score(relevant) <= score(irrelevant);
 *   0 when a sample has no such pairs.</li>
 * </ul>
 */
public final class RankingMetrics {

    private RankingMetrics() {
    }

    /** Label ranking average precision of one sample. */
    public static double lrap(final boolean[] truth, final float[] scores, final boolean[] known) {
        final int relevant = countRelevant(truth, known);
        final int labelled = countKnown(known);
        if (relevant == 0 || relevant == labelled) {
            return 1;
        }
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            if (known[i] && truth[i]) {
                int atOrAbove = 0;
                int relevantAtOrAbove = 0;
                for (int j = 0; j < scores.length; j++) {
                    if (known[j] && scores[j] >= scores[i]) {
                        atOrAbove++;
                        relevantAtOrAbove += truth[j] ? 1 : 0;
                    }
                }
                sum += (double) relevantAtOrAbove / atOrAbove;
            }
        }
        return sum / relevant;
    }

    /** Coverage error of one sample. */
    public static double coverage(final boolean[] truth, final float[] scores, final boolean[] known) {
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < scores.length; i++) {
            if (known[i] && truth[i]) {
                lowest = Math.min(lowest, scores[i]);
            }
        }
        if (lowest == Double.POSITIVE_INFINITY) {
            return 0;
        }
        int count = 0;
        for (int j = 0; j < scores.length; j++) {
            count += known[j] && scores[j] >= lowest ? 1 : 0;
        }
        return count;
    }

    /** Ranking loss of one sample. */
    public static double rankingLoss(final boolean[] truth, final float[] scores, final boolean[] known) {
        final int relevant = countRelevant(truth, known);
        final int irrelevant = countKnown(known) - relevant;
        if (relevant == 0 || irrelevant == 0) {
            return 0;
        }
        long misordered = 0;
        for (int i = 0; i < scores.length; i++) {
            for (int j = 0; j < scores.length; j++) {
                if (known[i] && known[j] && truth[i] && !truth[j] && scores[i] <= scores[j]) {
                    misordered++;
                }
            }
        }
        return (double) misordered / ((long) relevant * irrelevant);
    }

    private static int countRelevant(final boolean[] truth, final boolean[] known) {
        int count = 0;
        for (int i = 0; i < truth.length; i++) {
            count += known[i] && truth[i] ? 1 : 0;
        }
        return count;
    }

    private static int countKnown(final boolean[] known) {
        int count = 0;
        for (final boolean k : known) {
            count += k ? 1 : 0;
        }
        return count;
    }
}
