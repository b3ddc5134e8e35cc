package io.radshift.ingest.registry;

/**
 * A schema registry call failed: the registry was unreachable, answered with an error, or refused a schema.
 *
 * <p>Carries the HTTP status and the Confluent {@code error_code} so callers can react to the reason
 * (for example treat {@link #SCHEMA_NOT_FOUND} as a poison record but an unreachable registry as an outage)
 * without parsing messages. The message always names the subject, schema id or URL involved.
 */
public final class SchemaRegistryException extends RuntimeException {

    /** No HTTP exchange completed (connection refused, timeout, DNS...). */
    public static final int UNREACHABLE = -1;
    /** Subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Schema (id, or schema under a subject) not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** The subject has no subject-level compatibility configured. */
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    /** Schema is incompatible with earlier versions. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** Schema does not parse or is not supported. */
    public static final int INVALID_SCHEMA = 42201;
    /** Version is neither a positive integer nor "latest". */
    public static final int INVALID_VERSION = 42202;
    /** Compatibility level is not one the registry knows. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    /** Internal server error. */
    public static final int INTERNAL_ERROR = 50001;

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int errorCode;

    /**
     * @param message    what failed, naming the subject, id or URL
     * @param httpStatus the HTTP status, or 0 when no response arrived
     * @param errorCode  the Confluent error code, or {@link #UNREACHABLE}
     * @param cause      the underlying failure, may be null
     */
    public SchemaRegistryException(final String message, final int httpStatus, final int errorCode,
                                   final Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** Same as the four-argument constructor with no cause. */
    public SchemaRegistryException(final String message, final int httpStatus, final int errorCode) {
        this(message, httpStatus, errorCode, null);
    }

    /** The HTTP status of the failing response; 0 when the registry could not be reached. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The Confluent {@code error_code} (e.g. 40403), or {@link #UNREACHABLE}. */
    public int errorCode() {
        return errorCode;
    }
}
