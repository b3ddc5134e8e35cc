package io.radshift.alert;

import io.radshift.avro.AlertKind;
import io.radshift.avro.AlertState;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.Evidence;
import io.radshift.avro.Severity;
import io.radshift.avro.WindowSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the {@link DriftAlert} event of an incident step: FIRING with the contributing tests ranked by effect,
 * UPDATE with what changed, RESOLVED naming what the incident was about. Texts carry site ids, test names,
 * labels and numbers only, never a study id or patient attribute (the pseudonymous study ids are in their own
 * field).
 */
final class IncidentAlerts {

    private IncidentAlerts() {
    }

    /**
     * The event of a step that changed something ({@code step.change() != NONE}).
     *
     * @param summary     the window that changed the incident
     * @param step        the step
     * @param explainedBy sites whose incidents explain a non-paging incident (empty for one that pages)
     * @param runbookUrl  link from the configuration
     * @param emittedAt   wall-clock time (epoch ms)
     */
    static DriftAlert of(final WindowSummary summary, final IncidentState.Step step, final List<String> explainedBy,
                         final String runbookUrl, final long emittedAt) {
        final boolean resolved = step.change() == IncidentState.Change.RESOLVED;
        final IncidentState incident = resolved ? step.previous() : step.next();
        final AlertState state = switch (step.change()) {
            case FIRED -> AlertState.FIRING;
            case UPDATED -> AlertState.UPDATE;
            case RESOLVED -> AlertState.RESOLVED;
            case NONE -> throw new IllegalArgumentException("a step that changed nothing has no event");
        };
        final List<HeldEvidence> ranked = incident.ranked();
        final Finding top = ranked.isEmpty() ? null : ranked.get(0).latest();
        final List<Evidence> evidence = resolved ? List.of()
                : ranked.stream().map(e -> e.latest().toEvidence(e.severity())).toList();
        final Severity severity = incident.severity().orElse(Severity.WARNING);
        final long start = incident.gate().episodeStart();
        final String change = step.change() == IncidentState.Change.UPDATED ? change(step) : null;
        return DriftAlert.newBuilder()
                .setAlertId(String.join("/", summary.getSiteId(), summary.getWindowKind(), Instant.ofEpochMilli(start).toString()))
                .setSiteId(summary.getSiteId())
                .setKind(top == null ? AlertKind.OTHER : top.kind())
                .setLabel(top == null ? null : top.label())
                .setState(state)
                .setSeverity(severity)
                .setWindowKind(summary.getWindowKind())
                .setWindowStart(summary.getWindowStart())
                .setWindowEnd(summary.getWindowEnd())
                .setEpisodeStart(Instant.ofEpochMilli(start))
                .setStatistic(top == null ? Double.NaN : top.statistic())
                .setThreshold(top == null ? null : top.threshold())
                .setEffectSize(top == null ? Double.NaN : top.effectSize())
                .setN(summary.getN())
                .setTopNovelStudyIds(List.copyOf(summary.getTopNovelStudyIds()))
                .setRunbookUrl(runbookUrl)
                .setEvidence(evidence)
                .setChange(change)
                .setPaging(incident.paging())
                .setSummary(describe(summary, state, severity, ranked, top, change, explainedBy))
                .setEmittedAt(Instant.ofEpochMilli(emittedAt))
                .build();
    }

    /** "joined score-psi(Edema), label-prior(Edema); left mmd2-rff; severity WARNING -> CRITICAL". */
    static String change(final IncidentState.Step step) {
        final List<String> parts = new ArrayList<>();
        if (!step.joined().isEmpty()) {
            parts.add("joined " + String.join(", ", step.joined()));
        }
        if (!step.left().isEmpty()) {
            parts.add("left " + String.join(", ", step.left()));
        }
        final Severity before = step.previous().severity().orElse(null);
        final Severity after = step.next().severity().orElse(null);
        if (before != after) {
            parts.add("severity " + before + " -> " + after);
        }
        return String.join("; ", parts);
    }

    /** "EMBEDDING_DRIFT 3, IMAGE_QUALITY_SHIFT 2": evidence kinds, most tests first. */
    private static String kinds(final List<HeldEvidence> ranked) {
        final Map<AlertKind, Integer> counts = new EnumMap<>(AlertKind.class);
        ranked.forEach(e -> counts.merge(e.latest().kind(), 1, Integer::sum));
        return counts.entrySet().stream().sorted(Map.Entry.<AlertKind, Integer>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String describe(final WindowSummary summary, final AlertState state, final Severity severity,
                                   final List<HeldEvidence> ranked, final Finding top, final String change,
                                   final List<String> explainedBy) {
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "incident %s at site %s (%s, %s)",
                state, summary.getSiteId(), summary.getWindowKind(), severity));
        if (top != null) {
            line.append(state == AlertState.RESOLVED ? ": clear for the gating windows, was " : ": ")
                    .append(ranked.size()).append(ranked.size() == 1 ? " test" : " tests").append(" (")
                    .append(kinds(ranked)).append("), top ").append(top.kind()).append(' ').append(top.name())
                    .append(String.format(Locale.ROOT, " %s = %.4g", top.effectSizeName(), top.effectSize()));
            if (top.effectTolerance() != null) {
                line.append(String.format(Locale.ROOT, " (tolerance %.4g)", top.effectTolerance()));
            }
        }
        if (change != null) {
            line.append("; ").append(change);
        }
        line.append(String.format(Locale.ROOT, "; n = %d, window %s..%s", summary.getN(), summary.getWindowStart(),
                summary.getWindowEnd()));
        if (!explainedBy.isEmpty()) {
            line.append("; not paging: explained by the incidents of ").append(String.join(", ", explainedBy));
        }
        return line.toString();
    }
}
