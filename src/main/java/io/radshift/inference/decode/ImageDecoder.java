package io.radshift.inference.decode;

import io.radshift.ingest.FormatSniffer;

import io.radshift.avro.ImageFormat;

/**
 * Decodes study images (PNG 8/16-bit, JPEG, uncompressed DICOM) to a grey image in [0, 1] with quality features.
 *
 * <p>Order of checks, cheapest first: byte size limit, format sniffed from the magic bytes (trusted over the
 * producer's declared format; a mismatch is reported in {@link DecodedImage#formatMismatch()}), declared pixel
 * count from the header before any pixel is decoded, then decoding. MONOCHROME1 images are inverted: DICOM says
 * so itself, PNG/JPEG through the producer's metadata ({@code photometricInterpretation}). Thread-safe.
 */
public final class ImageDecoder {

    private final DecoderLimits limits;
    private final DecodeBudget budget;

    /** Creates a decoder with the given limits, leasing decoded bytes from {@code budget}. */
    public ImageDecoder(final DecoderLimits limits, final DecodeBudget budget) {
        this.limits = limits;
        this.budget = budget;
    }

    /** Creates a decoder with the given limits and the process-wide {@link DecodeBudget#shared() budget}. */
    public ImageDecoder(final DecoderLimits limits) {
        this(limits, DecodeBudget.shared());
    }

    /** A decoder with {@link DecoderLimits#defaults()}. */
    public ImageDecoder() {
        this(DecoderLimits.defaults());
    }

    /**
     * Decodes {@code bytes}.
     *
     * @param declared    the producer's declared format, or {@code UNKNOWN}
     * @param photometric the producer's photometric interpretation for PNG/JPEG (may be null); ignored for DICOM
     */
    public DecodedImage decode(final byte[] bytes, final ImageFormat declared, final String photometric) throws DecodeException {
        if (bytes == null || bytes.length == 0) {
            throw new DecodeException(DecodeException.EMPTY, "no image bytes");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new DecodeException(DecodeException.TOO_LARGE, bytes.length + " bytes exceed the limit of " + limits.maxBytes());
        }
        final ImageFormat format = FormatSniffer.sniff(bytes);
        final GreyImage grey = switch (format) {
            case PNG -> invertIfMonochrome1(RasterDecoder.decode(bytes, "png", limits, budget), photometric);
            case JPEG -> invertIfMonochrome1(RasterDecoder.decode(bytes, "jpeg", limits, budget), photometric);
            case DICOM -> DicomDecoder.decode(bytes, limits, budget);
            default -> throw new DecodeException(DecodeException.UNSUPPORTED, "bytes are not PNG, JPEG or DICOM"
                    + (declared == ImageFormat.UNKNOWN ? "" : " (declared " + declared + ")"));
        };
        return new DecodedImage(grey, format, declared == null ? ImageFormat.UNKNOWN : declared, QualityMeter.compute(grey));
    }

    /** Decodes with no declared format and no photometric hint. */
    public DecodedImage decode(final byte[] bytes) throws DecodeException {
        return decode(bytes, ImageFormat.UNKNOWN, null);
    }

    private static GreyImage invertIfMonochrome1(final GreyImage image, final String photometric) {
        return "MONOCHROME1".equalsIgnoreCase(photometric == null ? "" : photometric.trim()) ? image.inverted() : image;
    }
}
