package io.radshift.ops;

import java.util.Set;

/**
 * Metric names the dashboards and alert rules rely on but RadShiftMetrics does not produce: Kafka client metrics
 * bound through Micrometer's KafkaStreamsMetrics. {@link MetricNamesCatalogTest} keeps this list equal to what
 * the dashboards and rules reference; the real-pipeline scrape test checks that a running topology exports them.
 */
public final class OpsMetricNames {

    /** Kafka client metric names referenced by grafana/dashboards and prometheus/rules, Prometheus spelling. */
    public static final Set<String> KAFKA_METRICS_REFERENCED = Set.of(
            "kafka_stream_thread_process_rate",
            "kafka_stream_task_dropped_records_total",
            "kafka_stream_processor_node_record_e2e_latency_max",
            "kafka_consumer_fetch_manager_records_lag_max");

    private OpsMetricNames() {
    }
}
