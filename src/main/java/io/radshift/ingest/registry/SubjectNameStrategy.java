package io.radshift.ingest.registry;

import org.apache.avro.Schema;

/**
 * Chooses the registry subject a record's schema is registered under, like Confluent's
 * {@code value.subject.name.strategy}.
 *
 * <p>Implementations: {@link TopicNameStrategy} (the default), {@link RecordNameStrategy} and
 * {@link TopicRecordNameStrategy}; {@link SubjectNameStrategies#parse(String)} maps config values to them.
 */
@FunctionalInterface
public interface SubjectNameStrategy {

    /**
     * @param topic  the Kafka topic the record is written to or read from
     * @param isKey  whether the schema is the record key's
     * @param schema the record's schema
     * @return the subject name
     */
    String subjectName(String topic, boolean isKey, Schema schema);
}
