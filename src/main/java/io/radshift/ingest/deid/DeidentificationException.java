package io.radshift.ingest.deid;

/**
 * An image file that cannot be de-identified, so it must not leave the hospital. The {@link #reason()} is a short
 * code from a fixed vocabulary (it is counted by {@code radshift publish}); the message names element tags,
 * lengths and offsets but never quotes a value read from the file, which may be patient data.
 */
public final class DeidentificationException extends Exception {

    /** The bytes are not a well-formed DICOM Part 10 file (truncated, lengths past the end, no pixel data). */
    public static final String DICOM_UNREADABLE = "dicom-unreadable";
    /** Well-formed, but a variant the de-identifier does not rewrite (big endian, deflated, palette colour). */
    public static final String DICOM_UNSUPPORTED = "dicom-unsupported";
    /** A PNG or JPEG whose chunk or segment structure is broken (truncated, lengths past the end). */
    public static final String CORRUPT_IMAGE = "corrupt-image";
    /** The file says its pixels carry burned-in text (Burned In Annotation YES): pixels-only cannot clean it. */
    public static final String BURNED_IN_ANNOTATION = "burned-in-annotation";

    private static final long serialVersionUID = 1L;

    private final String reason;

    DeidentificationException(final String reason, final String message) {
        super(message);
        this.reason = reason;
    }

    /** The short reason code, one of the constants of this class. */
    public String reason() {
        return reason;
    }
}
