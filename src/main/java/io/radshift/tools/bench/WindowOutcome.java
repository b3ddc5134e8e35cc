package io.radshift.tools.bench;

import io.radshift.avro.WindowVerdict;
import java.time.Instant;

/**
 * The part of one alerting-scheme {@code drift-windows} record the alert benchmark counts.
 *
 * @param site        site id, or {@code *}
 * @param windowStart window start (event time)
 * @param windowEnd   window end (event time)
 * @param n           studies in the window
 * @param verdict     OK, DRIFT (material drift in at least one test) or INSUFFICIENT_DATA
 * @param lateDropped studies that arrived too late for this window
 */
public record WindowOutcome(String site, Instant windowStart, Instant windowEnd, long n, WindowVerdict verdict,
                            long lateDropped) {
}
