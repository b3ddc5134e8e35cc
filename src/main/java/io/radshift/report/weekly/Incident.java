package io.radshift.report.weekly;

import io.radshift.avro.AlertState;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One incident's lifecycle, folded from its {@link DriftAlert} events (FIRING, UPDATE..., RESOLVED) in emission
 * order.
 *
 * @param alertId    the incident's stable id
 * @param site       site id
 * @param windowKind window scheme
 * @param kind       kind of its top evidence when it fired
 * @param label      label, field or feature of that evidence, or null
 * @param severity   highest severity it reached
 * @param opened     end of the window that fired it
 * @param resolved   end of the window that resolved it; empty while open
 * @param updates    UPDATE events
 * @param lastChange what the last UPDATE changed, or null
 * @param paging     whether it paged
 * @param summary    the FIRING event's generated line (no patient data)
 */
public record Incident(String alertId, String site, String windowKind, String kind, String label, Severity severity,
                       Instant opened, Optional<Instant> resolved, int updates, String lastChange, boolean paging,
                       String summary) {

    /** Incidents of the events, in order of opening; events of an incident whose FIRING is missing open it. */
    public static List<Incident> of(final List<DriftAlert> events) {
        final Map<String, List<DriftAlert>> byId = new LinkedHashMap<>();
        events.stream().sorted(Comparator.comparing(DriftAlert::getEmittedAt).thenComparing(DriftAlert::getWindowEnd))
            .forEach(e -> byId.computeIfAbsent(e.getAlertId(), k -> new ArrayList<>()).add(e));
        return byId.values().stream().map(Incident::fold).sorted(Comparator.comparing(Incident::opened)).toList();
    }

    private static Incident fold(final List<DriftAlert> events) {
        final DriftAlert first = events.stream().filter(e -> e.getState() == AlertState.FIRING).findFirst()
            .orElse(events.get(0));
        Severity severity = first.getSeverity();
        int updates = 0;
        String lastChange = null;
        Instant resolved = null;
        for (final DriftAlert e : events) {
            severity = e.getSeverity().ordinal() > severity.ordinal() ? e.getSeverity() : severity;
            if (e.getState() == AlertState.UPDATE) {
                updates++;
                lastChange = e.getChange();
            } else if (e.getState() == AlertState.RESOLVED) {
                resolved = e.getWindowEnd();
            }
        }
        return new Incident(first.getAlertId(), first.getSiteId(), first.getWindowKind(), first.getKind().name(),
            first.getLabel(), severity, first.getEpisodeStart(), Optional.ofNullable(resolved), updates, lastChange,
            first.getPaging(), first.getSummary());
    }

    /** True when the incident was open at some time in [from, to). */
    public boolean overlaps(final Instant from, final Instant to) {
        return opened.isBefore(to) && resolved.map(r -> r.isAfter(from)).orElse(true);
    }
}
