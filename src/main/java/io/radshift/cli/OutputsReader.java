package io.radshift.cli;

import io.radshift.avro.DriftAlert;
import io.radshift.avro.WindowSummary;
import io.radshift.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads {@code drift-windows} and {@code drift-alerts} once, from the beginning to the end offsets they had when
 * reading started (committed records only), keeping what a filter wants: bounded in time (a deadline) and in
 * memory (only the kept records are held). Used by {@code radshift report}.
 */
final class OutputsReader {

    /** What was read. */
    record Outputs(List<WindowSummary> windows, List<DriftAlert> alerts, long records, long undecodable) {
    }

    private final Topics topics;
    private final String bootstrapServers;

    OutputsReader(final Topics topics, final String bootstrapServers) {
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Reads both topics to their end offsets, keeping the windows and alerts the filters accept; progress goes to
     * {@code progress}; fails when the end is not reached within {@code timeout}.
     */
    Outputs read(final Predicate<WindowSummary> window, final Predicate<DriftAlert> alert, final Duration timeout,
                 final ProgressBar progress) {
        // A group of its own, assigned rather than subscribed: nothing is committed, no other reader is disturbed.
        try (KafkaConsumer<String, Object> consumer = topics.outputsConsumer("radshift-report-" + UUID.randomUUID())) {
            consumer.unsubscribe();
            final List<TopicPartition> partitions = Stream.of(topics.windows().name(), topics.alerts().name())
                .flatMap(t -> partitions(consumer, t, timeout).stream()).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            final long total = end.values().stream().mapToLong(Long::longValue).sum();
            final List<WindowSummary> windows = new ArrayList<>();
            final List<DriftAlert> alerts = new ArrayList<>();
            final long deadline = System.nanoTime() + timeout.toNanos();
            long read = 0;
            long undecodable = 0;
            while (!atEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topics.windows().name() + " and "
                        + topics.alerts().name() + " to their end within " + timeout.toSeconds() + " s (" + read
                        + " of about " + total + " records)");
                }
                final ConsumerRecords<String, Object> records;
                try {
                    records = consumer.poll(Duration.ofMillis(500));
                } catch (RecordDeserializationException e) {
                    // A record that is not a window or an alert is skipped and counted: the rest of the week still reads.
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                    undecodable++;
                    continue;
                }
                for (final ConsumerRecord<String, Object> record : records) {
                    read++;
                    if (record.value() instanceof WindowSummary w && window.test(w)) {
                        windows.add(w);
                    } else if (record.value() instanceof DriftAlert a && alert.test(a)) {
                        alerts.add(a);
                    }
                }
                progress.update((int) Math.min(read, total), (int) Math.max(total, 1));
            }
            progress.update((int) Math.max(total, 1), (int) Math.max(total, 1));
            return new Outputs(windows, alerts, read, undecodable);
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not reach Kafka at " + bootstrapServers + " within "
                + timeout.toSeconds() + " s", e);
        }
    }

    private List<TopicPartition> partitions(final KafkaConsumer<String, Object> consumer, final String topic,
                                            final Duration timeout) {
        final List<PartitionInfo> found = consumer.partitionsFor(topic, timeout);
        if (found == null || found.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist on Kafka at " + bootstrapServers);
        }
        return found.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private static boolean atEnd(final KafkaConsumer<String, Object> consumer, final Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
