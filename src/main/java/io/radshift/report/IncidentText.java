package io.radshift.report;

import io.radshift.avro.AlertState;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.Evidence;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One incident as an on-call engineer reads it on a console: site, since when, severity and the strongest
 * evidence, with the number of further contributing tests. UPDATE events do not get a line of their own: they are
 * folded into the incident's current line ({@link #incident}), which shows how often the evidence changed and
 * the last change. Renders only what the alert carries (pseudonymous ids never appear here at all).
 */
public final class IncidentText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ROOT)
        .withZone(ZoneOffset.UTC);

    private IncidentText() {
    }

    /**
     * The line of a FIRING or RESOLVED event, e.g.
     * {@code Mar 05 13:00  FIRING    site hospital-c    CRITICAL since Mar 05 13:00: EMBEDDING_DRIFT mmd2-rff ...}.
     *
     * @param updates UPDATE events the incident had so far (shown on RESOLVED)
     */
    public static String event(final DriftAlert alert, final int updates) {
        final String head = String.format(Locale.ROOT, "%s  %-9s site %-12s ", time(alert.getWindowEnd()),
            alert.getState(), alert.getSiteId());
        if (alert.getState() == AlertState.RESOLVED) {
            return head + String.format(Locale.ROOT, "incident since %s cleared after %s, %d update(s)",
                time(alert.getEpisodeStart()), duration(Duration.between(alert.getEpisodeStart(),
                    alert.getWindowEnd())), updates);
        }
        return head + incident(alert, updates);
    }

    /**
     * The incident as it stands after {@code latest} (its FIRING or latest UPDATE): severity, since when, top
     * evidence and how many more tests contribute; with updates, how many and what the last one changed.
     */
    public static String incident(final DriftAlert latest, final int updates) {
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s since %s: %s",
            latest.getSeverity(), time(latest.getEpisodeStart()), topEvidence(latest)));
        final int more = latest.getEvidence().size() - 1;
        if (more > 0) {
            line.append(" +").append(more).append(more == 1 ? " more test" : " more tests");
        }
        if (updates > 0) {
            line.append("; ").append(updates).append(updates == 1 ? " update" : " updates");
            if (latest.getChange() != null) {
                line.append(", last: ").append(latest.getChange());
            }
        }
        if (!latest.getPaging()) {
            line.append(" [not paging: explained by a site's own incident]");
        }
        return line.toString();
    }

    /** The strongest evidence, e.g. {@code EMBEDDING_DRIFT mmd2-rff effect 0.031 > tolerance 0.010 (p 2.0e-06)}. */
    static String topEvidence(final DriftAlert alert) {
        if (alert.getEvidence().isEmpty()) {
            // An alert written before incidents carried evidence: its own kind, label and effect.
            return alert.getKind() + label(alert.getLabel()) + " effect " + number(alert.getEffectSize());
        }
        final Evidence top = alert.getEvidence().get(0);
        final StringBuilder text = new StringBuilder().append(top.getKind()).append(' ').append(top.getTest())
            .append(label(top.getLabel())).append(' ').append(top.getEffectSizeName()).append(' ')
            .append(number(top.getEffectSize()));
        if (top.getEffectTolerance() != null) {
            text.append(" > tolerance ").append(number(top.getEffectTolerance()));
        }
        if (top.getAdjustedPValue() != null) {
            text.append(String.format(Locale.ROOT, " (p %.1e)", top.getAdjustedPValue()));
        }
        return text.toString();
    }

    private static String label(final String label) {
        return label == null ? "" : " (" + label + ")";
    }

    private static String number(final double value) {
        return String.format(Locale.ROOT, Math.abs(value) >= 100 || value == 0 ? "%.0f" : "%.3g", value);
    }

    private static String time(final Instant t) {
        return TIME.format(t);
    }

    /** "2d 6h", "5h", "45m". */
    static String duration(final Duration d) {
        final long hours = d.toHours();
        if (hours >= 24) {
            return (hours / 24) + "d " + (hours % 24) + "h";
        }
        return hours > 0 ? hours + "h" : d.toMinutes() + "m";
    }
}
