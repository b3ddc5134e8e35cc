package io.radshift.topology;

import io.radshift.avro.DriftAlert;
import io.radshift.avro.WindowSummary;
import io.radshift.config.RadShiftConfig;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads a run's drift-windows and drift-alerts (read_committed) from the start, on a thread of its own, for the ITs
 * that compare runs (one instance against several, one group protocol against another) by their outputs.
 */
final class RunOutputs implements AutoCloseable {

    /** Window summaries as {@code site@end n=.. late=.. verdict} and alerts as {@code site state end kind}, sorted. */
    record Outcome(List<String> windows, List<String> alerts) {
    }

    final Topics topics;
    private final Set<String> sites;
    private final List<WindowSummary> summaries = new CopyOnWriteArrayList<>();
    private final List<DriftAlert> alertEvents = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean running = true;

    /**
     * @param config      the run's configuration (its topics)
     * @param registryUrl the schema registry
     * @param sites       the sites whose windows {@link #hasWindowsUpTo} waits for, besides {@code *}
     */
    RunOutputs(final RadShiftConfig config, final String registryUrl, final List<String> sites) {
        this.topics = new Topics(config, RestSchemaRegistryClient.builder(registryUrl).build());
        this.sites = new HashSet<>(sites);
        this.sites.add("*");
        this.reader = new Thread(this::read, "run-outputs");
        this.reader.start();
    }

    private void read() {
        try (KafkaConsumer<String, Object> consumer = topics.outputsConsumer("reader-" + UUID.randomUUID())) {
            while (running) {
                for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() instanceof DriftAlert a) {
                        alertEvents.add(a);
                    } else if (r.value() instanceof WindowSummary s) {
                        summaries.add(s);
                    }
                }
            }
        }
    }

    /** Whether every site and {@code *} has a window ending at or after {@code end}. */
    boolean hasWindowsUpTo(final Instant end) {
        return sites.stream().allMatch(site -> summaries.stream()
                .anyMatch(s -> s.getSiteId().equals(site) && !s.getWindowEnd().isBefore(end)));
    }

    /** The window summaries read so far, in the order read. */
    List<WindowSummary> summaries() {
        return List.copyOf(summaries);
    }

    List<String> windows() {
        return summaries.stream().map(s -> s.getSiteId() + "@" + s.getWindowEnd() + " n=" + s.getN() + " late="
                + s.getLateDropped() + " " + s.getVerdict()).sorted().toList();
    }

    List<String> alerts() {
        return alertEvents.stream().map(a -> a.getSiteId() + " " + a.getState() + " " + a.getWindowEnd() + " " + a.getKind())
                .sorted().toList();
    }

    /** What was read so far. */
    Outcome outcome() {
        return new Outcome(windows(), alerts());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(5_000);
    }
}
