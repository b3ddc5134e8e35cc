package io.radshift.ingest.registry;

import org.apache.avro.Schema;

/**
 * Subject = the record's full name (e.g. {@code io.radshift.avro.StudyEvent}): one lineage per record type,
 * shared by every topic carrying it.
 */
public final class RecordNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(final String topic, final boolean isKey, final Schema schema) {
        return schema.getFullName();
    }
}
