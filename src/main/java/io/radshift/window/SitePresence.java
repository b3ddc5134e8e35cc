package io.radshift.window;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A site joining or leaving the all-sites view of one window kind, announced by the task that owns the site.
 *
 * <p>The all-sites merge emits the all-sites window of an end once every site expected for that end has delivered
 * its window ({@link AllSitesMergeProcessor}). A site is expected from the end of the first window its first
 * study falls in ({@code firstEnd}, announced when that study is processed, long before the window closes) until
 * its window state is forgotten after {@code detection.siteStateRetention} of silence on its own clock (announced
 * after its last window). Both travel in order with the site's windows, so the merge knows its members from the
 * data alone, not from how long it waited: a crash, a restart or a slow task changes when it merges, never what.
 *
 * @param site       site id
 * @param windowKind configured window name
 * @param firstEnd   end of the site's first window of this kind (joining), or 0 (leaving)
 * @param present    true when the site joins, false when it leaves
 */
public record SitePresence(String site, String windowKind, long firstEnd, boolean present) implements WindowFeed {

    /** A site whose first study falls in the window ending {@code firstEnd}. */
    static SitePresence joined(final String site, final String windowKind, final long firstEnd) {
        return new SitePresence(site, windowKind, firstEnd, true);
    }

    /** A site forgotten after its silence: it delivers no more windows. */
    static SitePresence left(final String site, final String windowKind) {
        return new SitePresence(site, windowKind, 0, false);
    }

    /** Site and kind as UTF-8 with their lengths, then the first end and the flag. */
    public byte[] toBytes() {
        final byte[] siteBytes = site.getBytes(StandardCharsets.UTF_8);
        final byte[] kindBytes = windowKind.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + siteBytes.length + 4 + kindBytes.length + Long.BYTES + 1)
                .putInt(siteBytes.length).put(siteBytes).putInt(kindBytes.length).put(kindBytes)
                .putLong(firstEnd).put((byte) (present ? 1 : 0)).array();
    }

    /** The presence {@link #toBytes()} wrote. */
    public static SitePresence fromBytes(final byte[] bytes) {
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        final String site = utf8(b);
        final String kind = utf8(b);
        return new SitePresence(site, kind, b.getLong(), b.get() == 1);
    }

    private static String utf8(final ByteBuffer b) {
        final int length = b.getInt();
        if (length < 0 || length > b.remaining()) {
            throw new IllegalArgumentException("truncated site presence record");
        }
        final byte[] text = new byte[length];
        b.get(text);
        return new String(text, StandardCharsets.UTF_8);
    }
}
