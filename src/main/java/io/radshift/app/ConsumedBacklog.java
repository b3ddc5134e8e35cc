package io.radshift.app;

import io.radshift.config.RadShiftConfig;
import io.radshift.inference.stream.BufferMarks;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.topics.Topics;
import io.radshift.window.Backlog;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Backlog} of the running application, from its consumer group's committed offsets against the end
 * offsets of the monitoring stage's inputs: {@code studies} first (its studies become inferences or dead letters),
 * then {@code study-inferences}, {@code study-labels} and the dead-letter topic, then the dead letters that the
 * monitoring stage's own gates write while processing those.
 *
 * <p>A study committed into the inference stage's batch buffer is consumed, but not yet an inference. Each inference
 * task sets its mark in {@link BufferMarks} (the offset below which every study it processed has left the buffer),
 * which counts once the transaction that handed those studies on has committed; every refresh publishes the
 * committed marks of the tasks running on this instance as the committed offsets of the group
 * {@code <applicationId>}{@link #MARKS_GROUP_SUFFIX}, which no consumer joins, and reads every partition's mark
 * back, so the answer holds wherever the inference task runs. A partition of {@code studies} counts as processed
 * only up to the lower of its committed offset and its mark.
 *
 * <p>A partition's input that had arrived by {@code t} is processed once the group's committed offsets (and marks)
 * reached the ends the inputs had at {@code t}, studies first, then what was made of them as their ends were read
 * in the observation in which the studies caught up ({@link BacklogBook}). Committed offsets and marks are the
 * application's, not a JVM's, so the answer is the same on whichever instance the task runs, right after it moved
 * or restarted. A background thread reads the offsets every tenth of the idle timeout ({@link #refresh(Duration)},
 * 100 ms to 1 s: the answer moves in steps of one refresh, and a quiet site's last windows wait for it) with an
 * Admin client ({@link AdminOffsets}, each call bounded by {@link #CALL_TIMEOUT}); the stream thread only reads what
 * was recorded, so it never waits for the broker. Before the first observations,
 * while the admin calls fail and once the latest observation is stale, nothing is known ({@link Long#MIN_VALUE}): a
 * quiet site's windows then close later, never early. Under exactly-once the committed offsets trail processing by
 * up to the commit interval, which only delays idling; the ends are the high watermarks, so an output forwarded in a
 * transaction not yet committed counts, and the committed offsets reach past it (and past the markers) once its
 * transaction ended.
 *
 * <p>Partition {@code p} of every input is taken to feed task {@code p}: the inputs are keyed by site and created
 * with one partition count ({@link TopicAdmin}), and {@link CoPartitioning} checks it at start.
 */
public final class ConsumedBacklog implements Backlog, AutoCloseable {

    /** The shortest period between two reads of the offsets (two admin calls each). */
    static final Duration MIN_REFRESH = Duration.ofMillis(100);
    /** The longest period between two reads of the offsets. */
    static final Duration MAX_REFRESH = Duration.ofSeconds(1);
    /** The longest one admin call may take. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** How long observations are kept beyond twice the idle timeout, for a backlog to clear on. */
    static final Duration HISTORY = Duration.ofMinutes(5);
    /** Age of the latest observation past which the backlog is not known. */
    static final Duration STALE_AFTER = MAX_REFRESH.multipliedBy(3).plus(CALL_TIMEOUT);
    /** Appended to the application id: the group whose committed offsets are the inference buffer's marks. */
    public static final String MARKS_GROUP_SUFFIX = "-inference-buffer-marks";

    private static final Logger LOG = LoggerFactory.getLogger(ConsumedBacklog.class);

    private final BacklogBook book;
    private final OffsetsSource source;
    private final MarksSink sink;
    private final BufferMarks marks;
    private final String heldTopic;
    private final LongSupplier wallClock;
    private final ScheduledExecutorService refresher;
    private final AutoCloseable resource;
    private final RadShiftMetrics metrics;
    private final RecurringCall reading = new RecurringCall(LOG, "read the input backlog",
            "quiet sites do not idle until it can be read");
    private final RecurringCall publishing = new RecurringCall(LOG, "publish the inference buffer's marks",
            "quiet sites wait for the last published ones");

    /** Reads {@link BacklogBook.Observation}s of committed, then end, offsets. */
    @FunctionalInterface
    interface OffsetsSource {
        BacklogBook.Observation read(long wall) throws Exception;
    }

    /** Writes the marks of the inference tasks running here, partition of the held topic to mark. */
    @FunctionalInterface
    interface MarksSink {
        void publish(Map<Integer, Long> marks) throws Exception;
    }

    /**
     * @param sink      where the marks of the inference tasks running here go
     * @param marks     the marks of those tasks; one of a partition with nothing processed yet is published as the
     *                  partition's committed offset (all that was processed before the task started has been handed on)
     * @param heldTopic the topic whose partitions the marks are of ({@code studies})
     * @param refresher runs {@link #refresh()} (scheduled by {@link #start}); shut down on close
     * @param resource  closed with this backlog (the admin client)
     * @param metrics   where each refresh reports the lag and the age of the backlog
     */
    ConsumedBacklog(final BacklogBook book, final OffsetsSource source, final MarksSink sink, final BufferMarks marks,
                    final String heldTopic, final LongSupplier wallClock, final ScheduledExecutorService refresher,
                    final AutoCloseable resource, final RadShiftMetrics metrics) {
        this.book = book;
        this.source = source;
        this.sink = sink;
        this.marks = marks;
        this.heldTopic = heldTopic;
        this.wallClock = wallClock;
        this.refresher = refresher;
        this.resource = resource;
        this.metrics = metrics;
    }

    /**
     * Starts reading the offsets of {@code config}'s application for the inputs of {@code topics}, publishing the
     * inference tasks' {@code marks}, reporting the backlog's lag and age to {@code metrics}.
     */
    public static ConsumedBacklog start(final RadShiftConfig config, final Topics topics, final BufferMarks marks,
                                        final RadShiftMetrics metrics) {
        final Map<String, Object> props = new HashMap<>(config.kafka().clientProperties());
        final Admin admin = Admin.create(props);
        final List<List<String>> tiers = tiers(topics);
        final long idleMs = config.detection().idleTimeout().toMillis();
        final BacklogBook book = new BacklogBook(tiers, 2 * idleMs + HISTORY.toMillis(), STALE_AFTER.toMillis());
        final String applicationId = config.kafka().applicationId();
        final AdminOffsets offsets = new AdminOffsets(admin, applicationId, applicationId + MARKS_GROUP_SUFFIX,
                topics.studies().name(), tiers.stream().flatMap(List::stream).distinct().toList(), CALL_TIMEOUT);
        final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "radshift-backlog");
            t.setDaemon(true);
            return t;
        });
        final ConsumedBacklog backlog = new ConsumedBacklog(book, offsets, offsets, marks, topics.studies().name(),
                System::currentTimeMillis, refresher, () -> admin.close(CALL_TIMEOUT), metrics);
        refresher.scheduleWithFixedDelay(backlog::refresh, 0, refresh(config.detection().idleTimeout()).toMillis(),
                TimeUnit.MILLISECONDS);
        return backlog;
    }

    /**
     * How often the offsets are read: a tenth of {@code idleTimeout}, between {@link #MIN_REFRESH} and
     * {@link #MAX_REFRESH}, so that waiting for the next read adds at most a tenth to a quiet site's idle wait.
     */
    static Duration refresh(final Duration idleTimeout) {
        return Duration.ofMillis(Math.max(MIN_REFRESH.toMillis(), Math.min(MAX_REFRESH.toMillis(), idleTimeout.toMillis() / 10)));
    }

    /**
     * The monitoring stage's inputs as {@link BacklogBook} tiers: studies, then what is made of them and the labels,
     * then the dead letters the monitoring stage's own gates write while processing those.
     */
    static List<List<String>> tiers(final Topics topics) {
        return List.of(List.of(topics.studies().name()),
                List.of(topics.inferences().name(), topics.studyLabels().name(), topics.deadLetter().name()),
                List.of(topics.deadLetter().name()));
    }

    @Override
    public long processedThrough(final int partition) {
        return book.processedThrough(partition, wallClock.getAsLong());
    }

    /**
     * Records one observation; a failure records nothing, so the book goes stale and answers "backlog present".
     * Either way reports the metrics: the lag of the latest observation, the age of what is known processed.
     */
    void refresh() {
        final long wall = wallClock.getAsLong();
        publishMarks();
        reading.run(() -> book.record(source.read(wall)));
        report(wall);
    }

    /**
     * Publishes the marks of the inference tasks running here; a task that processed nothing yet vouches for its
     * partition's committed offset, as last observed. A failure is logged once and leaves the previous marks in
     * place, which only holds the idle rule back.
     */
    private void publishMarks() {
        final Map<Integer, Long> resolved = new TreeMap<>();
        marks.snapshot().forEach((partition, mark) -> {
            final Long committed = book.latestCommitted(new TopicPartition(heldTopic, partition));
            if (mark != BufferMarks.UNPROCESSED) {
                resolved.put(partition, mark);
            } else if (committed != null) {
                resolved.put(partition, committed);
            }
        });
        if (resolved.isEmpty()) {
            return;
        }
        publishing.run(() -> sink.publish(resolved));
    }

    /** Reports each input partition's lag and each partition's processed-through age (growing while unknown). */
    private void report(final long wall) {
        final Map<TopicPartition, Long> lag = book.lag();
        final Set<Integer> partitions = new TreeSet<>();
        lag.forEach((tp, records) -> {
            metrics.inputLag(tp.topic(), tp.partition(), records);
            partitions.add(tp.partition());
        });
        for (int partition : partitions) {
            final long through = book.lastProcessedThrough(partition);
            metrics.inputProcessedAge(partition, Duration.ofMillis(Math.max(0, wall - through)));
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        try {
            resource.close();
        } catch (Exception e) {
            LOG.debug("closing the backlog's admin client: {}", e.toString());
        }
    }
}
