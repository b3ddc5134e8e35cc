package io.radshift.app;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one {@link BacklogBook.Observation} with an Admin client: the committed offsets of the application's
 * consumer group, then the end offsets (read_committed, as Streams reads under exactly-once) of the input topics'
 * partitions. A partition the group never committed gets its log start offset. Every call is bounded by the
 * timeout; a failure or timeout throws, and the caller records nothing.
 */
final class AdminOffsets implements ConsumedBacklog.OffsetsSource {

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;
    private final int timeoutMs;

    AdminOffsets(final Admin admin, final String groupId, final List<String> topics, final Duration timeout) {
        this.admin = admin;
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
        this.timeoutMs = Math.toIntExact(timeout.toMillis());
    }

    @Override
    public BacklogBook.Observation read(final long wall) throws Exception {
        final List<TopicPartition> partitions = partitions();
        final Map<TopicPartition, Long> committed = committed();
        final Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        final List<TopicPartition> neverCommitted = partitions.stream().filter(tp -> !committed.containsKey(tp)).toList();
        if (!neverCommitted.isEmpty()) {
            committed.putAll(offsets(neverCommitted, OffsetSpec.earliest()));
        }
        return new BacklogBook.Observation(wall, committed, ends);
    }

    private List<TopicPartition> partitions() throws Exception {
        final Map<String, TopicDescription> described = admin.describeTopics(topics,
                new DescribeTopicsOptions().timeoutMs(timeoutMs)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
        return described.values().stream().flatMap(d -> d.partitions().stream()
                .map(p -> new TopicPartition(d.name(), p.partition()))).toList();
    }

    private Map<TopicPartition, Long> committed() throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId,
                new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs)).partitionsToOffsetAndMetadata().get(timeoutMs, TimeUnit.MILLISECONDS);
        final Map<TopicPartition, Long> committed = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (offset != null && topics.contains(tp.topic())) {
                committed.put(tp, offset.offset());
            }
        });
        return committed;
    }

    private Map<TopicPartition, Long> offsets(final List<TopicPartition> partitions, final OffsetSpec spec) throws Exception {
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> listed = admin.listOffsets(request,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs(timeoutMs)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        final Map<TopicPartition, Long> offsets = new HashMap<>();
        listed.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }
}
