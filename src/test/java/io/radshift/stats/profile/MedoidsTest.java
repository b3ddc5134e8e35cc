package io.radshift.stats.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Seeded k-medoids: one medoid per well-separated cluster, at its centre, deterministic and bounded. */
class MedoidsTest {

    private static final float[][] CENTRES = {{0, 0, 0}, {10, 0, 0}, {0, 10, 0}, {0, 0, 10}};

    /** {@code perCluster} points around each centre; the first point of each cluster sits exactly on its centre. */
    private static List<float[]> clusters(final int perCluster, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<float[]> points = new ArrayList<>();
        for (final float[] centre : CENTRES) {
            points.add(centre.clone());
            for (int i = 1; i < perCluster; i++) {
                final float[] p = centre.clone();
                for (int d = 0; d < p.length; d++) {
                    p[d] += (float) ((random.nextDouble() - 0.5) * 2);
                }
                points.add(p);
            }
        }
        return points;
    }

    private static int cluster(final float[] p) {
        int best = 0;
        for (int c = 1; c < CENTRES.length; c++) {
            if (dist(p, CENTRES[c]) < dist(p, CENTRES[best])) {
                best = c;
            }
        }
        return best;
    }

    private static double dist(final float[] a, final float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += (a[d] - b[d]) * (a[d] - b[d]);
        }
        return Math.sqrt(s);
    }

    @Test
    void findsOneMedoidNearTheCentreOfEachCluster() {
        final List<float[]> points = clusters(60, 1);
        final List<Medoids.Medoid> medoids = Medoids.select(points, 4, 7, 1000);
        assertThat(medoids).hasSize(4);
        assertThat(medoids.stream().map(m -> cluster(points.get(m.index()))).collect(Collectors.toSet()))
            .containsExactlyInAnyOrder(0, 1, 2, 3);
        for (final Medoids.Medoid m : medoids) {
            assertThat(dist(points.get(m.index()), CENTRES[cluster(points.get(m.index()))])).isLessThan(0.6);
            assertThat(m.members()).isEqualTo(60);
        }
    }

    @Test
    void isDeterministicInItsSeedAndPutsTheLargestClusterFirst() {
        final List<float[]> points = new ArrayList<>(clusters(40, 2));
        points.addAll(clusters(40, 3).subList(0, 40));
        final List<Medoids.Medoid> a = Medoids.select(points, 4, 11, 1000);
        assertThat(Medoids.select(points, 4, 11, 1000)).isEqualTo(a);
        assertThat(a.get(0).members()).isEqualTo(80);
        assertThat(cluster(points.get(a.get(0).index()))).isZero();
    }

    @Test
    void aSubsampleBoundsTheWorkAndStillCoversTheClusters() {
        final List<float[]> points = clusters(2000, 4);
        final List<Medoids.Medoid> medoids = Medoids.select(points, 4, 5, 200);
        assertThat(medoids.stream().map(m -> cluster(points.get(m.index()))).collect(Collectors.toSet()))
            .containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(medoids.stream().mapToLong(Medoids.Medoid::members).sum()).isBetween(7990L, 8010L);
    }

    @Test
    void neverReturnsMoreMedoidsThanDistinctPoints() {
        final List<float[]> points = List.of(new float[] {1, 1}, new float[] {1, 1}, new float[] {2, 2});
        assertThat(Medoids.select(points, 12, 1, 100)).hasSize(2);
        assertThat(Medoids.select(List.of(), 12, 1, 100)).isEmpty();
    }
}
