package io.radshift.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.alert.AlertEpisode.Change;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AlertEpisodeTest {

    @Test
    void firesAfterTwoOfThreeAndResolvesAfterThreeCleanWindows() {
        final List<Change> changes = run("F.F.FF...F", 2, 3);
        //                                 F . F . F F . . . F
        assertThat(changes).containsExactly(Change.NONE, Change.NONE, Change.FIRED, Change.NONE, Change.NONE,
                Change.NONE, Change.NONE, Change.NONE, Change.RESOLVED, Change.NONE);
    }

    @Test
    void oneFlaggedWindowDoesNotFireWithPersistenceGating() {
        assertThat(run("F..F..F..", 2, 3)).doesNotContain(Change.FIRED);
        assertThat(run("F", 1, 1)).containsExactly(Change.FIRED);
    }

    @Test
    void decisiveEvidenceFiresAtOnceButOnlyInAFlaggedWindow() {
        assertThat(AlertEpisode.NEW.apply(true, true, 100, 2, 3).change()).isEqualTo(Change.FIRED);
        assertThat(AlertEpisode.NEW.apply(true, false, 100, 2, 3).change()).isEqualTo(Change.NONE);
        assertThat(AlertEpisode.NEW.apply(false, true, 100, 2, 3).change()).isEqualTo(Change.NONE);
        // An open episode is not fired again, and resolving still needs fireWindow clean windows.
        AlertEpisode open = AlertEpisode.NEW.apply(true, true, 100, 2, 3).next();
        assertThat(open.apply(true, true, 200, 2, 3).change()).isEqualTo(Change.NONE);
        open = open.apply(false, false, 200, 2, 3).next().apply(false, false, 300, 2, 3).next();
        assertThat(open.apply(false, false, 400, 2, 3).change()).isEqualTo(Change.RESOLVED);
    }

    /** Sliding windows resolve after a window length clean (here 6), so a short dip does not end the episode. */
    @Test
    void aResolveWindowLongerThanTheFireWindowRidesOutShortDips() {
        AlertEpisode state = AlertEpisode.NEW;
        final List<Change> changes = new ArrayList<>();
        for (final char c : "FF...FF......F".toCharArray()) {
            final AlertEpisode.Step step = state.apply(c == 'F', false, changes.size(), 2, 3, 6);
            changes.add(step.change());
            state = step.next();
        }
        assertThat(changes).containsOnlyOnce(Change.FIRED).containsOnlyOnce(Change.RESOLVED);
        assertThat(changes.indexOf(Change.RESOLVED)).isEqualTo(12);
        assertThat(AlertEpisode.resolveWindow(3, 24)).isEqualTo(24);
        assertThat(AlertEpisode.resolveWindow(3, 1)).isEqualTo(3);
        assertThat(AlertEpisode.resolveWindow(3, 168)).isEqualTo(32);
        assertThatThrownBy(() -> AlertEpisode.NEW.apply(true, false, 0, 2, 3, 2)).hasMessageContaining("resolveWindow");
    }

    @Test
    void episodeStartIsTheEndOfTheFiringWindowAndSurvivesASerialisationRoundTrip() {
        AlertEpisode state = AlertEpisode.NEW;
        state = state.apply(true, 100, 2, 3).next();
        state = AlertEpisode.fromBytes(state.toBytes());
        final AlertEpisode.Step fired = state.apply(true, 200, 2, 3);
        assertThat(fired.change()).isEqualTo(Change.FIRED);
        assertThat(AlertEpisode.fromBytes(fired.next().toBytes())).isEqualTo(fired.next());
        assertThat(fired.next().episodeStart()).isEqualTo(200);
    }

    @Test
    void rejectsImpossibleGating() {
        assertThatThrownBy(() -> AlertEpisode.NEW.apply(true, 0, 4, 3)).hasMessageContaining("fireAfter");
        assertThatThrownBy(() -> AlertEpisode.fromBytes(new byte[3])).hasMessageContaining("17 bytes");
    }

    /** Whatever the verdicts, FIRED and RESOLVED alternate, starting with FIRED: one of each per episode. */
    @Property
    void firedAndResolvedAlternate(@ForAll @Size(max = 200) final List<Boolean> verdicts,
                                   @ForAll @IntRange(min = 1, max = 6) final int k,
                                   @ForAll @IntRange(min = 0, max = 6) final int extra) {
        final int m = k + extra;
        AlertEpisode state = AlertEpisode.NEW;
        Change last = Change.RESOLVED;
        for (int i = 0; i < verdicts.size(); i++) {
            final AlertEpisode.Step step = state.apply(verdicts.get(i), i, k, m);
            if (step.change() != Change.NONE) {
                assertThat(step.change()).isNotEqualTo(last);
                last = step.change();
            }
            assertThat(step.next().firing()).isEqualTo(last == Change.FIRED);
            state = step.next();
        }
    }

    private static List<Change> run(final String verdicts, final int k, final int m) {
        AlertEpisode state = AlertEpisode.NEW;
        final List<Change> changes = new ArrayList<>();
        for (int i = 0; i < verdicts.length(); i++) {
            final AlertEpisode.Step step = state.apply(verdicts.charAt(i) == 'F', i, k, m);
            changes.add(step.change());
            state = step.next();
        }
        return changes;
    }
}
