package io.radshift.tools.bench;

import io.radshift.avro.DriftAlert;
import io.radshift.avro.WindowSummary;
import io.radshift.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * What one monitor run wrote to its two outputs, read as any downstream reader reads them: committed records only
 * ({@code read_committed}), from the beginning. Every window summary is kept per window (a window written twice
 * would show two counts) and every alert event per identity (alert id, state, window end), so that a run can be
 * compared with another and duplicates counted.
 */
final class MonitorOutputs implements AutoCloseable {

    private final KafkaConsumer<String, Object> consumer;
    private final Map<WindowKey, List<Long>> windows = new TreeMap<>();
    private final Map<String, Integer> alerts = new TreeMap<>();

    MonitorOutputs(final Topics topics, final String groupId) {
        this.consumer = topics.outputsConsumer(groupId);
    }

    /** Reads what has been committed since the last call, for about {@code wait}. */
    synchronized void poll(final Duration wait) {
        final long deadline = System.nanoTime() + wait.toNanos();
        do {
            for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                add(record.value());
            }
        } while (System.nanoTime() < deadline);
    }

    /** Every window written, with the study count of each time it was written. */
    synchronized Map<WindowKey, List<Long>> windows() {
        final Map<WindowKey, List<Long>> copy = new TreeMap<>();
        windows.forEach((key, counts) -> copy.put(key, List.copyOf(counts)));
        return copy;
    }

    /** Every alert event ({@code alertId state windowEnd}) with how many times it was written. */
    synchronized Map<String, Integer> alerts() {
        return new TreeMap<>(alerts);
    }

    private void add(final Object value) {
        if (value instanceof WindowSummary summary) {
            windows.computeIfAbsent(new WindowKey(summary.getSiteId(), summary.getWindowKind(),
                    summary.getWindowEnd().toEpochMilli()), key -> new ArrayList<>()).add(summary.getN());
        } else if (value instanceof DriftAlert alert) {
            alerts.merge(alert.getAlertId() + " " + alert.getState() + " " + alert.getWindowEnd(), 1, Integer::sum);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
