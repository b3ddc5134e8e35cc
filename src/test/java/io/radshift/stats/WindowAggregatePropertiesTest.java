package io.radshift.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Merge laws of {@link WindowAggregate}, over random study sets and split points. */
class WindowAggregatePropertiesTest {

    private static final List<String> REASONS = List.of("decode-error", "bad-format", "inference-timeout");

    private static List<String> deadLetters(final long seed, final int n) {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(REASONS.get((int) Math.floorMod(seed + i * 31L, REASONS.size())));
        }
        return out;
    }

    private static WindowAggregate part(final long seed, final int n, final String prefix) {
        return AggregateFixtures.aggregate(AggregateFixtures.studies(seed, n, prefix), deadLetters(seed, n % 3));
    }

    @Property(tries = 60)
    void mergeIsCommutativeBitForBit(@ForAll final long seed, @ForAll @IntRange(max = 30) final int n,
                                     @ForAll @IntRange(max = 30) final int m) {
        final WindowAggregate a = part(seed, n, "a");
        final WindowAggregate b = part(seed + 1, m, "b");
        // IEEE addition is commutative, so the serialised states must be identical, not just close.
        assertThat(WindowAggregateCodec.toBytes(a.merge(b))).isEqualTo(WindowAggregateCodec.toBytes(b.merge(a)));
    }

    @Property(tries = 60)
    void mergeIsAssociative(@ForAll final long seed, @ForAll @IntRange(max = 25) final int n,
                            @ForAll @IntRange(max = 25) final int m, @ForAll @IntRange(max = 25) final int k) {
        final WindowAggregate a = part(seed, n, "a");
        final WindowAggregate b = part(seed + 1, m, "b");
        final WindowAggregate c = part(seed + 2, k, "c");
        AggregateFixtures.assertSameUpToRounding(a.merge(b).merge(c), a.merge(b.merge(c)));
    }

    @Property(tries = 40)
    void emptyIsTheIdentity(@ForAll final long seed, @ForAll @IntRange(max = 30) final int n) {
        final WindowAggregate a = part(seed, n, "a");
        final WindowAggregate empty = WindowAggregate.empty(AggregateFixtures.spec());
        final byte[] expected = WindowAggregateCodec.toBytes(a);
        assertThat(WindowAggregateCodec.toBytes(a.merge(empty))).isEqualTo(expected);
        assertThat(WindowAggregateCodec.toBytes(empty.merge(a))).isEqualTo(expected);
    }

    @Property(tries = 60)
    void mergeEqualsAggregatingTheConcatenation(@ForAll final long seed, @ForAll @IntRange(max = 40) final int n,
                                                @ForAll @IntRange(max = 40) final int split) {
        final List<Observation> studies = AggregateFixtures.studies(seed, n, "s");
        final int cut = Math.min(split, n);
        final List<String> letters = deadLetters(seed, 4);
        final WindowAggregate left = AggregateFixtures.aggregate(studies.subList(0, cut), letters.subList(0, 2));
        final WindowAggregate right = AggregateFixtures.aggregate(studies.subList(cut, n), letters.subList(2, 4));
        final WindowAggregate whole = AggregateFixtures.aggregate(studies, letters);
        AggregateFixtures.assertSameUpToRounding(left.merge(right), whole);
    }

    @Property(tries = 30)
    void codecRoundTripsExactly(@ForAll final long seed, @ForAll @IntRange(max = 40) final int n) {
        final WindowAggregate a = part(seed, n, "a");
        final byte[] bytes = WindowAggregateCodec.toBytes(a);
        final WindowAggregate decoded = WindowAggregateCodec.fromBytes(bytes, AggregateFixtures.spec());
        assertThat(WindowAggregateCodec.toBytes(decoded)).isEqualTo(bytes);
        AggregateFixtures.assertSameUpToRounding(decoded, a);
    }
}
