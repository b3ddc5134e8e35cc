package io.radshift.detect;

import io.radshift.avro.WindowSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the detector's recent window summaries in the {@link RecentWindows} store for the query API, and drops a
 * site's summaries of one kind once they end more than {@code retention} before its newest: the store stays bounded
 * by sites x kinds x (retention / advance) whatever runs for how long. The store is changelogged, so a summary is
 * in it exactly when it is on {@code drift-windows}. A terminal processor: it forwards nothing.
 */
public final class RecentWindowsProcessor implements Processor<String, WindowSummary, Void, Void> {

    private final long retentionMs;
    private KeyValueStore<String, byte[]> store;

    /** @param retention how far back before a site's newest window of a kind its summaries are kept */
    public RecentWindowsProcessor(final Duration retention) {
        this.retentionMs = retention.toMillis();
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(RecentWindows.STORE);
    }

    @Override
    public void process(final Record<String, WindowSummary> record) {
        final WindowSummary summary = record.value();
        if (summary == null) {
            return;
        }
        final String site = summary.getSiteId();
        final String kind = summary.getWindowKind();
        final long end = summary.getWindowEnd().toEpochMilli();
        store.put(RecentWindows.key(site, kind, end), RecentWindows.encode(summary));
        dropBefore(site, kind, end - retentionMs);
    }

    /** Deletes the site's summaries of {@code kind} that end before {@code cutoff} (collected first: no delete while iterating). */
    private void dropBefore(final String site, final String kind, final long cutoff) {
        if (cutoff <= 0) {
            return;
        }
        final List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> old = store.range(RecentWindows.prefix(site, kind), RecentWindows.key(site, kind, cutoff - 1))) {
            while (old.hasNext()) {
                final KeyValue<String, byte[]> entry = old.next();
                stale.add(entry.key);
            }
        }
        stale.forEach(store::delete);
    }
}
