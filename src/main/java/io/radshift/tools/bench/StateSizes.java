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
import java.util.function.ToLongFunction;
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
 * <p>A pane's journal grows with the studies added since its last fold and shrinks to nothing at the fold, so it is
 * bounded by the fold, not by the studies: the bytes without journals are what must hold still, and the longest
 * journal must stay within {@link PaneAggregatorProcessor#JOURNAL_LIMIT}.
 *
 * @param byScheme       per window scheme: the (site, scheme) pairs and their bytes
 * @param studyScores    entries in {@code study-scores}
 * @param scoresBytes    bytes in {@code study-scores}
 * @param longestJournal the most journal entries of one pane
 */
public record StateSizes(Map<String, Scheme> byScheme, long studyScores, long scoresBytes, int longestJournal) {

    private static final char SEPARATOR = '\u001f';
    private static final int ATTEMPTS = 50;

    /**
     * One window scheme's state.
     *
     * @param pairs        (site, scheme) pairs that hold state
     * @param bytes        their bytes over the stores, pane journals included
     * @param journalBytes the part of {@code bytes} in pane journals
     */
    public record Scheme(long pairs, long bytes, long journalBytes) {

        /** Bytes per (site, window scheme). */
        public double perPair() {
            return pairs == 0 ? 0 : (double) bytes / pairs;
        }
    }

    /** Bytes per (site, window scheme) over all schemes. */
    public double bytesPerSiteWindow() {
        return perPair(Scheme::bytes);
    }

    /** Bytes per (site, window scheme) over all schemes without the pane journals: what must not grow with studies. */
    public double bytesPerSiteWindowWithoutJournals() {
        return perPair(scheme -> scheme.bytes() - scheme.journalBytes());
    }

    private double perPair(final ToLongFunction<Scheme> bytes) {
        final long pairs = byScheme.values().stream().mapToLong(Scheme::pairs).sum();
        return pairs == 0 ? 0 : (double) byScheme.values().stream().mapToLong(bytes).sum() / pairs;
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
        final Map<String, Long> journalBytes = new HashMap<>();
        final Map<String, Integer> journalLengths = new HashMap<>();
        scan(app, PaneAggregatorProcessor.PANE_JOURNAL, (key, size) -> {
            final String[] parts = key.split(String.valueOf(SEPARATOR));
            bytes.merge(parts[0], size, Long::sum);
            journalBytes.merge(parts[0], size, Long::sum);
            journalLengths.merge(key.substring(0, key.lastIndexOf(SEPARATOR)), 1, Integer::sum);
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
        bytes.forEach((kind, b) -> byScheme.put(kind, new Scheme(sites.get(kind).size(), b, journalBytes.getOrDefault(kind, 0L))));
        return new StateSizes(byScheme, scores[0], scores[1],
            journalLengths.values().stream().mapToInt(Integer::intValue).max().orElse(0));
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
