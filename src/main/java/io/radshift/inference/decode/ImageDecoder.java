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
        final ImageFormat format = sniff(bytes, declared);
        final GreyImage grey = withRows(bytes, format, photometric, GreyRows::toImage);
        return new DecodedImage(grey, format, declared == null ? ImageFormat.UNKNOWN : declared, QualityMeter.compute(grey));
    }

    /**
     * Decodes {@code bytes}, measures the quality of the full-resolution image and resizes it to {@code size x size}
     * in one pass, without a full-size float copy (see {@link ImageAnalyzer}): the model path's decode. Same checks,
     * limits and results as {@link #decode} followed by {@link QualityMeter} and {@link Resampler}.
     */
    public ImageAnalyzer.Analysis analyze(final byte[] bytes, final ImageFormat declared, final String photometric,
                                          final int size) throws DecodeException {
        return withRows(bytes, sniff(bytes, declared), photometric, rows -> ImageAnalyzer.analyze(rows, size));
    }

    /** The checks before any decoding: bytes present, within the size limit, of a format the magic bytes name. */
    private ImageFormat sniff(final byte[] bytes, final ImageFormat declared) throws DecodeException {
        if (bytes == null || bytes.length == 0) {
            throw new DecodeException(DecodeException.EMPTY, "no image bytes");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new DecodeException(DecodeException.TOO_LARGE, bytes.length + " bytes exceed the limit of " + limits.maxBytes());
        }
        final ImageFormat format = FormatSniffer.sniff(bytes);
        if (format != ImageFormat.PNG && format != ImageFormat.JPEG && format != ImageFormat.DICOM) {
            throw new DecodeException(DecodeException.UNSUPPORTED, "bytes are not PNG, JPEG or DICOM"
                    + (declared == null || declared == ImageFormat.UNKNOWN ? "" : " (declared " + declared + ")"));
        }
        return format;
    }

    private <T> T withRows(final byte[] bytes, final ImageFormat format, final String photometric,
                           final GreyRows.Use<T> use) throws DecodeException {
        final GreyRows.Use<T> oriented = isMonochrome1(photometric) ? rows -> use.apply(rows.inverted()) : use;
        return switch (format) {
            case PNG -> RasterDecoder.decode(bytes, "png", limits, budget, oriented);
            case JPEG -> RasterDecoder.decode(bytes, "jpeg", limits, budget, oriented);
            default -> DicomDecoder.decode(bytes, limits, budget, use);
        };
    }

    /** Decodes with no declared format and no photometric hint. */
    public DecodedImage decode(final byte[] bytes) throws DecodeException {
        return decode(bytes, ImageFormat.UNKNOWN, null);
    }

    /** The producer's MONOCHROME1 hint for PNG/JPEG; DICOM says so itself. */
    private static boolean isMonochrome1(final String photometric) {
        return "MONOCHROME1".equalsIgnoreCase(photometric == null ? "" : photometric.trim());
    }
}
