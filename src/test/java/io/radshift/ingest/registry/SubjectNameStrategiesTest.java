package io.radshift.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.avro.StudyEvent;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectNameStrategiesTest {

    private static final Schema STUDY_EVENT = StudyEvent.getClassSchema();

    @ParameterizedTest
    @CsvSource({
        "'',                                                              false, studies-value",
        "topic,                                                           true,  studies-key",
        "io.confluent.kafka.serializers.subject.TopicNameStrategy,       false, studies-value",
        "record,                                                          false, io.radshift.avro.StudyEvent",
        "io.confluent.kafka.serializers.subject.RecordNameStrategy,      true,  io.radshift.avro.StudyEvent",
        "io.radshift.ingest.registry.RecordNameStrategy,                  false, io.radshift.avro.StudyEvent",
        "topic-record,                                                    false, studies-io.radshift.avro.StudyEvent",
        "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy, false, studies-io.radshift.avro.StudyEvent"
    })
    void mapsConfigValuesToSubjects(final String configValue, final boolean isKey, final String expectedSubject) {
        assertThat(SubjectNameStrategies.parse(configValue).subjectName("studies", isKey, STUDY_EVENT))
                .isEqualTo(expectedSubject);
    }

    @Test
    void rejectsUnknownStrategyNamingTheAcceptedValues() {
        assertThatThrownBy(() -> SubjectNameStrategies.parse("com.example.MyStrategy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("com.example.MyStrategy")
                .hasMessageContaining("topic-record");
    }
}
