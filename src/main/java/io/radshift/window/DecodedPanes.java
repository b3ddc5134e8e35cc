package io.radshift.window;

import io.radshift.stats.WindowAggregate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The panes a task updated last, decoded, so that a study does not decode its pane from the store's bytes again
 * when the previous study wrote them: decoding a pane cost about a tenth of the stream thread.
 *
 * <p>An entry is used only while the store still returns the very byte array it was encoded to (compared by
 * reference, never by content): with the store's record cache on, a get returns the array the last put gave it. When
 * anything else wrote or reloaded the pane (a restore, a rebuilt task, an eviction to RocksDB) the store returns
 * another array and the pane is decoded as before, so the store stays the only truth. Bounded (least recently used
 * first out) and cleared when the processor is initialised again.
 */
final class DecodedPanes {

    private record Entry(byte[] bytes, WindowAggregate pane) {
    }

    private final Map<String, Entry> entries;

    /** Keeps at most {@code capacity} panes. */
    DecodedPanes(final int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Takes out the decoded pane of {@code key} if {@code stored} is the array it was last encoded to, else returns
     * null. Taken out, so that a pane changed by an update that then fails is never used again.
     */
    WindowAggregate take(final String key, final byte[] stored) {
        final Entry entry = entries.remove(key);
        if (entry == null || stored == null || entry.bytes() != stored) {
            return null;
        }
        return entry.pane();
    }

    /** Remembers that {@code pane} was just encoded to {@code bytes} under {@code key}. */
    void put(final String key, final byte[] bytes, final WindowAggregate pane) {
        entries.put(key, new Entry(bytes, pane));
    }

    /** Forgets everything. */
    void clear() {
        entries.clear();
    }
}
