package io.radshift.alert;

import io.radshift.avro.DriftAlert;
import java.util.Optional;

/**
 * What the incident lifecycle made of one window: where the incident stands, and the event it emitted if the
 * window opened, updated or resolved it.
 *
 * @param status where the incident stands after the window
 * @param event  the FIRING, UPDATE or RESOLVED event, or null when the window changed nothing an on-call sees
 */
public record IncidentOutcome(IncidentStatus status, DriftAlert event) {

    /** The event, if the window emitted one. */
    public Optional<DriftAlert> alert() {
        return Optional.ofNullable(event);
    }
}
