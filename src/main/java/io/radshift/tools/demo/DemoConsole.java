package io.radshift.tools.demo;

import io.radshift.avro.DriftAlert;
import io.radshift.avro.WindowSummary;
import io.radshift.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The demo's live console, as an on-call engineer would read it: one line when an incident opens (FIRING, which
 * pages) and one when it resolves; UPDATE events (evidence joined or left, severity changed) print no line of
 * their own but are folded into the incident's line of the per-site table printed every few seconds (studies
 * sent, last on-call window and its verdict, open incident). Reads {@code drift-alerts} and {@code drift-windows}
 * like any consumer would, with {@code read_committed}; the text comes from the given {@link IncidentFormat}
 * (the report package's incident text, passed in by the command so that tools do not depend on renderers).
 */
public final class DemoConsole implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM dd HH:mm").withZone(ZoneOffset.UTC);

    /**
     * How incidents are written.
     *
     * @param event    one line for a FIRING or RESOLVED event, given the incident's number of UPDATEs
     * @param incident the table line of an open incident, from its latest event and number of UPDATEs
     */
    public record IncidentFormat(BiFunction<DriftAlert, Integer, String> event, BiFunction<DriftAlert, Integer, String> incident) {
    }

    /** An open incident: its FIRING or latest UPDATE, and how many UPDATEs it had. */
    private record OpenIncident(DriftAlert latest, int updates) {
    }

    private final KafkaConsumer<String, Object> consumer;
    private final PrintWriter out;
    private final IncidentFormat format;
    private final Supplier<Map<String, Long>> sent;
    private final String alertingWindow;
    private final Map<String, WindowSummary> lastWindow = new TreeMap<>();
    private final Map<String, OpenIncident> open = new TreeMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int opened;
    private int pages;
    private int updates;
    private int resolved;

    public DemoConsole(final Topics topics, final PrintWriter out, final IncidentFormat format,
                       final Supplier<Map<String, Long>> sent, final String alertingWindow) {
        this.out = out;
        this.format = format;
        this.sent = sent;
        this.alertingWindow = alertingWindow;
        this.consumer = topics.outputsConsumer("radshift-demo-console");
        this.thread = new Thread(this::run, "radshift-demo-console");
        this.thread.setDaemon(true);
    }

    /** Starts printing. */
    public void start() {
        thread.start();
    }

    /** Incidents opened (and how many paged), updated and resolved so far. */
    public synchronized String totals() {
        return opened + " incident(s) opened (" + pages + " paging), " + updates + " update(s), " + resolved
                + " resolved";
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

    private synchronized void onAlert(final DriftAlert alert) {
        final OpenIncident before = open.get(alert.getAlertId());
        switch (alert.getState()) {
            case FIRING -> {
                open.put(alert.getAlertId(), new OpenIncident(alert, 0));
                opened++;
                pages += alert.getPaging() ? 1 : 0;
                println(format.event().apply(alert, 0));
            }
            case UPDATE -> {
                open.put(alert.getAlertId(), new OpenIncident(alert, before == null ? 1 : before.updates() + 1));
                updates++;
            }
            case RESOLVED -> {
                open.remove(alert.getAlertId());
                resolved++;
                println(format.event().apply(alert, before == null ? 0 : before.updates()));
            }
            default -> throw new IllegalStateException("unknown alert state " + alert.getState());
        }
    }

    private synchronized void printTable() {
        final Map<String, Long> counts = sent.get();
        out.printf("%n%-12s %8s  %-13s %-17s %s%n", "site", "studies", "last window", "verdict (n)", "open incident");
        final Set<String> sites = new TreeSet<>(counts.keySet());
        sites.addAll(lastWindow.keySet());
        for (String site : sites) {
            final WindowSummary w = lastWindow.get(site);
            out.printf("%-12s %8s  %-13s %-17s %s%n", site, counts.containsKey(site) ? counts.get(site) : "-",
                    w == null ? "-" : TIME.format(w.getWindowEnd()),
                    w == null ? "-" : w.getVerdict() + " (" + w.getN() + ")", incidents(site));
        }
        out.println();
        out.flush();
    }

    /** The site's open incident; with several (alerts written before one incident per site), the worst and a count. */
    private String incidents(final String site) {
        final List<OpenIncident> siteIncidents = open.values().stream()
                .filter(i -> i.latest().getSiteId().equals(site))
                .sorted(Comparator.comparing((OpenIncident i) -> i.latest().getSeverity()).reversed()).toList();
        if (siteIncidents.isEmpty()) {
            return "-";
        }
        final OpenIncident worst = siteIncidents.get(0);
        final String line = format.incident().apply(worst.latest(), worst.updates());
        return siteIncidents.size() == 1 ? line : line + " (+" + (siteIncidents.size() - 1) + " more open)";
    }

    private void println(final String line) {
        out.println(line);
        out.flush();
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
