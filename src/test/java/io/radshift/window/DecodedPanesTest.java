package io.radshift.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.stats.AggregateSpec;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.sketch.RandomFourierFeatures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link DecodedPanes}: a decoded pane is reused only for the bytes it was encoded to, once, and bounded. */
class DecodedPanesTest {

    private static final AggregateSpec SPEC = new AggregateSpec(2, List.of("a"), new RandomFourierFeatures(2, 4, 1.0, 3),
        new double[2], 4, 0.9, 0.5, 4, Map.of(), 4, 2);

    @Test
    void reusesAPaneOnlyForTheBytesItWasEncodedToAndOnlyOnce() {
        final DecodedPanes cache = new DecodedPanes(4);
        final WindowAggregate pane = WindowAggregate.empty(SPEC);
        final byte[] encoded = {1, 2, 3};
        cache.put("p", encoded, pane);

        assertThat(cache.take("p", new byte[] {1, 2, 4})).as("other content: written by someone else").isNull();
        cache.put("p", encoded, pane);
        assertThat(cache.take("p", new byte[] {1, 2, 3})).as("equal content in another array (RocksDB)")
            .isSameAs(pane);
        cache.put("p", encoded, pane);
        assertThat(cache.take("p", encoded)).isSameAs(pane);
        assertThat(cache.take("p", encoded)).as("taken out: a failed update cannot leave it behind").isNull();
        assertThat(cache.take("q", null)).isNull();
    }

    @Test
    void keepsTheMostRecentlyUsedPanesAndForgetsAllOnClear() {
        final DecodedPanes cache = new DecodedPanes(2);
        final byte[][] bytes = {{1}, {2}, {3}};
        for (int i = 0; i < 3; i++) {
            cache.put("p" + i, bytes[i], WindowAggregate.empty(SPEC));
        }
        assertThat(cache.take("p0", bytes[0])).isNull();
        assertThat(cache.take("p2", bytes[2])).isNotNull();
        cache.put("p2", bytes[2], WindowAggregate.empty(SPEC));
        cache.clear();
        assertThat(cache.take("p2", bytes[2])).isNull();
    }
}
