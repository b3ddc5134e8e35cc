package io.radshift.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosComparisonTest {

    private static final WindowKey A1 = new WindowKey("hospital-a", "oncall-6h", 1_000L);
    private static final WindowKey A2 = new WindowKey("hospital-a", "oncall-6h", 2_000L);
    private static final WindowKey ALL1 = new WindowKey("*", "oncall-6h", 1_000L);
    private static final Map<WindowKey, Long> EXPECTED = Map.of(A1, 10L, A2, 12L);
    private static final Map<WindowKey, List<Long>> BASELINE = Map.of(A1, List.of(10L), A2, List.of(12L), ALL1, List.of(10L));

    @Test
    void identicalRunsPass() {
        final ChaosComparison c = ChaosComparison.of(EXPECTED, BASELINE, BASELINE, Map.of("a FIRING t", 1), Map.of("a FIRING t", 1));

        assertThat(c.passed()).isTrue();
        assertThat(c.windowsEqual()).isEqualTo(2);
        assertThat(c.allSitesEqual()).isEqualTo(1);
        assertThat(c.alerts()).isEqualTo(1);
    }

    @Test
    void aWindowWrittenTwiceDoublesItsStudiesAndAMissingOneLosesThem() {
        final ChaosComparison c = ChaosComparison.of(EXPECTED, BASELINE, Map.of(A1, List.of(10L, 10L)), Map.of(), Map.of());

        assertThat(c.doubled()).isEqualTo(10);
        assertThat(c.lost()).isEqualTo(12);
        assertThat(c.windowsEqual()).isZero();
        assertThat(c.passed()).isFalse();
    }

    @Test
    void aStudyMissingFromAWindowIsLostEvenWhenTheBaselineLostItToo() {
        final Map<WindowKey, List<Long>> short1 = Map.of(A1, List.of(9L), A2, List.of(12L));
        final ChaosComparison c = ChaosComparison.of(EXPECTED, short1, short1, Map.of(), Map.of());

        assertThat(c.lost()).isEqualTo(1);
        assertThat(c.baselineLost()).isEqualTo(1);
        assertThat(c.windowsEqual()).isEqualTo(2);
        assertThat(c.passed()).isFalse();
    }

    @Test
    void alertsAreLostDuplicatedOrExtraByIdentity() {
        final ChaosComparison c = ChaosComparison.of(EXPECTED, BASELINE, BASELINE,
                Map.of("a/w/t0 FIRING t1", 1, "a/w/t0 RESOLVED t2", 1), Map.of("a/w/t0 FIRING t1", 2, "a/w/t0 UPDATE t2", 1));

        assertThat(c.lostAlerts()).isEqualTo(1);
        assertThat(c.extraAlerts()).isEqualTo(1);
        assertThat(c.duplicateAlerts()).isEqualTo(1);
        assertThat(c.passed()).isFalse();
    }

    @Test
    void anAllSitesAlertThatDiffersFailsAsDoesItsDuplicate() {
        final Map<String, Integer> baseline = Map.of("*/oncall-6h/t0 UPDATE t2", 1, "hospital-c/oncall-6h/t0 FIRING t1", 1);
        final ChaosComparison differing = ChaosComparison.of(EXPECTED, BASELINE, BASELINE, baseline,
                Map.of("hospital-c/oncall-6h/t0 FIRING t1", 1));
        final ChaosComparison duplicated = ChaosComparison.of(EXPECTED, BASELINE, BASELINE, baseline,
                Map.of("*/oncall-6h/t0 UPDATE t2", 2, "hospital-c/oncall-6h/t0 FIRING t1", 1));

        assertThat(differing.alerts()).isEqualTo(1);
        assertThat(differing.allSitesAlerts()).isEqualTo(1);
        assertThat(differing.allSitesAlertsDiffering()).isEqualTo(1);
        assertThat(differing.lostAlerts()).isZero();
        assertThat(differing.passed()).as("the all-sites merge is deterministic: its alerts must match").isFalse();
        assertThat(duplicated.duplicateAlerts()).isEqualTo(1);
        assertThat(duplicated.passed()).isFalse();
    }

    @Test
    void anAllSitesWindowThatDiffersOrOnlyOneRunWroteFails() {
        final Map<WindowKey, List<Long>> split = Map.of(A1, List.of(10L), A2, List.of(12L), ALL1, List.of(4L));
        final ChaosComparison c = ChaosComparison.of(EXPECTED, BASELINE, split, Map.of(), Map.of());
        final Map<WindowKey, List<Long>> extra = new java.util.HashMap<>(BASELINE);
        extra.put(new WindowKey("*", "oncall-6h", 99_000L), List.of(3L));

        assertThat(c.allSitesEqual()).isZero();
        assertThat(c.allSitesWindows()).isEqualTo(1);
        assertThat(c.passed()).isFalse();
        assertThat(ChaosComparison.of(EXPECTED, BASELINE, extra, Map.of(), Map.of()).passed())
                .as("an all-sites window the uninterrupted run did not write").isFalse();
        assertThat(ChaosComparison.of(EXPECTED, BASELINE, BASELINE, Map.of(), Map.of()).passed()).isTrue();
    }

    @Test
    void theEmptyWindowsOfAQuietSiteMustMatchButAreNotUnexpected() {
        final WindowKey quiet = new WindowKey("hospital-a", "oncall-6h", 9_000L);
        final Map<WindowKey, List<Long>> withQuiet = Map.of(A1, List.of(10L), A2, List.of(12L), quiet, List.of(0L));

        assertThat(ChaosComparison.of(EXPECTED, withQuiet, withQuiet, Map.of(), Map.of()).unexpectedWindows()).isZero();
        assertThat(ChaosComparison.of(EXPECTED, BASELINE, withQuiet, Map.of(), Map.of()).unexpectedWindows()).isEqualTo(1);
        assertThat(ChaosComparison.of(EXPECTED, withQuiet, Map.of(A1, List.of(10L), A2, List.of(12L), quiet, List.of(0L, 0L)),
                Map.of(), Map.of()).passed()).isFalse();
    }
}
