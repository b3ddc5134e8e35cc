package io.radshift.stats.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded k-medoids of embeddings under the Euclidean distance (the novelty's distance), for the reference exemplars
 * {@code radshift explain} shows beside a study. Seeding is k-means++ style (the first medoid the point nearest the
 * mean, each further one drawn with probability proportional to its squared distance to the nearest medoid so far),
 * then Voronoi iteration: assign every point to its nearest medoid, move each medoid to the member with the least
 * total distance to its cluster, until nothing moves. A medoid is a real reference study (unlike a k-means centre),
 * so it can be shown as an image. Bounded: at most {@code maxPoints} points take part (a seeded subsample), so the
 * cost is at most about {@code maxPoints^2} distances per iteration whatever the reference's size. Deterministic in
 * its inputs and seed.
 */
public final class Medoids {

    /** Iterations of the Voronoi step at most; it usually settles within a handful. */
    static final int MAX_ITERATIONS = 20;

    /**
     * One medoid.
     *
     * @param index   index of the medoid among the given points
     * @param members points of the sample assigned to it, scaled to the whole input (the counts sum to about its size)
     */
    public record Medoid(int index, long members) {
    }

    private Medoids() {
    }

    /**
     * Selects up to {@code k} medoids of {@code points} (fewer when there are fewer distinct points), the largest
     * cluster first.
     *
     * @param maxPoints points that take part at most (a seeded subsample beyond it)
     */
    public static List<Medoid> select(final List<float[]> points, final int k, final long seed, final int maxPoints) {
        if (k < 1 || maxPoints < 1) {
            throw new IllegalArgumentException("k and maxPoints must be >= 1");
        }
        if (points.isEmpty()) {
            return List.of();
        }
        final int[] sample = sample(points.size(), maxPoints, seed);
        final float[][] x = new float[sample.length][];
        for (int i = 0; i < sample.length; i++) {
            x[i] = points.get(sample[i]);
        }
        final int[] medoids = refine(x, seed(x, k, new SplittableRandom(seed)));
        final int[] assignment = assign(x, medoids);
        final long[] counts = new long[medoids.length];
        Arrays.stream(assignment).forEach(a -> counts[a]++);
        final List<Medoid> out = new ArrayList<>();
        for (int m = 0; m < medoids.length; m++) {
            out.add(new Medoid(sample[medoids[m]], Math.round(counts[m] * (double) points.size() / sample.length)));
        }
        out.sort((a, b) -> a.members() != b.members() ? Long.compare(b.members(), a.members())
            : Integer.compare(a.index(), b.index()));
        return List.copyOf(out);
    }

    /** Indices of a seeded subsample of {@code max} of {@code n} points, ascending; all of them when n <= max. */
    private static int[] sample(final int n, final int max, final long seed) {
        final int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        if (n <= max) {
            return all;
        }
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < max; i++) {
            final int j = i + random.nextInt(n - i);
            final int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        final int[] chosen = Arrays.copyOf(all, max);
        Arrays.sort(chosen);
        return chosen;
    }

    /** k-means++ seeding from the point nearest the mean; stops early when every point is already a medoid's twin. */
    private static int[] seed(final float[][] x, final int k, final SplittableRandom random) {
        final List<Integer> chosen = new ArrayList<>();
        chosen.add(nearestToMean(x));
        final double[] nearest = new double[x.length];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        while (chosen.size() < k) {
            final float[] last = x[chosen.get(chosen.size() - 1)];
            double total = 0;
            for (int i = 0; i < x.length; i++) {
                nearest[i] = Math.min(nearest[i], squared(x[i], last));
                total += nearest[i];
            }
            if (!(total > 0)) {
                break;
            }
            double target = random.nextDouble() * total;
            int pick = x.length - 1;
            for (int i = 0; i < x.length; i++) {
                target -= nearest[i];
                if (target < 0 && nearest[i] > 0) {
                    pick = i;
                    break;
                }
            }
            chosen.add(pick);
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int nearestToMean(final float[][] x) {
        final float[] mean = new float[x[0].length];
        for (final float[] p : x) {
            for (int d = 0; d < mean.length; d++) {
                mean[d] += p[d] / x.length;
            }
        }
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (squared(x[i], mean) < squared(x[best], mean)) {
                best = i;
            }
        }
        return best;
    }

    /** Voronoi iteration until no medoid moves (or {@link #MAX_ITERATIONS}). */
    private static int[] refine(final float[][] x, final int[] initial) {
        final int[] medoids = initial.clone();
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            final int[] assignment = assign(x, medoids);
            boolean moved = false;
            for (int m = 0; m < medoids.length; m++) {
                final int best = bestMember(x, assignment, m, medoids[m]);
                moved |= best != medoids[m];
                medoids[m] = best;
            }
            if (!moved) {
                break;
            }
        }
        return medoids;
    }

    /** The member of cluster {@code m} with the least total distance to the others (the current medoid on ties). */
    private static int bestMember(final float[][] x, final int[] assignment, final int m, final int current) {
        final List<Integer> members = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (assignment[i] == m) {
                members.add(i);
            }
        }
        int best = current;
        double bestCost = cost(x, members, current);
        for (final int candidate : members) {
            final double c = cost(x, members, candidate);
            if (c < bestCost - 1e-12 * Math.max(1, bestCost)) {
                best = candidate;
                bestCost = c;
            }
        }
        return best;
    }

    private static double cost(final float[][] x, final List<Integer> members, final int candidate) {
        double sum = 0;
        for (final int i : members) {
            sum += Math.sqrt(squared(x[i], x[candidate]));
        }
        return sum;
    }

    /** Index (into {@code medoids}) of each point's nearest medoid; ties go to the earlier medoid. */
    static int[] assign(final float[][] x, final int[] medoids) {
        final int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int m = 0; m < medoids.length; m++) {
                final double d = squared(x[i], x[medoids[m]]);
                if (d < best) {
                    best = d;
                    out[i] = m;
                }
            }
        }
        return out;
    }

    private static double squared(final float[] a, final float[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            final double diff = a[d] - b[d];
            sum += diff * diff;
        }
        return sum;
    }
}
