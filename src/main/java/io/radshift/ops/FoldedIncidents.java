package io.radshift.ops;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The open incidents of the sites folded into {@link SiteTags#OTHER}, per window scheme, so that {@code _other}'s
 * incident gauges describe every folded site's incident at once. Written by the last folded site's window instead,
 * {@code radshift_incident_firing{site="_other"}} went to 0 at any quiet folded site's window while another folded
 * site's incident was still open, and back to 1 at that site's next window: the rule resolved and paged again.
 *
 * <p>Holds only the folded sites with an incident open, so it is bounded by the open incidents.
 */
final class FoldedIncidents {

    /** One folded site's open incident. */
    private record Open(boolean paging, int severity, Map<String, Integer> evidenceByKind) {
    }

    /**
     * What {@code _other}'s gauges show for one window scheme.
     *
     * @param paging         folded sites whose paging incident is open
     * @param severity       the highest severity among the open incidents (0 when none)
     * @param evidenceByKind contributing tests per kind, summed over the open incidents
     */
    record Summary(int paging, int severity, Map<String, Integer> evidenceByKind) {
    }

    private final Map<String, Map<String, Open>> openByWindow = new HashMap<>();

    /** Records where the incident of a folded {@code site} stands after a window; returns the scheme's summary. */
    synchronized Summary update(final String site, final String window, final boolean paging, final int severity,
                                final Map<String, Integer> evidenceByKind) {
        final Map<String, Open> open = openByWindow.computeIfAbsent(window, w -> new HashMap<>());
        if (paging || severity > 0 || !evidenceByKind.isEmpty()) {
            open.put(site, new Open(paging, severity, Map.copyOf(evidenceByKind)));
        } else {
            open.remove(site);
        }
        return summary(window);
    }

    /** Forgets {@code site}'s incidents; returns the window schemes whose summary changed. */
    synchronized Set<String> forget(final String site) {
        final Set<String> changed = new TreeSet<>();
        openByWindow.forEach((window, open) -> {
            if (open.remove(site) != null) {
                changed.add(window);
            }
        });
        return changed;
    }

    /** The summary of {@code window} over the folded sites' open incidents. */
    synchronized Summary summary(final String window) {
        int paging = 0;
        int severity = 0;
        final Map<String, Integer> evidence = new TreeMap<>();
        for (final Open open : openByWindow.getOrDefault(window, Map.of()).values()) {
            paging += open.paging() ? 1 : 0;
            severity = Math.max(severity, open.severity());
            open.evidenceByKind().forEach((kind, tests) -> evidence.merge(kind, tests, Integer::sum));
        }
        return new Summary(paging, severity, evidence);
    }
}
