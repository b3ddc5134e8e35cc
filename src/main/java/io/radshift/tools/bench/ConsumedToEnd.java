package io.radshift.tools.bench;

import io.radshift.config.RadShiftConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until a consumer group has committed every record of a topic: the sum over partitions of its committed
 * offsets equals the sum of the end offsets (lag 0). Under exactly-once a committed offset means the records
 * before it were processed and their outputs and state committed with it, so this is the moment an application
 * has fully consumed its input.
 */
final class ConsumedToEnd implements AutoCloseable {

    private static final long POLL_MS = 100;

    private final Admin admin;
    private final String topic;
    private final Duration stallTimeout;

    ConsumedToEnd(final RadShiftConfig config, final String topic, final Duration stallTimeout) {
        this.admin = Admin.create(new HashMap<>(config.kafka().clientProperties()));
        this.topic = topic;
        this.stallTimeout = stallTimeout;
    }

    /** Blocks until {@code group} has committed {@code total} records of the topic, telling {@code progress}. */
    void await(final String group, final long total, final AlertReplay.Progress progress) throws Exception {
        final Map<TopicPartition, Long> ends = endOffsets();
        final long end = ends.values().stream().mapToLong(Long::longValue).sum();
        long last = -1;
        long lastMove = System.nanoTime();
        while (true) {
            final long committed = committed(group, ends);
            progress.update((int) Math.min(total, committed), (int) total);
            if (committed >= end) {
                return;
            }
            if (committed != last) {
                last = committed;
                lastMove = System.nanoTime();
            } else if (System.nanoTime() - lastMove > stallTimeout.toNanos()) {
                throw new IllegalStateException("group " + group + " stalled at " + committed + " of " + end
                    + " records of " + topic + " for " + stallTimeout.toSeconds() + " s");
            }
            Thread.sleep(POLL_MS);
        }
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        final List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
            .get(30, TimeUnit.SECONDS).get(topic).partitions().stream()
            .map(p -> new TopicPartition(topic, p.partition())).toList();
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        final Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((p, info) -> ends.put(p, info.offset()));
        return ends;
    }

    /** Committed records of the group on the partitions of {@code ends}; 0 where it has none yet. */
    private long committed(final String group, final Map<TopicPartition, Long> ends) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        long sum = 0;
        for (final TopicPartition p : ends.keySet()) {
            final OffsetAndMetadata o = offsets.get(p);
            sum += o == null ? 0 : o.offset();
        }
        return sum;
    }

    @Override
    public void close() {
        admin.close();
    }
}
