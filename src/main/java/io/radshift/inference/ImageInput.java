package io.radshift.inference;

import io.radshift.avro.ImageFormat;
import io.radshift.inference.decode.DecodeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One image for {@link ImageScorer}: its encoded bytes, read only when the scorer asks (in parallel, so a batch of
 * files or URIs is fetched on many threads), and the producer's hints for decoding. A file, a manifest row and a
 * study event's inline bytes or image URI are all inputs; reading failures are {@link DecodeException}s with a
 * reason code, so they become that image's failure instead of failing the batch.
 */
public interface ImageInput {

    /** Reason of an image file that cannot be read. */
    String IO_ERROR = "io-error";

    /** The encoded image (PNG, JPEG or DICOM bytes). */
    byte[] bytes() throws DecodeException;

    /** The format the producer declared; {@code UNKNOWN} when it did not (the decoder sniffs the bytes anyway). */
    default ImageFormat declaredFormat() {
        return ImageFormat.UNKNOWN;
    }

    /** The producer's photometric interpretation for PNG/JPEG ({@code MONOCHROME1} inverts); null when unknown. */
    default String photometricInterpretation() {
        return null;
    }

    /** An image file, read when scored; an unreadable file fails with {@link #IO_ERROR}. */
    static ImageInput ofFile(final Path file) {
        return () -> {
            try {
                return Files.readAllBytes(file);
            } catch (final IOException e) {
                // The exception type only: a path may carry patient identifiers.
                throw new DecodeException(IO_ERROR, "cannot read the image file: " + e.getClass().getSimpleName());
            }
        };
    }

    /** Encoded bytes already in memory, with the producer's hints ({@code photometric} may be null). */
    static ImageInput ofBytes(final byte[] bytes, final ImageFormat declared, final String photometric) {
        return new ImageInput() {
            @Override
            public byte[] bytes() {
                return bytes;
            }

            @Override
            public ImageFormat declaredFormat() {
                return declared;
            }

            @Override
            public String photometricInterpretation() {
                return photometric;
            }
        };
    }
}
