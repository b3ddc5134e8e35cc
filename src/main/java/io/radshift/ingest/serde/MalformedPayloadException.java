package io.radshift.ingest.serde;

/**
 * The bytes are not a Confluent wire-format Avro record: too short, wrong magic byte, or an Avro body that
 * does not decode with its writer schema (truncated, trailing bytes, invalid union or enum index...).
 */
public final class MalformedPayloadException extends UndecodableRecordException {

    private static final long serialVersionUID = 1L;

    /** @param message the precise reason */
    public MalformedPayloadException(final String message) {
        super(message, null);
    }

    /**
     * @param message the precise reason
     * @param cause   the decoding failure
     */
    public MalformedPayloadException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
