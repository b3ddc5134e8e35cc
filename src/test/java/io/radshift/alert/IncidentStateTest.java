package io.radshift.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.alert.IncidentState.Change;
import io.radshift.avro.AlertKind;
import io.radshift.avro.Severity;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The incident of one (site, window scheme), window by window, without Kafka. */
class IncidentStateTest {

    private static final int K = 2;
    private static final int M = 3;

    private static final Finding MMD = finding("mmd2-rff", null, 0.05, 0.01, 1e-6, Severity.WARNING);
    private static final Finding PSI = finding("score-psi", "Edema", 0.3, 0.1, 1e-4, Severity.WARNING);
    private static final Finding PSI_CRITICAL = finding("score-psi", "Edema", 0.6, 0.1, 1e-5, Severity.CRITICAL);
    private static final Finding PRIOR = finding("label-prior", "Edema", 0.1, 0.05, 1e-3, Severity.WARNING);

    @Test
    void everyTestThatFiresJoinsOneIncidentThatOpensAfterKOfMAndResolvesOnceAfterMCleanWindows() {
        final List<Change> changes = run(List.of(
                List.of(MMD),           // 1 of 3: not yet
                List.of(),              // 1 of 3
                List.of(PSI, PRIOR),    // 2 of 3: opens, with everything material in the gating windows
                List.of(MMD),
                List.of(),
                List.of(),              // PSI and PRIOR were last material three windows ago: they leave
                List.of(),              // third clean window: resolves
                List.of()));
        assertThat(changes).containsExactly(Change.NONE, Change.NONE, Change.FIRED, Change.NONE, Change.NONE,
                Change.UPDATED, Change.RESOLVED, Change.NONE);
    }

    @Test
    void theFiringNamesEveryTestMaterialInTheGatingWindows() {
        IncidentState state = IncidentState.NEW;
        state = state.apply(List.of(MMD), true, 1, K, M).next();
        final IncidentState.Step fired = state.apply(List.of(PSI, PRIOR), true, 2, K, M);
        assertThat(fired.change()).isEqualTo(Change.FIRED);
        assertThat(fired.next().ranked()).extracting(e -> e.latest().name())
                .containsExactlyInAnyOrder("mmd2-rff", "score-psi(Edema)", "label-prior(Edema)");
        assertThat(fired.next().gate().episodeStart()).isEqualTo(2);
        assertThat(fired.next().evidenceByKind()).containsEntry(AlertKind.EMBEDDING_DRIFT, 1)
                .containsEntry(AlertKind.SCORE_HISTOGRAM_SHIFT, 1).containsEntry(AlertKind.LABEL_PRIOR_SHIFT, 1);
    }

    @Test
    void aTestJoiningLeavingOrRaisingTheSeverityIsAnUpdateNeverASecondFiring() {
        IncidentState state = open(List.of(MMD));
        final IncidentState.Step joined = state.apply(List.of(MMD, PSI), true, 10, K, M);
        assertThat(joined.change()).isEqualTo(Change.UPDATED);
        assertThat(joined.joined()).containsExactly("score-psi(Edema)");
        assertThat(joined.left()).isEmpty();
        state = joined.next();

        final IncidentState.Step same = state.apply(List.of(MMD, PSI), true, 11, K, M);
        assertThat(same.change()).as("the same evidence again changes nothing").isEqualTo(Change.NONE);
        state = same.next();

        final IncidentState.Step critical = state.apply(List.of(MMD, PSI_CRITICAL), true, 12, K, M);
        assertThat(critical.change()).isEqualTo(Change.UPDATED);
        assertThat(critical.joined()).isEmpty();
        assertThat(critical.previous().severity()).contains(Severity.WARNING);
        assertThat(critical.next().severity()).contains(Severity.CRITICAL);
        assertThat(IncidentAlerts.change(critical)).isEqualTo("severity WARNING -> CRITICAL");
        state = critical.next();

        // PSI is no longer material: it stays evidence (and critical) for M windows, then leaves.
        final List<Change> fading = new ArrayList<>();
        for (int i = 0; i < M; i++) {
            final IncidentState.Step step = state.apply(List.of(MMD), true, 13 + i, K, M);
            fading.add(step.change());
            if (step.change() == Change.UPDATED) {
                assertThat(step.left()).containsExactly("score-psi(Edema)");
                assertThat(IncidentAlerts.change(step)).isEqualTo("left score-psi(Edema); severity CRITICAL -> WARNING");
            }
            state = step.next();
        }
        assertThat(fading).containsExactly(Change.NONE, Change.NONE, Change.UPDATED);
        assertThat(state.open()).isTrue();
        assertThat(state.evidence()).containsOnlyKeys(MMD.key());
    }

    @Test
    void aTestHoveringAtItsThresholdInOverlappingWindowsStaysEvidenceWithoutUpdates() {
        IncidentState state = open(List.of(MMD));
        state = state.apply(List.of(MMD, PSI), true, 10, K, M).next();
        final List<Change> changes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            final List<Finding> window = i % 2 == 0 ? List.of(MMD) : List.of(MMD, PSI);
            final IncidentState.Step step = state.apply(window, true, 11 + i, K, M);
            changes.add(step.change());
            state = step.next();
        }
        assertThat(changes).containsOnly(Change.NONE);
    }

    @Test
    void windowsThatWereNotEvaluatedChangeNothing() {
        final IncidentState state = open(List.of(MMD));
        final IncidentState.Step skipped = state.apply(List.of(), false, 99, K, M);
        assertThat(skipped.change()).isEqualTo(Change.NONE);
        assertThat(skipped.next()).isEqualTo(state);
    }

    @Test
    void evidenceIsRankedByEffectInUnitsOfItsToleranceNotByRawEffect() {
        // MMD 0.05 is five tolerances of 0.01; PSI 0.3 only 1.2 tolerances of 0.25, however small its p-value.
        final Finding smallButFarBeyond = finding("mmd2-rff", null, 0.05, 0.01, 0.04, Severity.WARNING);
        final Finding largeButNear = finding("score-psi", "Edema", 0.3, 0.25, 1e-9, Severity.WARNING);
        final Finding noToleranceCritical = finding("site-silent", null, 4.0, null, null, Severity.CRITICAL);
        final Finding noToleranceWarning = finding("dead-letter-rate", null, 0.2, null, null, Severity.WARNING);
        final Finding noToleranceSmallP = finding("calibration-gap", "Edema", 0.2, null, 1e-6, Severity.WARNING);
        final IncidentState state = open(List.of(noToleranceWarning, largeButNear, noToleranceSmallP,
                smallButFarBeyond, noToleranceCritical));
        assertThat(state.ranked()).extracting(e -> e.latest().test())
                .containsExactly("mmd2-rff", "score-psi", "site-silent", "calibration-gap", "dead-letter-rate");
    }

    @Test
    void aRestartFromTheStoredBytesContinuesTheSameIncident() {
        IncidentState state = open(List.of(MMD, PSI_CRITICAL));
        final IncidentState restored = IncidentState.fromBytes(state.withPaging(true).toBytes());
        assertThat(restored).isEqualTo(state.withPaging(true));
        assertThat(restored.severity()).contains(Severity.CRITICAL);
        final IncidentState.Step again = restored.apply(List.of(MMD, PSI_CRITICAL), true, 50, K, M);
        assertThat(again.change()).isEqualTo(Change.NONE);
        assertThat(again.next().paging()).isTrue();
    }

    /**
     * Whatever the windows, events follow the lifecycle: FIRED and RESOLVED alternate starting with FIRED, UPDATED
     * only while open, an open incident always has evidence and a closed one pages nothing; encoding every state
     * and decoding it (a restart after every window) changes nothing.
     */
    @Property
    void eventsFollowTheLifecycleWhateverTheWindows(@ForAll @Size(max = 120) final List<@IntRange(min = 0, max = 15) Integer> windows,
                                                    @ForAll @IntRange(min = 1, max = 4) final int k,
                                                    @ForAll @IntRange(min = 0, max = 3) final int extra) {
        final int m = k + extra;
        final Finding[] tests = {MMD, PSI, PSI_CRITICAL, PRIOR};
        IncidentState state = IncidentState.NEW;
        Change lastEdge = Change.RESOLVED;
        for (int i = 0; i < windows.size(); i++) {
            final List<Finding> material = new ArrayList<>();
            for (int bit = 0; bit < tests.length; bit++) {
                if ((windows.get(i) & (1 << bit)) != 0 && !(bit == 2 && material.contains(PSI))) {
                    material.add(tests[bit]);
                }
            }
            final IncidentState.Step step = state.apply(material, true, i, k, m);
            if (step.change() == Change.FIRED || step.change() == Change.RESOLVED) {
                assertThat(step.change()).isNotEqualTo(lastEdge);
                lastEdge = step.change();
            }
            if (step.change() == Change.UPDATED) {
                assertThat(state.open()).isTrue();
                assertThat(step.next().open()).isTrue();
            }
            assertThat(step.next().open()).isEqualTo(lastEdge == Change.FIRED);
            if (step.next().open()) {
                assertThat(step.next().evidence()).isNotEmpty();
            } else {
                assertThat(step.next().paging()).isFalse();
            }
            state = IncidentState.fromBytes(step.next().toBytes());
            assertThat(state).isEqualTo(step.next());
        }
    }

    /** An incident opened by two windows of {@code material}, at window end 2. */
    private static IncidentState open(final List<Finding> material) {
        final IncidentState once = IncidentState.NEW.apply(material, true, 1, K, M).next();
        final IncidentState.Step fired = once.apply(material, true, 2, K, M);
        assertThat(fired.change()).isEqualTo(Change.FIRED);
        return fired.next();
    }

    private static List<Change> run(final List<List<Finding>> windows) {
        IncidentState state = IncidentState.NEW;
        final List<Change> changes = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            final IncidentState.Step step = state.apply(windows.get(i), true, i, K, M);
            changes.add(step.change());
            state = step.next();
        }
        return changes;
    }

    static Finding finding(final String test, final String label, final double effect, final Double tolerance,
                           final Double adjustedP, final Severity severity) {
        return new Finding(AlertKinds.of(test), test, label, effect * 10, 1.0, effect, "effect", tolerance, adjustedP, severity);
    }
}
