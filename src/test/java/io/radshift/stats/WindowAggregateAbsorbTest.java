package io.radshift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.stats.sketch.RandomFourierFeatures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link WindowAggregate#absorb}: merging in place gives bit for bit the state {@link WindowAggregate#merge} gives,
 * for one pane and for a chain of panes folded into a window, and never changes the absorbed aggregate.
 */
class WindowAggregateAbsorbTest {

    private static WindowAggregate pane(final long seed, final int n) {
        return AggregateFixtures.aggregate(AggregateFixtures.studies(seed, n, "p" + seed),
            List.of("decode-error", "bad-format").subList(0, (int) (seed % 3 == 0 ? 2 : seed % 2)));
    }

    @Test
    void absorbingEqualsMergingBitForBit() {
        final WindowAggregate a = pane(1, 17);
        final WindowAggregate b = pane(2, 23);
        final byte[] merged = WindowAggregateCodec.toBytes(a.merge(b));

        assertThat(WindowAggregateCodec.toBytes(a.copy().absorb(b))).isEqualTo(merged);
    }

    @Test
    void foldingPanesInPlaceEqualsFoldingThemByMerge() {
        WindowAggregate byMerge = WindowAggregate.empty(AggregateFixtures.spec());
        final WindowAggregate inPlace = WindowAggregate.empty(AggregateFixtures.spec());
        for (long seed = 0; seed < 12; seed++) {
            final WindowAggregate pane = pane(seed, (int) (seed * 7 % 19));
            byMerge = byMerge.merge(pane);
            assertThat(inPlace.absorb(pane)).isSameAs(inPlace);
        }
        assertThat(WindowAggregateCodec.toBytes(inPlace)).isEqualTo(WindowAggregateCodec.toBytes(byMerge));
        assertThat(inPlace.count()).isEqualTo(byMerge.count());
    }

    @Test
    void leavesTheAbsorbedAggregateUntouched() {
        final WindowAggregate window = pane(3, 11);
        final WindowAggregate other = pane(4, 9);
        final byte[] before = WindowAggregateCodec.toBytes(other);

        window.absorb(other);

        assertThat(WindowAggregateCodec.toBytes(other)).isEqualTo(before);
    }

    @Test
    void refusesItselfAndAggregatesOfAnotherSpec() {
        final WindowAggregate window = pane(5, 8);
        final AggregateSpec other = new AggregateSpec(2, List.of("a"), new RandomFourierFeatures(2, 4, 1.0, 3),
            new double[2], 4, 0.9, 0.5, 4, Map.of(), 4, 2);

        assertThatThrownBy(() -> window.absorb(window)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> window.absorb(WindowAggregate.empty(other)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
