package io.radshift.window;

import io.radshift.stats.AggregateSpec;
import io.radshift.stats.AggregateUpdate;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.WindowAggregateCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The window panes of a task, each kept as a base aggregate ({@code window-panes}, the {@link WindowAggregateCodec}
 * bytes, as before) plus the updates since that base ({@code window-pane-journal}, one {@link AggregateUpdate} per
 * key {@code paneKey␟seq}). A study writes its update (a few hundred bytes) instead of re-encoding and rewriting its
 * whole pane (about ten kilobytes with the demo profile, twice per study with two window kinds): the pane store and
 * its changelog carried twenty times the bytes of the input (bench topology). Every {@value #FOLD_AFTER}th update
 * folds the pane: its base is rewritten and its journal deleted.
 *
 * <p>Both stores are ordinary changelogged stores written in the record's transaction, so what the stores hold is
 * always a consistent pane (base plus a contiguous journal 0..n-1), whenever the task crashes. The pane is the
 * base with the journal replayed in order: the same sums in the same order as adding the studies at once, so the
 * windows are bit for bit those of a pane rewritten per study. A pane's first update writes its base, so every
 * journal has a base, and a window is read by a range over the bases.
 *
 * <p>The panes this task wrote or read last are kept decoded with their journal length (at most
 * {@code capacity}, least recently used first out), so neither a study nor a window close decodes or replays
 * them. The store stays the only truth: an entry is taken out while its pane is updated and put back only after the
 * stores were written, and everything is forgotten by {@link #clear()} when the processor is initialised, which
 * Kafka Streams does after every restore (a restart, a moved task, a task revived after an aborted transaction).
 */
final class PaneJournal {

    /** A pane is folded into a new base by the update that would make its journal this long (so it holds at most 31). */
    static final int FOLD_AFTER = 32;

    private record Entry(WindowAggregate pane, int journalled) {
    }

    private final KeyValueStore<String, byte[]> bases;
    private final KeyValueStore<String, byte[]> journal;
    private final AggregateSpec spec;
    private final Map<String, Entry> decoded;

    /** Panes in {@code bases} and {@code journal}, for {@code spec}, with at most {@code capacity} kept decoded. */
    PaneJournal(final KeyValueStore<String, byte[]> bases, final KeyValueStore<String, byte[]> journal,
                final AggregateSpec spec, final int capacity) {
        this.bases = bases;
        this.journal = journal;
        this.spec = spec;
        this.decoded = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Applies {@code update} to the pane {@code paneKey} (an empty pane if there is none yet) and stores it. */
    void apply(final String paneKey, final AggregateUpdate update) {
        final Entry taken = decoded.remove(paneKey);
        final Entry current = taken != null ? taken : load(paneKey, bases.get(paneKey));
        final WindowAggregate pane = current != null ? current.pane() : WindowAggregate.empty(spec);
        update.applyTo(pane);
        if (current == null || current.journalled() + 1 >= FOLD_AFTER) {
            fold(paneKey, pane, current == null ? 0 : current.journalled());
        } else {
            journal.put(journalKey(paneKey, current.journalled()), update.toBytes());
            decoded.put(paneKey, new Entry(pane, current.journalled() + 1));
        }
    }

    /**
     * The pane {@code paneKey} whose base bytes are {@code base} (as a range over the bases returned them), its
     * journal replayed; the caller must not change it.
     */
    WindowAggregate read(final String paneKey, final byte[] base) {
        final Entry entry = decoded.get(paneKey);
        if (entry != null) {
            return entry.pane();
        }
        final Entry loaded = load(paneKey, base);
        decoded.put(paneKey, loaded);
        return loaded.pane();
    }

    /** Removes the pane {@code paneKey}: its base and its journal. */
    void delete(final String paneKey) {
        decoded.remove(paneKey);
        bases.delete(paneKey);
        journalKeys(paneKey).forEach(journal::delete);
    }

    /** Forgets the decoded panes; the stores are the only truth again. */
    void clear() {
        decoded.clear();
    }

    /** Writes {@code pane} as the new base of {@code paneKey} and deletes its {@code journalled} updates. */
    private void fold(final String paneKey, final WindowAggregate pane, final int journalled) {
        bases.put(paneKey, WindowAggregateCodec.toBytes(pane));
        for (int seq = 0; seq < journalled; seq++) {
            journal.delete(journalKey(paneKey, seq));
        }
        decoded.put(paneKey, new Entry(pane, 0));
    }

    /** The pane from the stores: {@code base} with its journal replayed; null when there is no base. */
    private Entry load(final String paneKey, final byte[] base) {
        if (base == null) {
            return null;
        }
        final WindowAggregate pane = WindowAggregateCodec.fromBytes(base, spec);
        int journalled = 0;
        try (KeyValueIterator<String, byte[]> updates = journal.range(journalKey(paneKey, 0), journalKey(paneKey, FOLD_AFTER))) {
            while (updates.hasNext()) {
                AggregateUpdate.fromBytes(updates.next().value).applyTo(pane);
                journalled++;
            }
        }
        return new Entry(pane, journalled);
    }

    private List<String> journalKeys(final String paneKey) {
        final List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> updates = journal.range(journalKey(paneKey, 0), journalKey(paneKey, FOLD_AFTER))) {
            updates.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    /** {@code paneKey␟seq}, the sequence number zero-padded so that key order is journal order. */
    static String journalKey(final String paneKey, final int seq) {
        return paneKey + StoreKeys.SEPARATOR + String.format(Locale.ROOT, "%04d", seq);
    }
}
