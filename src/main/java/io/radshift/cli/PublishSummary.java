package io.radshift.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The closing line of {@code publish}: studies sent, files rejected by reason, elapsed time and rate. Counts only:
 * file names can carry patient identifiers, and pairing them with study ids would undo the pseudonymisation.
 */
final class PublishSummary {

    private final Map<String, Integer> rejectedByReason = new TreeMap<>();
    private int sent;

    /** Counts one study acknowledged by Kafka. */
    void sent() {
        sent++;
    }

    /** Counts one file left out, by its short reason code. */
    void rejected(final String reason) {
        rejectedByReason.merge(reason, 1, Integer::sum);
    }

    int sentCount() {
        return sent;
    }

    int rejectedCount() {
        return rejectedByReason.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** E.g. {@code sent 120 studies, rejected 2 (too-large: 1, unsupported-format: 1), elapsed 3.4 s, 35.3 studies/s}. */
    String line(final Duration elapsed) {
        final double seconds = Math.max(1e-3, elapsed.toNanos() / 1e9);
        final StringBuilder reasons = new StringBuilder();
        rejectedByReason.forEach((reason, count) ->
            reasons.append(reasons.isEmpty() ? " (" : ", ").append(reason).append(": ").append(count));
        if (!reasons.isEmpty()) {
            reasons.append(')');
        }
        return String.format(Locale.ROOT, "sent %d studies, rejected %d%s, elapsed %.1f s, %.1f studies/s",
            sent, rejectedCount(), reasons, seconds, sent / seconds);
    }
}
