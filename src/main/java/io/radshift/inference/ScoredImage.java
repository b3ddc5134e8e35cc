package io.radshift.inference;

import io.radshift.avro.ImageQuality;
import java.util.Objects;

/**
 * One image after {@link ImageScorer}: the model's embedding, one score per bundle label and the decoder's quality
 * features, or the reason it could not be scored. The one result type of the stream, the offline commands, the
 * demo reference and the benchmarks.
 *
 * @param embedding      L2-normalised embedding; null when the image failed
 * @param scores         probabilities in bundle label order; null when the image failed
 * @param quality        model-free quality features; null when the image failed
 * @param failureReason  a reason code ({@link io.radshift.inference.decode.DecodeException#reason()}, an
 *                       {@link ImageInput} reading reason or {@code other}); null on success
 * @param failureMessage a human explanation without image data or identifiers; null on success
 */
public record ScoredImage(float[] embedding, float[] scores, ImageQuality quality, String failureReason,
                          String failureMessage) {

    /** Checks that an image has either its embedding, scores and quality or a failure reason. */
    public ScoredImage {
        if ((failureReason == null) == (embedding == null || scores == null || quality == null)) {
            throw new IllegalArgumentException("a scored image has either embedding, scores and quality or a failure reason");
        }
    }

    /** A scored image. */
    public static ScoredImage scored(final float[] embedding, final float[] scores, final ImageQuality quality) {
        return new ScoredImage(embedding, scores, quality, null, null);
    }

    /** An image that could not be read or decoded. */
    public static ScoredImage failed(final String reason, final String message) {
        return new ScoredImage(null, null, null, Objects.requireNonNull(reason, "reason"), message);
    }

    /** True when the image was scored. */
    public boolean ok() {
        return failureReason == null;
    }
}
