package io.radshift.ingest.registry;

import org.apache.avro.Schema;

/**
 * Subject {@code <topic>-value} or {@code <topic>-key}: one schema lineage per topic. Confluent's default,
 * and the right choice when a topic carries a single record type (as every RadShift topic does).
 */
public final class TopicNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(final String topic, final boolean isKey, final Schema schema) {
        return topic + (isKey ? "-key" : "-value");
    }
}
