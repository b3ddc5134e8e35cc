package io.radshift.app;

import io.radshift.config.RadShiftConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DeleteRecordsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the records of RadShift's own internal topics that their consumer group has consumed and
 * committed, as Kafka Streams does for the repartition topics it creates itself ({@code repartition.purge.interval.ms}).
 * The all-sites topic ({@code MonitoringStage.closedWindowsTopic}) is created by RadShift, because the Processor API
 * cannot declare a repartition topic, so Streams never purges it; it carries every closed site window, a whole window
 * aggregate each, to the all-sites view's one task, and at 10,000 sites with hourly sliding windows it held 36 GB of broker
 * disk after 25 days of event time (bench state) with nothing but the broker's retention to bound it. Under
 * exactly-once a committed offset has been consumed and its processing committed, so no record below it is read
 * again, whichever instance runs the task. A failed purge is logged once and tried again at the next interval.
 */
public final class ConsumedTopicPurge implements AutoCloseable {

    /** How often the consumed records are deleted (Kafka Streams' default for its repartition topics). */
    public static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ConsumedTopicPurge.class);

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;
    private final ScheduledExecutorService scheduler;
    private final RecurringCall purging;

    ConsumedTopicPurge(final Admin admin, final String groupId, final List<String> topics,
                       final ScheduledExecutorService scheduler) {
        this.admin = admin;
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
        this.scheduler = scheduler;
        this.purging = new RecurringCall(LOG, "purge the consumed records of " + this.topics,
                "retrying every " + INTERVAL.toSeconds() + " s");
    }

    /** Purges {@code topics}, consumed by the consumer group {@code groupId}, every {@link #INTERVAL} from now on. */
    static ConsumedTopicPurge start(final RadShiftConfig config, final String groupId, final List<String> topics) {
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread thread = new Thread(r, "radshift-topic-purge");
            thread.setDaemon(true);
            return thread;
        });
        final ConsumedTopicPurge purge = new ConsumedTopicPurge(Admin.create(new HashMap<>(config.kafka().clientProperties())),
                groupId, topics, scheduler);
        scheduler.scheduleWithFixedDelay(() -> purge.purging.run(purge::purge), INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return purge;
    }

    /**
     * Deletes, in every partition of the topics the group has committed an offset for, the records below that offset;
     * returns what it asked for.
     */
    Map<TopicPartition, Long> purge() throws Exception {
        final int timeoutMs = Math.toIntExact(CALL_TIMEOUT.toMillis());
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId,
                new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs)).partitionsToOffsetAndMetadata()
                .get(timeoutMs, TimeUnit.MILLISECONDS);
        final Map<TopicPartition, RecordsToDelete> request = new HashMap<>();
        final Map<TopicPartition, Long> purged = new HashMap<>();
        committed.forEach((tp, offset) -> {
            if (offset != null && offset.offset() > 0 && topics.contains(tp.topic())) {
                request.put(tp, RecordsToDelete.beforeOffset(offset.offset()));
                purged.put(tp, offset.offset());
            }
        });
        if (!request.isEmpty()) {
            admin.deleteRecords(request, new DeleteRecordsOptions().timeoutMs(timeoutMs)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        }
        return purged;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(CALL_TIMEOUT);
    }
}
