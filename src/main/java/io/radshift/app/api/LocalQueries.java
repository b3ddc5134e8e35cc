package io.radshift.app.api;

import io.radshift.alert.HeldEvidence;
import io.radshift.alert.IncidentProcessor;
import io.radshift.alert.IncidentState;
import io.radshift.avro.WindowSummary;
import io.radshift.detect.RecentWindows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The answers of this instance alone, read from its active stores: {@link RecentWindows#STORE} for windows and
 * verdicts, {@link IncidentProcessor#SITE_STORE} for incidents. Every answer is a list of JSON-ready maps that
 * another instance's list can be appended to; {@link QueryRouter} decides which instances to ask.
 * Only pseudonymous ids leave: site ids, window kinds, test names and the summaries' study pseudonyms.
 */
final class LocalQueries {

    private static final char SEPARATOR = '\u001f';

    private final ReadOnlyKeyValueStore<String, byte[]> windows;
    private final ReadOnlyKeyValueStore<String, byte[]> incidents;

    LocalQueries(final ReadOnlyKeyValueStore<String, byte[]> windows, final ReadOnlyKeyValueStore<String, byte[]> incidents) {
        this.windows = windows;
        this.incidents = incidents;
    }

    /** Every site of this instance with its latest window per kind and its open incidents, by site id. */
    List<Map<String, Object>> sites() {
        final Map<String, Map<String, Object>> latest = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> all = windows.all()) {
            while (all.hasNext()) {
                // Keys run by site, kind, then end: the last one seen for a (site, kind) is its latest window.
                final WindowSummary summary = RecentWindows.decode(all.next().value);
                latestWindows(latest, summary.getSiteId()).put(summary.getWindowKind(), verdict(summary));
            }
        }
        for (final Map<String, Object> incident : incidents(true)) {
            openIncidents(site(latest, (String) incident.get("siteId"))).add(incident);
        }
        return new ArrayList<>(latest.values());
    }

    /**
     * The site's summaries that end in [{@code from}, {@code to}], of one kind or of all, by end then kind; at most
     * {@code limit + 1} (one more than asked tells the caller there are more).
     */
    List<Map<String, Object>> windows(final String site, final Optional<String> kind, final Instant from, final Instant to,
                                      final int limit) {
        final List<WindowSummary> found = new ArrayList<>();
        final String prefix = kind.map(k -> RecentWindows.prefix(site, k)).orElse(RecentWindows.prefix(site));
        try (KeyValueIterator<String, byte[]> scan = windows.prefixScan(prefix, Serdes.String().serializer())) {
            while (scan.hasNext()) {
                final WindowSummary summary = RecentWindows.decode(scan.next().value);
                final Instant end = summary.getWindowEnd();
                if (!end.isBefore(from) && !end.isAfter(to)) {
                    found.add(summary);
                }
            }
        }
        return found.stream()
                .sorted(Comparator.comparing(WindowSummary::getWindowEnd).thenComparing(s -> s.getWindowKind().toString()))
                .limit(limit + 1L)
                .map(SummaryJson::of)
                .toList();
    }

    /** The site's latest verdict of every kind, by kind; empty for a site this instance has no window of. */
    List<Map<String, Object>> latestVerdicts(final String site) {
        final Map<String, Object> byKind = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> scan = windows.prefixScan(RecentWindows.prefix(site), Serdes.String().serializer())) {
            while (scan.hasNext()) {
                final WindowSummary summary = RecentWindows.decode(scan.next().value);
                byKind.put(summary.getWindowKind(), verdict(summary));
            }
        }
        final List<Map<String, Object>> verdicts = new ArrayList<>();
        byKind.values().forEach(v -> verdicts.add(cast(v)));
        return verdicts;
    }

    /** The incidents of this instance's sites, only the open ones when {@code openOnly}, by site and window kind. */
    List<Map<String, Object>> incidents(final boolean openOnly) {
        final List<Map<String, Object>> found = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = incidents.all()) {
            while (all.hasNext()) {
                final KeyValue<String, byte[]> entry = all.next();
                final IncidentState state = IncidentState.fromBytes(entry.value);
                if (!openOnly || state.open()) {
                    found.add(incident(entry.key, state));
                }
            }
        }
        return found;
    }

    /** The short view of a summary: its window, size, verdict and the tests that found material drift. */
    static Map<String, Object> verdict(final WindowSummary summary) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("siteId", summary.getSiteId());
        json.put("windowKind", summary.getWindowKind());
        json.put("windowStart", summary.getWindowStart().toString());
        json.put("windowEnd", summary.getWindowEnd().toString());
        json.put("n", summary.getN());
        json.put("verdict", summary.getVerdict().name());
        json.put("driftTests", summary.getTests().stream().filter(t -> t.getDrift())
                .map(t -> t.getLabel() == null ? t.getTest() : t.getTest() + ":" + t.getLabel()).toList());
        json.put("evaluatedAt", summary.getEvaluatedAt().toString());
        return json;
    }

    private static Map<String, Object> incident(final String key, final IncidentState state) {
        final Map<String, Object> json = new LinkedHashMap<>();
        final int split = key.indexOf(SEPARATOR);
        json.put("siteId", key.substring(0, split));
        json.put("windowKind", key.substring(split + 1));
        json.put("open", state.open());
        json.put("paging", state.open() && state.paging());
        json.put("episodeStart", state.open() ? Instant.ofEpochMilli(state.gate().episodeStart()).toString() : null);
        json.put("severity", state.severity().map(Enum::name).orElse(null));
        json.put("evidence", state.ranked().stream().map(LocalQueries::evidence).toList());
        return json;
    }

    private static Map<String, Object> evidence(final HeldEvidence held) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", held.latest().kind().name());
        json.put("test", held.latest().name());
        json.put("severity", held.severity().name());
        return json;
    }

    private static Map<String, Object> site(final Map<String, Map<String, Object>> sites, final String site) {
        return sites.computeIfAbsent(site, s -> {
            final Map<String, Object> json = new LinkedHashMap<>();
            json.put("siteId", s);
            json.put("latestWindows", new TreeMap<String, Object>());
            json.put("openIncidents", new ArrayList<Map<String, Object>>());
            return json;
        });
    }

    private static Map<String, Object> latestWindows(final Map<String, Map<String, Object>> sites, final String site) {
        return cast(site(sites, site).get("latestWindows"));
    }

    private static List<Map<String, Object>> openIncidents(final Map<String, Object> site) {
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> list = (List<Map<String, Object>>) site.get("openIncidents");
        return list;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(final Object value) {
        return (Map<String, Object>) value;
    }
}
