package io.radshift.topology;

import io.radshift.avro.StudyInference;
import io.radshift.topics.Topics;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes pre-scored studies to {@code study-inferences} for the integration tests that start at the monitoring stage. */
final class InferenceProducers {

    private InferenceProducers() {
    }

    /** An idempotent producer of studies, keyed by site, on the broker at {@code bootstrapServers}. */
    static KafkaProducer<String, StudyInference> idempotent(final String bootstrapServers, final Topics topics) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), topics.inferences().valueSerde().serializer());
    }

    /** Sends the studies keyed by their site and stamped with their event time, then flushes. */
    static void send(final KafkaProducer<String, StudyInference> producer, final Topics topics,
                     final Collection<StudyInference> studies) {
        for (StudyInference study : studies) {
            producer.send(new ProducerRecord<>(topics.inferences().name(), null, study.getEventTime().toEpochMilli(),
                    study.getSiteId(), study));
        }
        producer.flush();
    }
}
