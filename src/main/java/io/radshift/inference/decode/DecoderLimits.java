package io.radshift.inference.decode;

/**
 * Resource limits applied before decoding, so one hostile or broken study cannot exhaust memory.
 *
 * @param maxBytes  largest accepted encoded size
 * @param maxPixels largest accepted declared width x height (checked from the header before pixels are decoded)
 */
public record DecoderLimits(long maxBytes, long maxPixels) {

    /** Validates the limits. */
    public DecoderLimits {
        if (maxBytes < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** 64 MiB and 50 megapixels: above any real chest radiograph (about 3000 x 3000 at most). */
    public static DecoderLimits defaults() {
        return new DecoderLimits(64L << 20, 50_000_000L);
    }
}
