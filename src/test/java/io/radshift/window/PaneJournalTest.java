package io.radshift.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.stats.AggregateSpec;
import io.radshift.stats.AggregateUpdate;
import io.radshift.stats.Observation;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.WindowAggregateCodec;
import io.radshift.stats.sketch.RandomFourierFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * {@link PaneJournal}: a pane kept as base plus journal is, read from the stores alone (as after a restore), bit for
 * bit the pane built by applying every update at once, after any number of updates and whatever the stores held when
 * a task stopped; deleting a pane removes its base and journal and nothing else.
 */
class PaneJournalTest {

    private static final AggregateSpec SPEC = new AggregateSpec(4, List.of("a", "b"), new RandomFourierFeatures(4, 8, 1.0, 3),
            new double[] {0.5, 0.5, 0.5, 0.5}, 5, 0.8, 0.5, 4, Map.of("view", List.of("PA", "AP")), 2, 3);
    private static final String PANE = StoreKeys.pane("oncall", "A", 3_600_000L);
    private static final String OTHER = StoreKeys.pane("oncall", "A", 7_200_000L);

    @Test
    void aPaneReadFromTheStoresAloneEqualsTheUpdatesAppliedAtOnce() {
        final List<AggregateUpdate> updates = updates(2 * PaneJournal.FOLD_AFTER + 5);
        final KeyValueStore<String, byte[]> bases = store("bases");
        final KeyValueStore<String, byte[]> journal = store("journal");
        final PaneJournal panes = new PaneJournal(bases, journal, SPEC, 16);
        updates.forEach(u -> panes.apply(PANE, u));

        final PaneJournal restored = new PaneJournal(bases, journal, SPEC, 16);
        assertThat(bytes(restored.read(PANE, bases.get(PANE)))).isEqualTo(bytes(applied(updates)));
        assertThat(bytes(panes.read(PANE, bases.get(PANE)))).as("the decoded pane kept").isEqualTo(bytes(applied(updates)));
        assertThat(keys(journal)).as("the base written by the first update, folded every %d since", PaneJournal.FOLD_AFTER)
                .hasSize((updates.size() - 1) % PaneJournal.FOLD_AFTER)
                .allSatisfy(k -> assertThat(k).startsWith(PANE));
    }

    @Test
    void aTaskStoppedAfterAnyUpdateGoesOnFromItsStoresToTheSamePane() {
        final List<AggregateUpdate> updates = updates(PaneJournal.FOLD_AFTER + 3);
        final byte[] expected = bytes(applied(updates));
        for (int stop = 0; stop <= updates.size(); stop++) {
            final KeyValueStore<String, byte[]> bases = store("bases");
            final KeyValueStore<String, byte[]> journal = store("journal");
            final PaneJournal before = new PaneJournal(bases, journal, SPEC, 16);
            updates.subList(0, stop).forEach(u -> before.apply(PANE, u));
            final PaneJournal after = new PaneJournal(bases, journal, SPEC, 16);
            updates.subList(stop, updates.size()).forEach(u -> after.apply(PANE, u));
            assertThat(bytes(new PaneJournal(bases, journal, SPEC, 16).read(PANE, bases.get(PANE))))
                    .as("stopped after %d updates", stop).isEqualTo(expected);
        }
    }

    @Test
    void aPaneNotKeptDecodedIsReplayedFromItsJournal() {
        final List<AggregateUpdate> updates = updates(10);
        final KeyValueStore<String, byte[]> bases = store("bases");
        final KeyValueStore<String, byte[]> journal = store("journal");
        final PaneJournal panes = new PaneJournal(bases, journal, SPEC, 1);
        for (final AggregateUpdate update : updates) {
            panes.apply(PANE, update);
            panes.apply(OTHER, update);
        }
        assertThat(bytes(panes.read(PANE, bases.get(PANE)))).isEqualTo(bytes(applied(updates)));
        assertThat(bytes(panes.read(OTHER, bases.get(OTHER)))).isEqualTo(bytes(applied(updates)));
    }

    @Test
    void deletingAPaneRemovesItsBaseAndJournalOnly() {
        final KeyValueStore<String, byte[]> bases = store("bases");
        final KeyValueStore<String, byte[]> journal = store("journal");
        final PaneJournal panes = new PaneJournal(bases, journal, SPEC, 16);
        updates(5).forEach(u -> {
            panes.apply(PANE, u);
            panes.apply(OTHER, u);
        });
        panes.delete(PANE);
        assertThat(keys(bases)).containsExactly(OTHER);
        assertThat(keys(journal)).hasSize(4).allSatisfy(k -> assertThat(k).startsWith(OTHER));

        final AggregateUpdate update = updates(1).get(0);
        panes.apply(PANE, update);
        assertThat(bytes(new PaneJournal(bases, journal, SPEC, 16).read(PANE, bases.get(PANE))))
                .as("a pane written again starts empty").isEqualTo(bytes(applied(List.of(update))));
    }

    private static WindowAggregate applied(final List<AggregateUpdate> updates) {
        final WindowAggregate aggregate = WindowAggregate.empty(SPEC);
        updates.forEach(u -> u.applyTo(aggregate));
        return aggregate;
    }

    private static byte[] bytes(final WindowAggregate aggregate) {
        return WindowAggregateCodec.toBytes(aggregate);
    }

    /** Studies, some ground truth and a dead letter. */
    private static List<AggregateUpdate> updates(final int n) {
        final SplittableRandom random = new SplittableRandom(n);
        final List<AggregateUpdate> updates = new ArrayList<>();
        for (int i = 0; updates.size() < n; i++) {
            final float[] embedding = {(float) random.nextGaussian(), (float) random.nextGaussian(), (float) random.nextGaussian(), 0.1f};
            final float[] scores = {(float) random.nextDouble(), (float) random.nextDouble()};
            updates.add(new AggregateUpdate.Study(new Observation("s" + i, embedding, scores, new double[] {1, 2, 3, 4, 5, Double.NaN},
                    Map.of("view", i % 3 == 0 ? "LAT" : "PA"))));
            if (i % 4 == 1 && updates.size() < n) {
                updates.add(new AggregateUpdate.Truth(scores, new boolean[] {true, false}, new boolean[] {true, i % 8 == 1}));
            }
            if (i % 9 == 2 && updates.size() < n) {
                updates.add(new AggregateUpdate.DeadLetter("bad-embedding"));
            }
        }
        return updates;
    }

    private static KeyValueStore<String, byte[]> store(final String name) {
        final KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<String, WindowFeed>().getStateStoreContext(), store);
        return store;
    }

    private static List<String> keys(final KeyValueStore<String, byte[]> store) {
        final List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining((KeyValue<String, byte[]> kv) -> keys.add(kv.key));
        }
        return keys;
    }
}
