package io.radshift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radshift.stats.sketch.CategoryCounts;
import io.radshift.stats.sketch.RandomFourierFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A small spec and random studies for merge-law tests, and a tolerant equality of aggregates. */
final class AggregateFixtures {

    static final int DIMENSION = 6;
    static final List<String> LABELS = List.of("a", "b", "c");
    private static final String[] VIEWS = {"PA", "AP", "LAT", "LL", "OBL", "XTABLE", "ZZ"};

    private AggregateFixtures() {
    }

    static AggregateSpec spec() {
        return new AggregateSpec(DIMENSION, LABELS, new RandomFourierFeatures(DIMENSION, 16, 0.8, 7),
            new double[] {0.4, 0.4, 0.4, 0.4, 0.4, 0.4}, 5, 0.8, 0.5, 4,
            Map.of("view", List.of("PA", "AP")), 2, 3);
    }

    /** Random studies; embeddings come from a pool of 4 so that novelty scores tie often. */
    static List<Observation> studies(final long seed, final int n, final String prefix) {
        final SplittableRandom random = new SplittableRandom(seed);
        final float[][] pool = new float[4][DIMENSION];
        for (final float[] e : pool) {
            for (int i = 0; i < DIMENSION; i++) {
                e[i] = (float) random.nextDouble(-1, 1);
            }
        }
        final List<Observation> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final float[] scores = new float[LABELS.size()];
            final boolean[] positives = new boolean[LABELS.size()];
            final boolean[] known = new boolean[LABELS.size()];
            for (int l = 0; l < scores.length; l++) {
                scores[l] = (float) random.nextDouble();
                positives[l] = random.nextBoolean();
                known[l] = random.nextInt(4) > 0;
            }
            final double[] quality = new double[QualityFeatures.COUNT];
            for (int f = 0; f < quality.length; f++) {
                quality[f] = random.nextInt(10) == 0 ? Double.NaN : random.nextGaussian();
            }
            final boolean labelled = random.nextBoolean();
            out.add(new Observation(prefix + i, pool[random.nextInt(pool.length)].clone(), scores, quality,
                Map.of("view", VIEWS[random.nextInt(VIEWS.length)]), labelled ? positives : null,
                labelled ? known : null));
        }
        return out;
    }

    static WindowAggregate aggregate(final List<Observation> studies, final List<String> deadLetters) {
        final WindowAggregate aggregate = WindowAggregate.empty(spec());
        studies.forEach(aggregate::add);
        deadLetters.forEach(aggregate::addDeadLetter);
        return aggregate;
    }

    static void assertSameUpToRounding(final WindowAggregate a, final WindowAggregate b) {
        final double tol = 1e-9;
        assertThat(a.count()).isEqualTo(b.count());
        assertThat(a.meanEmbedding()).containsExactly(b.meanEmbedding(), within(tol));
        assertThat(a.embeddingSumSquares()).containsExactly(b.embeddingSumSquares(), within(tol));
        assertThat(a.rffSum()).containsExactly(b.rffSum(), within(tol));
        for (int l = 0; l < LABELS.size(); l++) {
            assertThat(a.histogram(l)).containsExactly(b.histogram(l));
            assertThat(a.meanScore(l)).isCloseTo(b.meanScore(l), within(tol));
            assertThat(a.highConfidenceCount(l)).isEqualTo(b.highConfidenceCount(l));
            assertThat(a.truth().known(l)).isEqualTo(b.truth().known(l));
            assertThat(a.truth().positives(l)).isEqualTo(b.truth().positives(l));
        }
        assertThat(a.truth().labelledCount()).isEqualTo(b.truth().labelledCount());
        assertThat(a.truth().summary().lrap()).isCloseTo(b.truth().summary().lrap(), within(tol));
        assertThat(a.truth().summary().perLabel().get(0).ece())
            .isCloseTo(b.truth().summary().perLabel().get(0).ece(), within(tol));
        final CategoryCounts va = a.metadata("view");
        final CategoryCounts vb = b.metadata("view");
        assertThat(va.knownCount(0)).isEqualTo(vb.knownCount(0));
        assertThat(va.knownCount(1)).isEqualTo(vb.knownCount(1));
        assertThat(va.novel()).isEqualTo(vb.novel());
        assertThat(va.overflow()).isEqualTo(vb.overflow());
        assertThat(a.deadLetters()).isEqualTo(b.deadLetters());
        assertThat(a.mostNovel()).isEqualTo(b.mostNovel());
        for (int f = 0; f < QualityFeatures.COUNT; f++) {
            assertThat(a.qualityCount(f)).isEqualTo(b.qualityCount(f));
            assertThat(a.qualitySumSquares(f)).isCloseTo(b.qualitySumSquares(f), within(tol));
        }
    }
}
