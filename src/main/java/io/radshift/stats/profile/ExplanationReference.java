package io.radshift.stats.profile;

import io.radshift.stats.Novelty;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What {@code radshift explain} needs from the reference to explain one study at the hospital: the reference's
 * distribution of the per-study novelty (to say how unusual a study's novelty is) and a few reference medoids (the
 * nearest reference exemplars to show beside it). Kept in its own part of the profile; profiles built before it
 * existed read {@link #NONE}, and explain then says what is unavailable.
 *
 * @param novelty the reference's novelty distribution ({@link NoveltyDistribution#UNKNOWN} when absent)
 * @param medoids reference medoids, the largest cluster first (empty when absent)
 */
public record ExplanationReference(NoveltyDistribution novelty, List<ReferenceMedoid> medoids) {

    /** Medoids kept at most. */
    public static final int MAX_MEDOIDS = 12;
    /** Reference studies that take part in the medoid search at most (a seeded subsample beyond it). */
    public static final int MEDOID_SAMPLE = 1_000;
    /** The part of a profile built before it existed. */
    public static final ExplanationReference NONE = new ExplanationReference(NoveltyDistribution.UNKNOWN, List.of());

    /**
     * One reference exemplar.
     *
     * @param image     where the reference image is: its file name relative to its data set (the vendor's public
     *                  reference data, never a hospital's)
     * @param embedding the medoid's embedding
     * @param members   reference studies nearest to it (about; from the medoid search's sample)
     */
    public record ReferenceMedoid(String image, double[] embedding, long members) {

        /** Checks the fields. */
        public ReferenceMedoid {
            Objects.requireNonNull(image, "image");
            embedding = embedding.clone();
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof ReferenceMedoid other && image.equals(other.image) && members == other.members
                && Arrays.equals(embedding, other.embedding);
        }

        @Override
        public int hashCode() {
            return Objects.hash(image, members, Arrays.hashCode(embedding));
        }
    }

    /**
     * One exemplar and its distance to a study.
     *
     * @param medoid   the exemplar
     * @param distance Euclidean distance between their embeddings
     */
    public record Neighbour(ReferenceMedoid medoid, double distance) {
    }

    /** Copies the medoids. */
    public ExplanationReference {
        Objects.requireNonNull(novelty, "novelty");
        medoids = List.copyOf(medoids);
    }

    /** The {@code n} medoids nearest to {@code embedding}, nearest first. */
    public List<Neighbour> nearest(final float[] embedding, final int n) {
        return medoids.stream().map(m -> new Neighbour(m, Novelty.of(embedding, m.embedding())))
            .sorted(Comparator.comparingDouble(Neighbour::distance)).limit(n).toList();
    }
}
