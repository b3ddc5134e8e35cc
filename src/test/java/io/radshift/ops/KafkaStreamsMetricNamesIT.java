package io.radshift.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.radshift.tools.embedded.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka client metrics the dashboards and alert rules query ({@link OpsMetricNames#KAFKA_METRICS_REFERENCED})
 * are what Micrometer's KafkaStreamsMetrics really exports, with the labels the queries aggregate by: a small
 * Kafka Streams application runs against a real in-process broker and its Prometheus scrape is inspected.
 * (The full RadShift topology's scrape is checked by the pipeline's own integration test.)
 */
class KafkaStreamsMetricNamesIT {

    /** Label each dashboard query groups a Kafka metric by. */
    private static final Map<String, String> GROUPED_BY = Map.of(
            "kafka_stream_thread_process_rate", "thread_id",
            "kafka_stream_task_dropped_records_total", "task_id",
            "kafka_stream_processor_node_record_e2e_latency_max", "processor_node_id",
            "kafka_consumer_fetch_manager_records_lag_max", "client_id");

    @TempDir
    Path stateDir;

    @Test
    void dashboardKafkaMetricsAreExportedByKafkaStreamsMetrics() throws Exception {
        assertThat(GROUPED_BY.keySet()).isEqualTo(OpsMetricNames.KAFKA_METRICS_REFERENCED);
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             KafkaStreams streams = new KafkaStreams(upperCaseTopology(), streamsConfig(kafka.bootstrapServers()));
             KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams, Tags.empty(), refresher, Duration.ofMillis(500))) {
            kafka.createTopics(2, "in", "out");
            binder.bindTo(registry);
            streams.start();
            produce(kafka.bootstrapServers(), 50);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                final String scrape = registry.scrape();
                GROUPED_BY.forEach((metric, label) -> assertThat(scrape).as("%s{%s=...}", metric, label)
                        .containsPattern(Pattern.compile("(?m)^" + metric + "\\{[^}]*\\b" + label + "=\"[^\"]+\"")));
            });
        } finally {
            refresher.shutdownNow();
        }
    }

    private static org.apache.kafka.streams.Topology upperCaseTopology() {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase(java.util.Locale.ROOT))
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private Properties streamsConfig(final String bootstrap) throws Exception {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metric-names-it");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir.resolve("state")).toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        return props;
    }

    private static void produce(final String bootstrap, final int records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("in", "site-" + (i % 3), "study-" + i));
            }
        }
    }
}
