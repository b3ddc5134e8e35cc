package io.radshift.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.avro.AlertKind;
import io.radshift.avro.AlertState;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.Evidence;
import io.radshift.avro.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentTextTest {

    private static final Instant SINCE = Instant.parse("2026-03-05T13:00:00Z");

    private static Evidence evidence(final AlertKind kind, final String test, final String label, final double effect,
                                     final String name, final Double tolerance, final Double p) {
        return Evidence.newBuilder().setKind(kind).setTest(test).setLabel(label).setEffectSize(effect)
            .setEffectSizeName(name).setEffectTolerance(tolerance).setAdjustedPValue(p).setSeverity(Severity.CRITICAL)
            .build();
    }

    private static DriftAlert.Builder alert(final String site, final AlertState state, final List<Evidence> evidence) {
        return DriftAlert.newBuilder().setAlertId(site + "/oncall-24h/" + SINCE.toEpochMilli()).setSiteId(site)
            .setKind(AlertKind.EMBEDDING_DRIFT).setLabel(null).setState(state).setSeverity(Severity.CRITICAL)
            .setWindowKind("oncall-24h").setWindowStart(SINCE.minusSeconds(86_400)).setWindowEnd(SINCE)
            .setEpisodeStart(SINCE).setStatistic(0.05).setThreshold(0.01).setEffectSize(0.031).setN(100)
            .setSummary("-").setEvidence(evidence).setEmittedAt(SINCE);
    }

    private static final List<Evidence> EVIDENCE = List.of(
        evidence(AlertKind.EMBEDDING_DRIFT, "mmd2-rff", null, 0.031, "mmd2", 0.01, 2e-6),
        evidence(AlertKind.IMAGE_QUALITY_SHIFT, "quality-contrast", "contrast", 1.2, "standardised-mean-difference",
            0.5, 1e-4),
        evidence(AlertKind.SCORE_HISTOGRAM_SHIFT, "score-psi", "Edema", 0.3, "psi", null, 0.001));

    @Test
    void aFiringShowsSiteSinceSeverityTopEvidenceAndHowManyMoreTestsContribute() {
        final String line = IncidentText.event(alert("hospital-c", AlertState.FIRING, EVIDENCE).build(), 0);

        assertThat(line).isEqualTo("Mar 05 13:00  FIRING    site hospital-c   CRITICAL since Mar 05 13:00: "
            + "EMBEDDING_DRIFT mmd2-rff mmd2 0.0310 > tolerance 0.0100 (p 2.0e-06) +2 more tests");
    }

    @Test
    void updatesAreFoldedIntoTheIncidentLineWithTheLastChange() {
        final DriftAlert update = alert("hospital-c", AlertState.UPDATE, EVIDENCE.subList(0, 2))
            .setSeverity(Severity.WARNING).setChange("score-psi (Edema) left").build();

        assertThat(IncidentText.incident(update, 3)).isEqualTo("WARNING  since Mar 05 13:00: EMBEDDING_DRIFT "
            + "mmd2-rff mmd2 0.0310 > tolerance 0.0100 (p 2.0e-06) +1 more test; 3 updates, last: score-psi (Edema) left");
    }

    @Test
    void aResolvedLineSaysHowLongTheIncidentLastedAndHowOftenItChanged() {
        final DriftAlert resolved = alert("hospital-d", AlertState.RESOLVED, List.of())
            .setWindowEnd(SINCE.plusSeconds(2 * 86_400 + 6 * 3600)).build();

        assertThat(IncidentText.event(resolved, 2)).isEqualTo("Mar 07 19:00  RESOLVED  site hospital-d   "
            + "incident since Mar 05 13:00 cleared after 2d 6h, 2 update(s)");
    }

    @Test
    void anAllSitesIncidentExplainedByASiteSaysItDoesNotPage() {
        final DriftAlert all = alert("*", AlertState.FIRING, EVIDENCE.subList(2, 3)).setPaging(false).build();

        assertThat(IncidentText.incident(all, 0)).isEqualTo("CRITICAL since Mar 05 13:00: SCORE_HISTOGRAM_SHIFT "
            + "score-psi (Edema) psi 0.300 (p 1.0e-03) [not paging: explained by a site's own incident]");
    }

    @Test
    void anAlertWithoutEvidenceFallsBackToItsOwnKindLabelAndEffect() {
        final DriftAlert old = alert("hospital-a", AlertState.FIRING, List.of()).setKind(AlertKind.CALIBRATION)
            .setLabel("Cardiomegaly").setEffectSize(0.18).build();

        assertThat(IncidentText.incident(old, 0)).isEqualTo("CRITICAL since Mar 05 13:00: CALIBRATION (Cardiomegaly) "
            + "effect 0.180");
    }
}
