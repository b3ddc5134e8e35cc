package io.radshift.ingest.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that this consumer can never decode, whatever it retries: not Confluent wire format, a corrupt
 * Avro body, an unknown schema id, or a writer schema the reader class cannot resolve.
 *
 * <p>Processing code routes these to the dead-letter topic; the message states the precise reason. A registry
 * outage is deliberately <em>not</em> one of these (it surfaces as
 * {@link io.radshift.ingest.registry.SchemaRegistryException}): valid records must not be dead-lettered
 * because the registry was briefly down.
 */
public abstract class UndecodableRecordException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** @param message the precise reason, e.g. "unknown schema id 42" */
    protected UndecodableRecordException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
