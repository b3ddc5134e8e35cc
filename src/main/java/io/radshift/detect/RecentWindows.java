package io.radshift.detect;

import io.radshift.avro.WindowSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The store of recent window summaries that the query API reads: {@code site␟kind␟windowEnd} to the summary in
 * Avro's single-object encoding, with the window end zero-padded so that byte order equals time order and one range
 * scan reads a site's windows of one kind between two instants. Keyed by site first, like every topic, so the store
 * lives in the task of the site's partition and Kafka Streams can tell which instance holds a site.
 * The unit separator (U+001F) cannot appear in configured window names or in site ids that RadShift accepts.
 */
public final class RecentWindows {

    /** The store's name. */
    public static final String STORE = "recent-windows";

    private static final char SEPARATOR = '\u001f';

    private RecentWindows() {
    }

    /** The key of one summary. */
    public static String key(final String site, final String kind, final long windowEnd) {
        return prefix(site, kind) + String.format("%020d", Math.max(0L, windowEnd));
    }

    /** The prefix of every key of one site and kind. */
    public static String prefix(final String site, final String kind) {
        return site + SEPARATOR + kind + SEPARATOR;
    }

    /** The prefix of every key of one site. */
    public static String prefix(final String site) {
        return site + SEPARATOR;
    }

    /** The site of a key. */
    public static String siteOf(final String key) {
        return key.substring(0, key.indexOf(SEPARATOR));
    }

    /** The stored value of a summary. */
    public static byte[] encode(final WindowSummary summary) {
        try {
            final ByteBuffer buffer = summary.toByteBuffer();
            final byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a window summary: " + e.getMessage(), e);
        }
    }

    /** The summary of a stored value. */
    public static WindowSummary decode(final byte[] bytes) {
        try {
            return WindowSummary.fromByteBuffer(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a stored window summary: " + e.getMessage(), e);
        }
    }
}
