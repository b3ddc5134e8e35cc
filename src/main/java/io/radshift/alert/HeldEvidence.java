package io.radshift.alert;

import io.radshift.avro.Severity;
import java.util.Comparator;

/**
 * A test that contributes to a (site, window scheme) incident: its latest material finding and in which of the
 * last {@code fireWindow} evaluated windows it was material (and critical).
 *
 * <p>A test joins when it is material in a window and leaves once none of the last {@code fireWindow} evaluated
 * windows found it material: the same hysteresis as the incident itself, so that a test hovering at its
 * threshold in overlapping sliding windows does not make the incident flap between join and leave updates. Its
 * severity is the largest it had in those windows.
 *
 * @param latest       the finding of the most recent window in which the test was material
 * @param materialBits windows in which it was material, newest in bit 0, only the last {@code fireWindow}
 * @param criticalBits windows in which it was critical, same layout
 */
public record HeldEvidence(Finding latest, int materialBits, int criticalBits) {

    /**
     * Ranking of an incident's evidence, most important first: by effect in units of its tolerance where the test
     * has one, then by severity, then by adjusted p-value (tests without a tolerance come after those with one,
     * ordered by severity and p-value), then by name so that the order is total.
     */
    public static final Comparator<HeldEvidence> RANKING = Comparator
            .comparing((HeldEvidence e) -> e.latest().toleranceRatio(), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(HeldEvidence::severity, Comparator.reverseOrder())
            .thenComparing((HeldEvidence e) -> e.latest().adjustedPValue(), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(e -> e.latest().key());

    /** The evidence of a test found material for the first time (or again after it left). */
    static HeldEvidence first(final Finding finding) {
        return new HeldEvidence(finding, 1, finding.severity() == Severity.CRITICAL ? 1 : 0);
    }

    /**
     * The evidence after one more evaluated window.
     *
     * @param now  the test's finding in that window, or null when it was not material there
     * @param mask the last {@code fireWindow} windows
     */
    HeldEvidence next(final Finding now, final int mask) {
        final int material = ((materialBits << 1) | (now == null ? 0 : 1)) & mask;
        final int critical = ((criticalBits << 1) | (now != null && now.severity() == Severity.CRITICAL ? 1 : 0)) & mask;
        return new HeldEvidence(now == null ? latest : now, material, critical);
    }

    /** Whether the test still contributes: material in at least one of the last {@code fireWindow} windows. */
    boolean held() {
        return materialBits != 0;
    }

    /** CRITICAL when critical in one of the last windows, else WARNING. */
    public Severity severity() {
        return criticalBits != 0 ? Severity.CRITICAL : Severity.WARNING;
    }
}
