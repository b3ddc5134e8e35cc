package io.radshift.app;

import io.radshift.config.RadShiftConfig;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.topics.Topics;
import io.radshift.window.Backlog;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * then {@code study-inferences}, {@code study-labels} and the dead-letter topic.
 *
 * <p>A partition's input that had arrived by {@code t} is processed once the group's committed offsets reached the
 * ends the inputs had at {@code t}, studies first and what was made of them after the idle timeout more
 * ({@link BacklogBook}). Committed offsets are the application's, not a JVM's, so the answer is the same on
 * whichever instance the task runs, right after it moved or restarted. A background thread reads the offsets every
 * {@link #REFRESH} with an Admin client ({@link AdminOffsets}, each call bounded by {@link #CALL_TIMEOUT}); the
 * stream thread only reads what was recorded, so it never waits for the broker. Before the first observations,
 * while the admin calls fail and once the latest observation is stale, nothing is known ({@link Long#MIN_VALUE}): a
 * quiet site's windows then close later, never early. Under exactly-once the committed offsets trail processing by
 * up to the commit interval, which only delays idling; the ends are read read_committed, and Streams commits past
 * the transaction markers it skips, so a processed partition's committed offset does reach its end.
 *
 * <p>Partition {@code p} of every input is taken to feed task {@code p}: the inputs are keyed by site and created
 * with one partition count ({@link TopicAdmin}). Dead letters that the monitoring stage's own gates write and read
 * back are covered only by the handoff (an idle timeout after their inference was processed).
 */
public final class ConsumedBacklog implements Backlog, AutoCloseable {

    /** How often the offsets are read. */
    static final Duration REFRESH = Duration.ofSeconds(1);
    /** The longest one admin call may take. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** How long observations are kept beyond twice the idle timeout, for a backlog to clear on. */
    static final Duration HISTORY = Duration.ofMinutes(5);
    /** Age of the latest observation past which the backlog is not known. */
    static final Duration STALE_AFTER = REFRESH.multipliedBy(3).plus(CALL_TIMEOUT);

    private static final Logger LOG = LoggerFactory.getLogger(ConsumedBacklog.class);

    private final BacklogBook book;
    private final OffsetsSource source;
    private final LongSupplier wallClock;
    private final ScheduledExecutorService refresher;
    private final AutoCloseable resource;
    private final RadShiftMetrics metrics;
    private volatile boolean failing;

    /** Reads {@link BacklogBook.Observation}s of committed, then end, offsets. */
    @FunctionalInterface
    interface OffsetsSource {
        BacklogBook.Observation read(long wall) throws Exception;
    }

    /**
     * @param refresher runs {@link #refresh()} (scheduled by {@link #start}); shut down on close
     * @param resource  closed with this backlog (the admin client)
     * @param metrics   where each refresh reports the lag and the age of the backlog
     */
    ConsumedBacklog(final BacklogBook book, final OffsetsSource source, final LongSupplier wallClock,
                    final ScheduledExecutorService refresher, final AutoCloseable resource, final RadShiftMetrics metrics) {
        this.book = book;
        this.source = source;
        this.wallClock = wallClock;
        this.refresher = refresher;
        this.resource = resource;
        this.metrics = metrics;
    }

    /**
     * Starts reading the offsets of {@code config}'s application for the inputs of {@code topics}, reporting the
     * backlog's lag and age to {@code metrics}.
     */
    public static ConsumedBacklog start(final RadShiftConfig config, final Topics topics, final RadShiftMetrics metrics) {
        final Map<String, Object> props = new HashMap<>(config.kafka().clientProperties());
        final Admin admin = Admin.create(props);
        final List<List<String>> tiers = tiers(topics);
        final long idleMs = config.detection().idleTimeout().toMillis();
        final BacklogBook book = new BacklogBook(tiers, 2 * idleMs + HISTORY.toMillis(), idleMs, STALE_AFTER.toMillis());
        final AdminOffsets offsets = new AdminOffsets(admin, config.kafka().applicationId(),
                tiers.stream().flatMap(List::stream).toList(), CALL_TIMEOUT);
        final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "radshift-backlog");
            t.setDaemon(true);
            return t;
        });
        final ConsumedBacklog backlog = new ConsumedBacklog(book, offsets, System::currentTimeMillis, refresher,
                () -> admin.close(CALL_TIMEOUT), metrics);
        refresher.scheduleWithFixedDelay(backlog::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        return backlog;
    }

    /**
     * The monitoring stage's inputs as {@link BacklogBook} tiers: studies, then what is made of them and the labels.
     * Dead letters written by the monitoring stage's own gates are covered only as far as the handoff allows.
     */
    static List<List<String>> tiers(final Topics topics) {
        return List.of(List.of(topics.studies().name()),
                List.of(topics.inferences().name(), topics.studyLabels().name(), topics.deadLetter().name()));
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
        try {
            book.record(source.read(wall));
            if (failing) {
                LOG.info("Reading the input backlog works again");
                failing = false;
            }
        } catch (Exception e) {
            if (!failing) {
                LOG.warn("Cannot read the input backlog ({}); quiet sites do not idle until it can be read", e.toString());
                failing = true;
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        report(wall);
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
