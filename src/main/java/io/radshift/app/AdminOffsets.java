package io.radshift.app;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsOptions;
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
 * consumer group, then the holds of the held topic (the inference buffer's marks, kept as the committed offsets of
 * a second group that no consumer joins, {@link #publish}), then the end offsets of the input topics' partitions.
 * A partition the group never committed gets its log start offset; a partition of the held topic without a mark is
 * held at 0 (its inference task has not told yet). The ends are read read_uncommitted, the high watermark: a record
 * of a transaction still open (outputs of a batch forwarded but not yet committed) has arrived, and the committed
 * offsets reach past it only once its transaction ended. Every call is bounded by the timeout; a failure or timeout
 * throws, and the caller records nothing.
 */
final class AdminOffsets implements ConsumedBacklog.OffsetsSource, ConsumedBacklog.MarksSink {

    private final Admin admin;
    private final String groupId;
    private final String marksGroupId;
    private final String heldTopic;
    private final List<String> topics;
    private final int timeoutMs;

    /**
     * @param groupId      the application's consumer group
     * @param marksGroupId the group whose committed offsets are the marks of {@code heldTopic}'s partitions
     * @param topics       the input topics, {@code heldTopic} among them
     */
    AdminOffsets(final Admin admin, final String groupId, final String marksGroupId, final String heldTopic,
                 final List<String> topics, final Duration timeout) {
        this.admin = admin;
        this.groupId = groupId;
        this.marksGroupId = marksGroupId;
        this.heldTopic = heldTopic;
        this.topics = List.copyOf(topics);
        this.timeoutMs = Math.toIntExact(timeout.toMillis());
    }

    @Override
    public BacklogBook.Observation read(final long wall) throws Exception {
        final List<TopicPartition> partitions = partitions();
        final Map<TopicPartition, Long> committed = committed(groupId);
        final Map<TopicPartition, Long> marks = committed(marksGroupId);
        final Map<TopicPartition, Long> held = new HashMap<>();
        partitions.stream().filter(tp -> tp.topic().equals(heldTopic))
                .forEach(tp -> held.put(tp, marks.getOrDefault(tp, 0L)));
        final Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        final List<TopicPartition> neverCommitted = partitions.stream().filter(tp -> !committed.containsKey(tp)).toList();
        if (!neverCommitted.isEmpty()) {
            committed.putAll(offsets(neverCommitted, OffsetSpec.earliest()));
        }
        return new BacklogBook.Observation(wall, committed, ends, held);
    }

    /** Writes the marks of the held topic's partitions that run here as the marks group's committed offsets. */
    @Override
    public void publish(final Map<Integer, Long> marks) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        marks.forEach((partition, mark) -> offsets.put(new TopicPartition(heldTopic, partition), new OffsetAndMetadata(mark)));
        admin.alterConsumerGroupOffsets(marksGroupId, offsets, new AlterConsumerGroupOffsetsOptions().timeoutMs(timeoutMs))
                .all().get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private List<TopicPartition> partitions() throws Exception {
        final Map<String, TopicDescription> described = admin.describeTopics(topics,
                new DescribeTopicsOptions().timeoutMs(timeoutMs)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
        return described.values().stream().flatMap(d -> d.partitions().stream()
                .map(p -> new TopicPartition(d.name(), p.partition()))).toList();
    }

    private Map<TopicPartition, Long> committed(final String group) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group,
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
                new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED).timeoutMs(timeoutMs)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        final Map<TopicPartition, Long> offsets = new HashMap<>();
        listed.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }
}
