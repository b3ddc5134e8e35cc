package io.radshift.tools.bench;

import io.radshift.alert.IncidentProcessor;
import io.radshift.app.RadShiftApp;
import io.radshift.window.PaneAggregatorProcessor;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The serialized size of a running application's per-site state, read through the interactive-query API: every
 * entry's key (UTF-8) and value bytes, as they sit in RocksDB and in the changelog, without RocksDB's own overhead.
 *
 * <p>Per (site, window scheme): the scheme's panes ({@code window-panes}, keys {@code kind␟site␟paneStart}, and their
 * journals, {@code window-pane-journal}), its
 * progress ({@code window-state}, {@code kind␟site}) and its incident ({@code incidents}, {@code site␟kind}). The
 * {@code study-scores} store is keyed by study, not by site: it keeps each study's scores until its ground truth
 * arrives or {@code detection.groundTruthRetention} of event time has passed, so it is reported apart.
 *
 * @param byScheme     per window scheme: the (site, scheme) pairs and their bytes
 * @param studyScores  entries in {@code study-scores}
 * @param scoresBytes  bytes in {@code study-scores}
 */
public record StateSizes(Map<String, Scheme> byScheme, long studyScores, long scoresBytes) {

    private static final char SEPARATOR = '\u001f';
    private static final int ATTEMPTS = 50;

    /**
     * One window scheme's state.
     *
     * @param pairs (site, scheme) pairs that hold state
     * @param bytes their bytes over the three stores
     */
    public record Scheme(long pairs, long bytes) {

        /** Bytes per (site, window scheme). */
        public double perPair() {
            return pairs == 0 ? 0 : (double) bytes / pairs;
        }
    }

    /** Bytes per (site, window scheme) over all schemes. */
    public double bytesPerSiteWindow() {
        final long pairs = byScheme.values().stream().mapToLong(Scheme::pairs).sum();
        return pairs == 0 ? 0 : (double) byScheme.values().stream().mapToLong(Scheme::bytes).sum() / pairs;
    }

    /** Reads the stores of {@code app}, retrying while a rebalance makes them briefly unavailable. */
    public static StateSizes read(final RadShiftApp app) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return readOnce(app);
            } catch (InvalidStateStoreException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static StateSizes readOnce(final RadShiftApp app) {
        final Map<String, Long> bytes = new HashMap<>();
        final Map<String, Set<String>> sites = new HashMap<>();
        final BiConsumer<String, String> site = (kind, s) -> sites.computeIfAbsent(kind, k -> new HashSet<>()).add(s);
        scan(app, PaneAggregatorProcessor.PANES, (key, size) -> {
            final String[] parts = key.split(String.valueOf(SEPARATOR));
            bytes.merge(parts[0], size, Long::sum);
            site.accept(parts[0], parts[1]);
        });
        scan(app, PaneAggregatorProcessor.PANE_JOURNAL, (key, size) -> {
            final String[] parts = key.split(String.valueOf(SEPARATOR));
            bytes.merge(parts[0], size, Long::sum);
        });
        scan(app, PaneAggregatorProcessor.STATE, (key, size) -> {
            final String[] parts = key.split(String.valueOf(SEPARATOR));
            bytes.merge(parts[0], size, Long::sum);
            site.accept(parts[0], parts[1]);
        });
        scan(app, IncidentProcessor.SITE_STORE, (key, size) -> {
            final String[] parts = key.split(String.valueOf(SEPARATOR));
            bytes.merge(parts[1], size, Long::sum);
            site.accept(parts[1], parts[0]);
        });
        final long[] scores = new long[2];
        scan(app, PaneAggregatorProcessor.STUDY_SCORES, (key, size) -> {
            scores[0]++;
            scores[1] += size;
        });
        final Map<String, Scheme> byScheme = new TreeMap<>();
        bytes.forEach((kind, b) -> byScheme.put(kind, new Scheme(sites.get(kind).size(), b)));
        return new StateSizes(byScheme, scores[0], scores[1]);
    }

    /** Calls {@code entry} with every key and its entry's size in bytes. */
    private static void scan(final RadShiftApp app, final String store, final BiConsumer<String, Long> entry) {
        final ReadOnlyKeyValueStore<String, byte[]> view = app.store(
            StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        try (KeyValueIterator<String, byte[]> all = view.all()) {
            while (all.hasNext()) {
                final KeyValue<String, byte[]> kv = all.next();
                entry.accept(kv.key, (long) kv.key.getBytes(StandardCharsets.UTF_8).length + kv.value.length);
            }
        }
    }
}
