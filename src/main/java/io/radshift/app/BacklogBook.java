package io.radshift.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * The bookkeeping of {@link ConsumedBacklog}: observations of the application's committed offsets and of the end
 * offsets of its input topics, each with the wall-clock time it was taken, and from them, per partition, the latest
 * observation time by which all input that had arrived is processed.
 *
 * <p>The inputs form a chain of tiers: the first tier's records become the next tier's (a study in {@code studies}
 * becomes an inference in {@code study-inferences}, or a dead letter). Input that arrived by the time {@code t} of
 * an observation is processed once the first tier's committed offsets, held back by the inference stage's buffer
 * ({@link Observation#held}), reached its end offsets as of {@code t}, and each later tier's reached its ends as
 * observed in the very observation in which the previous tier caught up: every tier hands its records on by
 * exactly-once transactions, whose outputs are appended before their offsets commit (and before the inference
 * stage's hold moves: a hold counts only once its transaction committed), and an observation reads the ends after
 * the committed offsets and the holds. The answer is recomputed when an observation is recorded, on the refresh
 * thread; asking only reads it. Pure Java and thread safe.
 */
final class BacklogBook {

    /** The most observations kept: a backlog older than this many refreshes waits for a newer one to clear. */
    static final int MAX_OBSERVATIONS = 2_000;

    /**
     * Committed and end offsets read at {@code wall}, the ends read after the committed offsets and the holds. A
     * partition without a committed offset is given its log start offset (nothing of it was ever processed). A hold
     * is an offset below which a partition's records, consumed or not, have been handed on: a study committed into
     * the inference stage's batch buffer is consumed but not yet an inference, so its partition of {@code studies}
     * counts as processed only up to the lower of its committed offset and its hold.
     */
    record Observation(long wall, Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends,
                       Map<TopicPartition, Long> held) {

        Observation {
            committed = Map.copyOf(committed);
            ends = Map.copyOf(ends);
            held = Map.copyOf(held);
        }

        /** An observation without holds. */
        Observation(final long wall, final Map<TopicPartition, Long> committed, final Map<TopicPartition, Long> ends) {
            this(wall, committed, ends, Map.of());
        }

        /** The offset below which {@code tp}'s records are processed and handed on. */
        long processed(final TopicPartition tp) {
            return Math.min(committed.getOrDefault(tp, 0L), held.getOrDefault(tp, Long.MAX_VALUE));
        }
    }

    private final List<List<String>> tiers;
    private final long keepMs;
    private final long staleAfterMs;
    private final List<Observation> observations = new ArrayList<>();
    private final Map<Integer, Long> processedThrough = new HashMap<>();
    private long firstWall = Long.MIN_VALUE;

    /**
     * @param tiers        input topics, upstream tier first
     * @param keepMs       how long observations are kept (at most {@link #MAX_OBSERVATIONS})
     * @param staleAfterMs age of the latest observation past which nothing is known
     */
    BacklogBook(final List<List<String>> tiers, final long keepMs, final long staleAfterMs) {
        this.tiers = tiers.stream().map(List::copyOf).toList();
        this.keepMs = keepMs;
        this.staleAfterMs = staleAfterMs;
    }

    /** Adds an observation (newer than every recorded one), then updates every partition's answer. */
    synchronized void record(final Observation observation) {
        if (observations.isEmpty() && firstWall == Long.MIN_VALUE) {
            firstWall = observation.wall();
        }
        observations.add(observation);
        prune(observation.wall());
        for (int partition : partitions(observation)) {
            update(partition);
        }
    }

    /**
     * The wall-clock time by which every record of {@code partition} that had arrived is processed, as of
     * {@code wallNow}; {@link Long#MIN_VALUE} when not known (never observed, or the latest observation is stale).
     */
    synchronized long processedThrough(final int partition, final long wallNow) {
        if (observations.isEmpty() || wallNow - latest().wall() > staleAfterMs) {
            return Long.MIN_VALUE;
        }
        return processedThrough.getOrDefault(partition, Long.MIN_VALUE);
    }

    /**
     * Per input partition, records not yet processed as of the latest observation: its end offset less its committed
     * offset (or its hold, if lower), at least 0; empty before the first observation.
     */
    synchronized Map<TopicPartition, Long> lag() {
        if (observations.isEmpty()) {
            return Map.of();
        }
        final Observation latest = latest();
        final Map<TopicPartition, Long> lag = new HashMap<>();
        latest.ends().forEach((tp, end) -> lag.put(tp, Math.max(0, end - latest.processed(tp))));
        return lag;
    }

    /** The application's committed offset of {@code tp} in the latest observation (holds aside), if observed. */
    synchronized Long latestCommitted(final TopicPartition tp) {
        return observations.isEmpty() ? null : latest().committed().get(tp);
    }

    /**
     * For the metric, not for the idle rule: the latest time {@code partition} was known to be processed through,
     * stale or not; the first observation's time when it never was (a lower bound on the age of its backlog), or
     * {@link Long#MIN_VALUE} before the first observation.
     */
    synchronized long lastProcessedThrough(final int partition) {
        return processedThrough.getOrDefault(partition, firstWall);
    }

    /** Moves the partition's answer to the newest observation whose input is processed, if newer than the answer. */
    private void update(final int partition) {
        final long current = processedThrough.getOrDefault(partition, Long.MIN_VALUE);
        for (int r = observations.size() - 1; r >= 0 && observations.get(r).wall() > current; r--) {
            if (processedAsOf(partition, r)) {
                processedThrough.put(partition, observations.get(r).wall());
                return;
            }
        }
    }

    /** Whether the input of {@code partition} that had arrived by observation {@code from} is processed now. */
    private boolean processedAsOf(final int partition, final int from) {
        int reference = from;
        for (int tier = 0; tier < tiers.size() - 1; tier++) {
            reference = firstCaughtUp(tier, partition, reference);
            if (reference < 0) {
                return false;
            }
        }
        return caughtUp(latest(), observations.get(reference), tiers.get(tiers.size() - 1), partition);
    }

    /**
     * The first observation from {@code from} on at which {@code tier} had processed its ends as of {@code from}, or
     * -1. Committed offsets only grow, so this is a binary search; should they have gone back (an offset reset), the
     * index found is checked, and a later one than the first only makes the answer more careful.
     */
    private int firstCaughtUp(final int tier, final int partition, final int from) {
        final Observation reference = observations.get(from);
        int low = from;
        int high = observations.size() - 1;
        while (low < high) {
            final int mid = (low + high) >>> 1;
            if (caughtUp(observations.get(mid), reference, tiers.get(tier), partition)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return caughtUp(observations.get(low), reference, tiers.get(tier), partition) ? low : -1;
    }

    /** Whether every topic's committed offset in {@code at} reached its end offset in {@code reference}. */
    private static boolean caughtUp(final Observation at, final Observation reference, final List<String> topics,
                                    final int partition) {
        for (String topic : topics) {
            final TopicPartition tp = new TopicPartition(topic, partition);
            final Long end = reference.ends().get(tp);
            if (end != null && at.processed(tp) < end) {
                return false;
            }
        }
        return true;
    }

    /**
     * Drops observations older than {@code keepMs} but the newest of them (the reference for that age), and the
     * oldest beyond {@link #MAX_OBSERVATIONS}.
     */
    private void prune(final long wallNow) {
        int drop = 0;
        while (drop < observations.size() - 1 && observations.get(drop + 1).wall() <= wallNow - keepMs) {
            drop++;
        }
        drop = Math.max(drop, observations.size() - MAX_OBSERVATIONS);
        observations.subList(0, drop).clear();
    }

    private Set<Integer> partitions(final Observation observation) {
        final Set<String> topics = tiers.stream().flatMap(List::stream).collect(Collectors.toSet());
        return observation.ends().keySet().stream().filter(tp -> topics.contains(tp.topic()))
                .map(TopicPartition::partition).collect(Collectors.toSet());
    }

    private Observation latest() {
        return observations.get(observations.size() - 1);
    }
}
