package io.radshift.ingest.registry;

import org.apache.avro.Schema;

/**
 * Subject {@code <topic>-<record full name>}: one lineage per record type per topic, for topics that carry
 * several record types.
 */
public final class TopicRecordNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(final String topic, final boolean isKey, final Schema schema) {
        return topic + "-" + schema.getFullName();
    }
}
