package io.radshift.inference.decode;

import io.radshift.avro.ImageFormat;
import io.radshift.avro.ImageQuality;

/**
 * The result of decoding one study image.
 *
 * @param grey           the grey image in [0, 1] at its original size
 * @param format         the format found by sniffing the bytes (trusted over the declared one)
 * @param declaredFormat the format the producer declared ({@code UNKNOWN} when it did not)
 * @param quality        model-free quality features computed before resizing
 */
public record DecodedImage(GreyImage grey, ImageFormat format, ImageFormat declaredFormat, ImageQuality quality) {

    /** True when the producer declared a format and the bytes say otherwise. */
    public boolean formatMismatch() {
        return declaredFormat != ImageFormat.UNKNOWN && declaredFormat != format;
    }

    /** A short human note on the mismatch, for a log line; empty when there is none. */
    public String formatMismatchNote() {
        return formatMismatch() ? "declared " + declaredFormat + " but the bytes are " + format + " (decoded as " + format + ")" : "";
    }
}
