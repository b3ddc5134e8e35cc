package io.radshift.inference.decode;

/**
 * Resource limits applied before decoding, so one hostile or broken study cannot exhaust memory.
 *
 * @param maxBytes        largest accepted encoded size
 * @param maxPixels       largest accepted declared width x height (checked from the header before pixels are decoded)
 * @param maxDecodedBytes largest accepted decoded size of one image, estimated from the header (declared pixels
 *                        times the bytes per pixel of the decoder's raster plus the grey output): 7000 x 7000
 *                        16-bit RGBA stays under the pixel limit yet needs some 600 MB
 */
public record DecoderLimits(long maxBytes, long maxPixels, long maxDecodedBytes) {

    /** Default decoded-size limit: a 4096 x 4096 16-bit RGBA image (the largest radiograph is about 3000 x 3000). */
    public static final long DEFAULT_MAX_DECODED_BYTES = 4096L * 4096 * (8 + 4);

    /** Validates the limits. */
    public DecoderLimits {
        if (maxBytes < 1 || maxPixels < 1 || maxDecodedBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** Limits with the default decoded-size limit. */
    public DecoderLimits(final long maxBytes, final long maxPixels) {
        this(maxBytes, maxPixels, DEFAULT_MAX_DECODED_BYTES);
    }

    /** 64 MiB and 50 megapixels: above any real chest radiograph (about 3000 x 3000 at most). */
    public static DecoderLimits defaults() {
        return new DecoderLimits(64L << 20, 50_000_000L);
    }

    /** Checks an estimated decoded size against {@link #maxDecodedBytes()}. */
    void checkDecodedBytes(final long width, final long height, final long bytes) throws DecodeException {
        if (bytes > maxDecodedBytes) {
            throw new DecodeException(DecodeException.TOO_LARGE, "declared size " + width + "x" + height + " decodes to about "
                    + (bytes >> 20) + " MiB, over the limit of " + (maxDecodedBytes >> 20) + " MiB (possible decompression bomb)");
        }
    }
}
