package io.radshift.offline;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image after offline scoring: the model's embedding, one score per bundle label and the six quality
 * features of {@link io.radshift.stats.QualityFeatures}, or the reason it could not be scored.
 *
 * @param file the image file
 * @param embedding L2-normalised embedding; null when scoring failed
 * @param scores per-label scores in bundle label order; null when scoring failed
 * @param quality quality features in {@link io.radshift.stats.QualityFeatures#NAMES} order; null when failed
 * @param failure why the image could not be scored; null on success
 */
public record ScoredStudy(Path file, float[] embedding, float[] scores, double[] quality, String failure) {

    /** Checks that exactly one of (result, failure) is present. */
    public ScoredStudy {
        Objects.requireNonNull(file, "file");
        if ((failure == null) == (embedding == null || scores == null || quality == null)) {
            throw new IllegalArgumentException("a scored study has either embedding, scores and quality or a failure");
        }
    }

    /** A successfully scored image. */
    public static ScoredStudy scored(final Path file, final float[] embedding, final float[] scores,
                                     final double[] quality) {
        return new ScoredStudy(file, embedding, scores, quality, null);
    }

    /** An image that could not be decoded or scored. */
    public static ScoredStudy failed(final Path file, final String reason) {
        return new ScoredStudy(file, null, null, null, reason);
    }

    /** Whether the image was scored. */
    public boolean ok() {
        return failure == null;
    }
}
