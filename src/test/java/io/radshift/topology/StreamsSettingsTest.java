package io.radshift.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.config.KafkaSecurity;
import io.radshift.config.RadShiftConfig;
import io.radshift.config.Secret;
import io.radshift.ingest.DeadLetterDeserializationHandler;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.ops.StreamFailures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    private static final RadShiftConfig CONFIG = new RadShiftConfig(
            new RadShiftConfig.Kafka("kafka-1:9093", "radshift-prod", Path.of("/var/lib/radshift/state"),
                    Map.of("ssl.endpoint.identification.algorithm", "https"),
                    new KafkaSecurity("SASL_SSL", null, null, new KafkaSecurity.Sasl("SCRAM-SHA-512", "radshift",
                            Secret.ofValue("pw", "this test"), null))),
            null, new RadShiftConfig.TopicNames(null, null, null, null, null, "dlq", 6, (short) 3),
            null, null, null, null, null, null, null);

    @Test
    void exactlyOnceWithTheDeploymentsIdentityAndStorage() {
        final StreamsConfig streams = new StreamsConfig(StreamsSettings.properties(CONFIG, RadShiftMetrics.discarding()));
        assertThat(streams.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("radshift-prod");
        assertThat(streams.getList(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).containsExactly("kafka-1:9093");
        assertThat(streams.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(streams.getString(StreamsConfig.STATE_DIR_CONFIG)).isEqualTo("/var/lib/radshift/state");
        assertThat(streams.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(1_000L);
        assertThat(streams.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(3);
        assertThat(streams.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(1);
    }

    @Test
    void theCommitIntervalIsTheDeployments() {
        final RadShiftConfig fast = new RadShiftConfig(null, null, null, null, null, null, null, null, null, null,
                new RadShiftConfig.Streams(Duration.ofMillis(100)));
        final StreamsConfig streams = new StreamsConfig(StreamsSettings.properties(fast, RadShiftMetrics.discarding()));
        assertThat(streams.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
    }

    @Test
    void consumersReadCommittedAndEveryClientGetsTheSecuritySettings() {
        final StreamsConfig streams = new StreamsConfig(StreamsSettings.properties(CONFIG, RadShiftMetrics.discarding()));
        final Map<String, Object> consumer = streams.getMainConsumerConfigs("g", "c", 0);
        assertThat(consumer).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.endpoint.identification.algorithm", "https");
        assertThat(streams.getProducerConfigs("p")).containsEntry("security.protocol", "SASL_SSL");
        assertThat(streams.getAdminConfigs("a")).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(streams.getRestoreConsumerConfigs("r")).containsEntry("security.protocol", "SASL_SSL");
        assertThat(streams.getAdminConfigs("a").get("sasl.jaas.config").toString())
                .contains("ScramLoginModule required username=\"radshift\" password=\"pw\"");
    }

    @Test
    void undeserializableRecordsGoToTheConfiguredDeadLetterTopicWithMetrics() {
        final RadShiftMetrics metrics = RadShiftMetrics.discarding();
        final Properties props = StreamsSettings.properties(CONFIG, metrics);
        final StreamsConfig streams = new StreamsConfig(props);
        assertThat(streams.deserializationExceptionHandler()).isInstanceOf(DeadLetterDeserializationHandler.class);
        assertThat(props.get(DeadLetterDeserializationHandler.DEAD_LETTER_TOPIC)).isEqualTo("dlq");
        assertThat(props.get(DeadLetterDeserializationHandler.METRICS)).isSameAs(metrics);
    }

    @Test
    void aFailedStreamThreadIsReplacedAndAThreadThatKeepsFailingIsReported() {
        final StreamFailures failures = StreamFailures.defaults();
        final StreamsUncaughtExceptionHandler handler = StreamsSettings.uncaughtExceptionHandler(failures);
        assertThat(handler.handle(new IllegalStateException("model failed"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.downReason()).isEmpty();
        handler.handle(new IllegalStateException("model failed"));
        handler.handle(new IllegalStateException("model failed"));
        assertThat(failures.downReason()).hasValueSatisfying(reason -> assertThat(reason).contains("IllegalStateException"));
    }
}
