package io.radshift.stats;

import java.util.Map;
import java.util.Objects;

/**
 * One study as the statistics core sees it: the model's L2-normalised embedding, one score per label (in the
 * label order of the reference profile), six image-quality features (see {@link QualityFeatures}), categorical
 * acquisition metadata, and optional ground truth. Arrays are not copied: callers hand over ownership.
 *
 * @param studyId pseudonymous study id (used only for the top-k novelty list)
 * @param embedding L2-normalised embedding of dimension d
 * @param scores per-label scores in [0,1], label order of the profile
 * @param quality the six quality features, NaN where unavailable
 * @param metadata categorical metadata, e.g. viewPosition, manufacturer, sex, ageBand
 * @param positives per-label ground truth, or null when no labels arrived
 * @param known per-label flag whether {@code positives[i]} is known, or null when no labels arrived
 */
public record Observation(String studyId, float[] embedding, float[] scores, double[] quality,
                          Map<String, String> metadata, boolean[] positives, boolean[] known) {

    /** Validates shapes that would otherwise fail later and far away. */
    public Observation {
        Objects.requireNonNull(studyId, "studyId");
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(quality, "quality");
        metadata = metadata == null ? Map.of() : metadata;
        if ((positives == null) != (known == null)) {
            throw new IllegalArgumentException("positives and known must both be given or both be null");
        }
        if (positives != null && positives.length != known.length) {
            throw new IllegalArgumentException("positives and known differ in length");
        }
    }

    /** An observation without ground truth. */
    public Observation(final String studyId, final float[] embedding, final float[] scores, final double[] quality,
                       final Map<String, String> metadata) {
        this(studyId, embedding, scores, quality, metadata, null, null);
    }

    /** Whether any ground truth came with the study. */
    public boolean hasTruth() {
        return positives != null;
    }
}
