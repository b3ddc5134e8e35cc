package io.radshift.inference.stream;

import io.radshift.avro.StudyInference;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the inference processor emits for one study: its inference for {@code study-inferences}, or its original
 * bytes for the dead-letter topic (the reason travels in the record headers). Each sink gets a serializer for its
 * own variant, so a record can never reach the wrong topic unnoticed.
 */
public sealed interface InferenceOutcome {

    /** A scored study. */
    record Scored(StudyInference inference) implements InferenceOutcome {
    }

    /** A study that could not be scored; {@code originalValue} is the StudyEvent's serialized bytes. */
    record DeadLettered(byte[] originalValue) implements InferenceOutcome {
    }

    /** Serializes {@link Scored} outcomes with {@code inferences}; any other variant is a wiring bug. */
    static Serializer<InferenceOutcome> scoredSerializer(final Serializer<StudyInference> inferences) {
        return (topic, outcome) -> {
            if (outcome == null) {
                return null;
            }
            if (outcome instanceof Scored scored) {
                return inferences.serialize(topic, scored.inference());
            }
            throw new IllegalStateException("a dead letter was routed to " + topic);
        };
    }

    /** Writes the original bytes of {@link DeadLettered} outcomes; any other variant is a wiring bug. */
    static Serializer<InferenceOutcome> deadLetterSerializer() {
        return (topic, outcome) -> {
            if (outcome == null) {
                return null;
            }
            if (outcome instanceof DeadLettered dead) {
                return dead.originalValue();
            }
            throw new IllegalStateException("a scored study was routed to dead-letter topic " + topic);
        };
    }
}
