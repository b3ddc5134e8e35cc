package io.radshift.tools.demo;

import io.radshift.avro.AlertState;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.WindowSummary;
import io.radshift.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The demo's live console: prints every alert as it fires or resolves, and every few seconds a per-site table
 * (studies sent, last on-call window and its verdict, alerts firing). Reads {@code drift-alerts} and
 * {@code drift-windows} like any consumer would, with {@code read_committed}.
 */
public final class DemoConsole implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM dd HH:mm").withZone(ZoneOffset.UTC);

    private final KafkaConsumer<String, Object> consumer;
    private final PrintWriter out;
    private final Supplier<Map<String, Long>> sent;
    private final String alertingWindow;
    private final Map<String, WindowSummary> lastWindow = new TreeMap<>();
    private final Map<String, Set<String>> firing = new TreeMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int firingEpisodes;
    private int resolvedEpisodes;

    public DemoConsole(final String bootstrapServers, final Topics topics, final PrintWriter out,
                       final Supplier<Map<String, Long>> sent, final String alertingWindow) {
        this.out = out;
        this.sent = sent;
        this.alertingWindow = alertingWindow;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "radshift-demo-console",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Serdes.String().deserializer(), (topic, bytes) -> topic.equals(topics.alerts().name())
                        ? topics.alerts().valueSerde().deserializer().deserialize(topic, bytes)
                        : topics.windows().valueSerde().deserializer().deserialize(topic, bytes));
        consumer.subscribe(List.of(topics.alerts().name(), topics.windows().name()));
        this.thread = new Thread(this::run, "radshift-demo-console");
        this.thread.setDaemon(true);
    }

    /** Starts printing. */
    public void start() {
        thread.start();
    }

    /** Alert episodes that fired and resolved so far. */
    public String totals() {
        return firingEpisodes + " alert(s) fired, " + resolvedEpisodes + " resolved";
    }

    private void run() {
        long nextTable = System.currentTimeMillis() + 10_000;
        try {
            while (running) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() instanceof DriftAlert alert) {
                        onAlert(alert);
                    } else if (record.value() instanceof WindowSummary summary && summary.getWindowKind().equals(alertingWindow)) {
                        lastWindow.put(summary.getSiteId(), summary);
                    }
                }
                if (System.currentTimeMillis() >= nextTable) {
                    printTable();
                    nextTable = System.currentTimeMillis() + 10_000;
                }
            }
        } catch (WakeupException stopping) {
            // close() interrupts the poll
        } finally {
            consumer.close();
        }
    }

    private void onAlert(final DriftAlert alert) {
        final String key = alert.getKind() + (alert.getLabel() == null ? "" : "(" + alert.getLabel() + ")");
        final Set<String> siteAlerts = firing.computeIfAbsent(alert.getSiteId(), s -> new TreeSet<>());
        if (alert.getState() == AlertState.FIRING) {
            siteAlerts.add(key);
            firingEpisodes++;
        } else {
            siteAlerts.remove(key);
            resolvedEpisodes++;
        }
        out.printf("%s  %-8s %-8s site %-12s %s%n", TIME.format(alert.getWindowEnd()), alert.getState(),
                alert.getSeverity(), alert.getSiteId(), alert.getSummary());
        out.flush();
    }

    private void printTable() {
        final Map<String, Long> counts = sent.get();
        out.printf("%n%-12s %8s  %-13s %-17s %s%n", "site", "studies", "last window", "verdict (n)", "alerts firing");
        final Set<String> sites = new TreeSet<>(counts.keySet());
        sites.addAll(lastWindow.keySet());
        for (String site : sites) {
            final WindowSummary w = lastWindow.get(site);
            out.printf("%-12s %8s  %-13s %-17s %s%n", site, counts.containsKey(site) ? counts.get(site) : "-",
                    w == null ? "-" : TIME.format(w.getWindowEnd()),
                    w == null ? "-" : w.getVerdict() + " (" + w.getN() + ")",
                    summarize(firing.getOrDefault(site, Set.of())));
        }
        out.println();
        out.flush();
    }

    /** "EMBEDDING_DRIFT, SCORE_HISTOGRAM_SHIFT x3 (Edema, Fracture, ...)": kinds with their labels, kept short. */
    static String summarize(final Set<String> alerts) {
        final Map<String, List<String>> byKind = new TreeMap<>();
        for (String alert : alerts) {
            final int paren = alert.indexOf('(');
            final String kind = paren < 0 ? alert : alert.substring(0, paren);
            final List<String> labels = byKind.computeIfAbsent(kind, k -> new java.util.ArrayList<>());
            if (paren >= 0) {
                labels.add(alert.substring(paren + 1, alert.length() - 1));
            }
        }
        final List<String> parts = new java.util.ArrayList<>();
        byKind.forEach((kind, labels) -> parts.add(labels.isEmpty() ? kind
                : labels.size() <= 2 ? kind + " (" + String.join(", ", labels) + ")"
                : kind + " x" + labels.size() + " (" + String.join(", ", labels.subList(0, 2)) + ", ...)"));
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    /** The simulated time of the latest window seen, for the closing line. */
    public Instant latestWindowEnd() {
        return lastWindow.values().stream().map(WindowSummary::getWindowEnd).max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
