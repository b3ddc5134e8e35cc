package io.radshift.tools.bench;

import io.radshift.avro.AlertKind;
import io.radshift.avro.AlertState;
import java.time.Instant;

/**
 * The part of one {@code drift-alerts} record the alert benchmark counts.
 *
 * @param site      site id, or {@code *}
 * @param state     FIRING, UPDATE or RESOLVED
 * @param paging    whether the incident pages the on-call
 * @param windowEnd end of the window that changed the incident (event time)
 * @param kind      the alert kind (of the incident's top evidence)
 * @param summary   the alert's one-line summary (evidence ranked by effect; no patient data)
 */
public record AlertEvent(String site, AlertState state, boolean paging, Instant windowEnd, AlertKind kind,
                         String summary) {

    /** Whether this event pages the on-call: an incident opening with {@code paging = true}. */
    public boolean page() {
        return state == AlertState.FIRING && paging;
    }
}
