package io.radshift.ingest.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject: the registry-wide schema id, the per-subject version and the schema itself.
 *
 * @param subject the subject name, e.g. {@code studies-value}
 * @param id      the global schema id written into every Confluent wire-format payload
 * @param version the version of this schema within the subject (1, 2, ...)
 * @param schema  the Avro schema
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {

    /** Validates the components. */
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
