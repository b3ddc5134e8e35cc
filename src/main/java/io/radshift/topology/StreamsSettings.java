package io.radshift.topology;

import io.radshift.config.RadShiftConfig;
import io.radshift.ingest.DeadLetterDeserializationHandler;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.ops.StreamFailures;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka Streams configuration of RadShift.
 *
 * <p>{@code exactly_once_v2}: input offsets, state-store changelogs (the inference buffer, the window panes) and
 * outputs commit in one transaction, and Streams sets {@code isolation.level=read_committed} on its consumers.
 * Records that cannot be deserialized go to the dead-letter topic through {@link DeadLetterDeserializationHandler}.
 * The deployment's Kafka client settings ({@link RadShiftConfig.Kafka#clientProperties()}: bootstrap servers,
 * {@code kafka.properties} and the {@code kafka.security} settings) apply to every client Streams creates
 * (consumer, producer, admin, restore consumer), since they are given without a client prefix. The commit (and
 * transaction) interval is the deployment's {@code streams.commitInterval} ({@link RadShiftConfig.Streams}).
 */
public final class StreamsSettings {

    /** Appended to {@code kafka.applicationId} for the all-sites view's client: its group, state and internal topics. */
    public static final String ALL_SITES_SUFFIX = "-all-sites-view";

    private static final Logger LOG = LoggerFactory.getLogger(StreamsSettings.class);

    private StreamsSettings() {
    }

    /** The Streams properties for {@code config}; {@code metrics} goes to the deserialization handler. */
    public static Properties properties(final RadShiftConfig config, final RadShiftMetrics metrics) {
        final Properties p = new Properties();
        p.putAll(config.kafka().clientProperties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.kafka().stateDir().toAbsolutePath().toString());
        // Every exactly-once hop's output becomes visible at its commit: this bounds the latency per hop.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.streams().commitInterval().toMillis());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topics().replicationFactor());
        // One thread: one ONNX Runtime session per task on one accelerator; scale out with more instances.
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        p.put(DeadLetterDeserializationHandler.DEAD_LETTER_TOPIC, config.topics().deadLetter());
        p.put(DeadLetterDeserializationHandler.METRICS, metrics);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return p;
    }

    /** The application id of the all-sites view's client ({@link MonitoringStage#allSitesView}). */
    public static String allSitesApplicationId(final RadShiftConfig config) {
        return config.kafka().applicationId() + ALL_SITES_SUFFIX;
    }

    /**
     * The Streams properties of the all-sites view's client: {@link #properties} under its own application id, so it
     * has a consumer group, a stream thread, state and internal topics of its own. Every instance runs one; its one
     * busy task (every record of the all-sites topic is keyed {@code *}) is active in one of them.
     */
    public static Properties allSitesProperties(final RadShiftConfig config, final RadShiftMetrics metrics) {
        final Properties p = properties(config, metrics);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, allSitesApplicationId(config));
        return p;
    }

    /**
     * Replace the failed stream thread. Failures that reach this handler are not a bad record (those are
     * dead-lettered) but the model or infrastructure (ONNX Runtime error, registry outage): under exactly-once the
     * failed transaction is aborted, the inference buffer is restored from its changelog, and the new thread
     * retries the same studies, so nothing is lost; shutting the client down would need an operator instead. Every
     * failure is told to {@code failures}, which turns /health down when the thread keeps failing.
     */
    public static StreamsUncaughtExceptionHandler uncaughtExceptionHandler(final StreamFailures failures) {
        return failure -> {
            failures.failed(failure);
            LOG.error("Stream thread failed; replacing it (the aborted transaction is retried): {}", failure.toString(), failure);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        };
    }
}
