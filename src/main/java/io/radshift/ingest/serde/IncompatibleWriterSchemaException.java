package io.radshift.ingest.serde;

/**
 * The record's writer schema is known but cannot be resolved to the reader's class: another record type on
 * the topic, or an evolution step that broke compatibility.
 */
public final class IncompatibleWriterSchemaException extends UndecodableRecordException {

    private static final long serialVersionUID = 1L;

    /** @param message names the schema id, the writer and reader record names and the incompatibilities */
    public IncompatibleWriterSchemaException(final String message) {
        super(message, null);
    }
}
