package io.radshift.offline.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Where the grey patch goes: centred on each cell, clipped at the border, in every channel. */
class OcclusionGridTest {

    private static int filled(final float[] t, final int from, final int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += t[i] == 0f ? 1 : 0;
        }
        return n;
    }

    @Test
    void patchSitsOnTheCellCentreInEveryChannel() {
        final OcclusionGrid grid = new OcclusionGrid(10, 5, 2);
        final float[] ones = new float[2 * 100];
        java.util.Arrays.fill(ones, 1f);
        final float[] first = grid.occlude(ones, 0, 0f);
        assertThat(first[0]).isZero();
        assertThat(first[11]).isZero();
        assertThat(first[2]).isEqualTo(1f);
        assertThat(first[100]).as("second channel").isZero();
        assertThat(filled(first, 0, 100)).isEqualTo(4);
        final float[] last = grid.occlude(ones, 24, 0f);
        assertThat(last[99]).isZero();
        assertThat(last[88]).isZero();
        assertThat(last[87]).isEqualTo(1f);
        assertThat(filled(last, 100, 200)).isEqualTo(4);
        assertThat(ones[0]).as("the input is not changed").isEqualTo(1f);
    }

    @Test
    void aPatchLargerThanACellIsClippedAtTheBorder() {
        final OcclusionGrid grid = new OcclusionGrid(10, 2, 10);
        assertThat(filled(grid.occlude(new float[100], 0, 0f), 0, 100)).isEqualTo(100);
        final float[] ones = new float[100];
        java.util.Arrays.fill(ones, 1f);
        assertThat(filled(grid.occlude(ones, 0, 0f), 0, 100)).as("rows and columns 0..7").isEqualTo(64);
        assertThat(filled(grid.occlude(ones, 3, 0f), 0, 100)).as("rows and columns 3..9").isEqualTo(49);
    }

    @Test
    void theDefaultPatchIsTwoCellsAndTheSizesAreChecked() {
        assertThat(OcclusionGrid.withDefaultPatch(128, 8).patch()).isEqualTo(32);
        assertThat(OcclusionGrid.withDefaultPatch(128, 8).positions()).isEqualTo(64);
        assertThatThrownBy(() -> new OcclusionGrid(128, 1, 8)).hasMessageContaining("2 to 32 positions");
        assertThatThrownBy(() -> new OcclusionGrid(128, 8, 200)).hasMessageContaining("1 to 128 px");
    }
}
