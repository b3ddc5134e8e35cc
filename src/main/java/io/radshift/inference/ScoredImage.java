package io.radshift.inference;

import io.radshift.avro.ImageQuality;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One image scored offline: either its embedding, scores and quality features, or the decode failure.
 *
 * @param file           the image file
 * @param encoded        embedding and label scores; empty when decoding failed
 * @param quality        quality features; empty when decoding failed
 * @param failureReason  the {@link io.radshift.inference.decode.DecodeException#reason()} code or {@code io-error}; empty on success
 * @param failureMessage a human explanation; empty on success
 */
public record ScoredImage(Path file, Optional<EncodedStudy> encoded, Optional<ImageQuality> quality,
                          String failureReason, String failureMessage) {

    /** A successfully scored image. */
    public static ScoredImage scored(final Path file, final EncodedStudy encoded, final ImageQuality quality) {
        return new ScoredImage(file, Optional.of(encoded), Optional.of(quality), "", "");
    }

    /** An image that could not be decoded. */
    public static ScoredImage failed(final Path file, final String reason, final String message) {
        return new ScoredImage(file, Optional.empty(), Optional.empty(), reason, message);
    }

    /** True when the image was scored. */
    public boolean ok() {
        return encoded.isPresent();
    }
}
