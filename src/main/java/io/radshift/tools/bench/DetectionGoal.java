package io.radshift.tools.bench;

import io.radshift.window.WindowScheme;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The detection-delay goal of a change: the end of the first alerting window in which at least half of the
 * studies were acquired after the change. A detector that sees only what is in its window cannot be asked to page
 * earlier than that; one that pages later is slow.
 */
public final class DetectionGoal {

    private DetectionGoal() {
    }

    /**
     * The end of the first window of {@code scheme} that ends after {@code change} and holds at least as many
     * studies acquired at or after the change as before it; empty when no window does.
     *
     * @param studyTimes the site's acquisition times, sorted ascending
     */
    public static Optional<Instant> firstHalfChangedWindowEnd(final List<Instant> studyTimes, final Instant change,
                                                              final WindowScheme scheme) {
        if (studyTimes.isEmpty() || studyTimes.get(studyTimes.size() - 1).isBefore(change)) {
            return Optional.empty();
        }
        final long last = studyTimes.get(studyTimes.size() - 1).toEpochMilli();
        for (long end = scheme.firstWindowEndContaining(change.toEpochMilli());
             scheme.windowStart(end) <= last; end = scheme.nextWindowEnd(end)) {
            final long start = scheme.windowStart(end);
            final int total = count(studyTimes, start, end);
            final int after = count(studyTimes, Math.max(start, change.toEpochMilli()), end);
            if (total > 0 && 2 * after >= total) {
                return Optional.of(Instant.ofEpochMilli(end));
            }
        }
        return Optional.empty();
    }

    /** The goal as a delay after the change; empty when no window qualifies. */
    public static Optional<Duration> delay(final List<Instant> studyTimes, final Instant change,
                                           final WindowScheme scheme) {
        return firstHalfChangedWindowEnd(studyTimes, change, scheme).map(end -> Duration.between(change, end));
    }

    /** Studies acquired in [from, to). */
    private static int count(final List<Instant> sorted, final long from, final long to) {
        return lowerBound(sorted, to) - lowerBound(sorted, from);
    }

    /** Index of the first time at or after {@code t}. */
    private static int lowerBound(final List<Instant> sorted, final long t) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).toEpochMilli() < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
