package io.radshift.app;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The check that the application's site-keyed input topics have one partition count. A study of a site in partition
 * {@code p} of {@code studies} becomes an inference in partition {@code p} of {@code study-inferences} (same key, same
 * partitioner) only if both have as many partitions, and task {@code p} of the monitoring stage reads partition
 * {@code p} of each of its inputs; the backlog check ({@link ConsumedBacklog}) and the inference buffer's marks also
 * take partition {@code p} of every input to feed task {@code p}. Kafka Streams does not enforce this for a
 * processor that reads several topics (only for DSL joins): with topics of different counts a site's inferences and
 * labels would meet in different tasks and the backlog of one partition would be taken for another's. Pure Java.
 */
final class CoPartitioning {

    private CoPartitioning() {
    }

    /**
     * @param partitionCounts topic to its partition count, for the topics that must be co-partitioned
     * @return one line naming the counts when they differ; empty when they agree
     */
    static Optional<String> problem(final Map<String, Integer> partitionCounts) {
        if (partitionCounts.values().stream().distinct().count() <= 1) {
            return Optional.empty();
        }
        final String counts = new TreeMap<>(partitionCounts).entrySet().stream()
                .map(e -> e.getKey() + " has " + e.getValue()).collect(Collectors.joining(", "));
        return Optional.of("the site-keyed input topics must all have the same number of partitions (a site's "
                + "studies, inferences, labels and dead letters meet in one task), but " + counts
                + ": give them one partition count (kafka-topics --alter --partitions, or recreate them) and start again");
    }
}
