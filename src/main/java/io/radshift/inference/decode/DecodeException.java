package io.radshift.inference.decode;

/**
 * An image that cannot be decoded, with a short machine-usable {@link #reason()} code (for metrics labels and
 * dead-letter headers) and a human message. Never carries pixel data or patient identifiers.
 */
public final class DecodeException extends Exception {

    /** The bytes are not a valid image of their format (truncated, damaged, or a decoder warning). */
    public static final String CORRUPT = "corrupt-image";
    /** More bytes or declared pixels than the configured limits (decompression-bomb guard). */
    public static final String TOO_LARGE = "too-large";
    /** Neither PNG, JPEG nor DICOM, or a variant the decoder does not read. */
    public static final String UNSUPPORTED = "unsupported-format";
    /** DICOM with a compressed transfer syntax (JPEG, JPEG 2000, RLE...). */
    public static final String DICOM_COMPRESSED = "dicom-compressed";
    /** DICOM that is uncompressed but outside what the decoder reads (e.g. colour, big endian, multi-frame). */
    public static final String DICOM_UNSUPPORTED = "dicom-unsupported";
    /** No bytes at all. */
    public static final String EMPTY = "empty-image";

    private static final long serialVersionUID = 1L;

    private final String reason;

    /** Creates the exception. */
    public DecodeException(final String reason, final String message) {
        super(message);
        this.reason = reason;
    }

    /** Creates the exception with its cause. */
    public DecodeException(final String reason, final String message, final Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The short reason code, one of the constants of this class. */
    public String reason() {
        return reason;
    }
}
