package io.radshift.ingest.serde;

/** The payload names a schema id the registry does not know (Confluent error 40403). */
public final class UnknownSchemaIdException extends UndecodableRecordException {

    private static final long serialVersionUID = 1L;

    private final int schemaId;

    /**
     * @param schemaId the id from the payload header
     * @param cause    the registry's answer
     */
    public UnknownSchemaIdException(final int schemaId, final Throwable cause) {
        super("unknown schema id " + schemaId + (cause == null ? "" : ": " + cause.getMessage()), cause);
        this.schemaId = schemaId;
    }

    /** The schema id from the payload header. */
    public int schemaId() {
        return schemaId;
    }
}
