package io.radshift.window;

import java.nio.ByteBuffer;

/**
 * Progress of one (window kind, site): when its studies started and last arrived, which window closed last,
 * and how many late studies were dropped since. 32 bytes in a changelogged store, so a restart neither re-emits
 * nor skips a window.
 *
 * @param firstStudyTime event time of the site's first study
 * @param lastStudyTime  event time of the site's latest study
 * @param lastClosedEnd  end of the last window closed, or {@link #NONE_CLOSED}
 * @param lateDropped    late studies dropped since that window closed
 */
record WindowState(long firstStudyTime, long lastStudyTime, long lastClosedEnd, long lateDropped) {

    static final long NONE_CLOSED = Long.MIN_VALUE;

    static WindowState first(final long eventTime) {
        return new WindowState(eventTime, eventTime, NONE_CLOSED, 0);
    }

    /** Whether the earliest window that would contain {@code eventTime} has already closed. */
    boolean isLate(final WindowScheme scheme, final long eventTime) {
        return lastClosedEnd != NONE_CLOSED && scheme.firstWindowEndContaining(eventTime) <= lastClosedEnd;
    }

    /** End of the next window to close. */
    long nextEnd(final WindowScheme scheme) {
        return lastClosedEnd == NONE_CLOSED ? scheme.firstWindowEndContaining(firstStudyTime) : scheme.nextWindowEnd(lastClosedEnd);
    }

    WindowState seen(final long eventTime) {
        return new WindowState(firstStudyTime, Math.max(lastStudyTime, eventTime), lastClosedEnd, lateDropped);
    }

    WindowState late() {
        return new WindowState(firstStudyTime, lastStudyTime, lastClosedEnd, lateDropped + 1);
    }

    WindowState closed(final long end) {
        return new WindowState(firstStudyTime, lastStudyTime, end, 0);
    }

    byte[] toBytes() {
        return ByteBuffer.allocate(32).putLong(firstStudyTime).putLong(lastStudyTime).putLong(lastClosedEnd).putLong(lateDropped).array();
    }

    static WindowState fromBytes(final byte[] bytes) {
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        return new WindowState(b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }
}
