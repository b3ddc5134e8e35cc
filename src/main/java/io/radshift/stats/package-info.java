/**
 * Statistics core of RadShift: plain-Java, Kafka-free, mergeable window state ({@link io.radshift.stats.WindowAggregate}, its codec and spec) shared by the Kafka Streams topology, the CLI and benchmarks.
 */
package io.radshift.stats;
