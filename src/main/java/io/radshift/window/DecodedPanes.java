package io.radshift.window;

import io.radshift.stats.WindowAggregate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The panes a task updated last, decoded, so that a study does not decode its pane from the store's bytes again
 * when the previous study wrote them: decoding a pane cost about a tenth of the stream thread.
 *
 * <p>An entry is used only while the store still returns the bytes it was encoded to, compared by content
 * ({@link Arrays#equals(byte[], byte[])}, which returns at once for the very same array): with the store's record
 * cache on, a get returns the array the last put gave it; after an eviction to RocksDB or with the cache off it
 * returns an equal copy, which decodes to the same pane (the codec is lossless), so the decode is saved there too.
 * When anything else wrote the pane (a restore from another state, a rebuilt task) the bytes differ and the pane is
 * decoded as before, so the store stays the only truth. Comparing a pane's few kilobytes costs far less than
 * decoding them. Bounded (least recently used first out) and cleared when the processor is initialised again.
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
     * Takes out the decoded pane of {@code key} if {@code stored} holds the bytes it was last encoded to, else
     * returns null. Taken out, so that a pane changed by an update that then fails is never used again.
     */
    WindowAggregate take(final String key, final byte[] stored) {
        final Entry entry = entries.remove(key);
        if (entry == null || stored == null || !Arrays.equals(entry.bytes(), stored)) {
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
