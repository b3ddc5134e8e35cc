package io.radshift.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.AggregateSpec;
import io.radshift.stats.Observation;
import io.radshift.stats.QualityFeatures;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.WindowAggregateCodec;
import io.radshift.stats.sketch.RandomFourierFeatures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The all-sites merge on its own: one merged window per (kind, end), in order; late site windows counted. */
class AllSitesMergeProcessorTest {

    private static final AggregateSpec SPEC = new AggregateSpec(2, List.of("a"), new RandomFourierFeatures(2, 4, 1.0, 3),
            new double[] {0, 0}, 4, 0.9, 0.5, 4, Map.of(), 2, 3);
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final MockProcessorContext<String, ClosedWindow> context = new MockProcessorContext<>();
    private AllSitesMergeProcessor merge;

    @BeforeEach
    void start() {
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AllSitesMergeProcessor.PENDING), Serdes.String(), Serdes.ByteArray()));
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AllSitesMergeProcessor.EMITTED), Serdes.String(), Serdes.Long()));
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AllSitesMergeProcessor.LATE), Serdes.String(), Serdes.Long()));
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AllSitesMergeProcessor.MEMBERS), Serdes.String(), Serdes.ByteArray()));
        merge = new AllSitesMergeProcessor(SPEC, SETTLE, SETTLE, Duration.ofDays(30), new RadShiftMetrics(registry));
        merge.init(context);
    }

    @Test
    void theSitesWindowsOfOneEndMergeIntoOneAllSitesWindowEmittedInOrderOfEnd() {
        arrive(0, site("A", 2, 40, 1), site("B", 2, 30, 0), site("A", 3, 35, 0));
        arrive(500, site("C", 2, 20, 2), site("B", 3, 25, 0));
        punctuate(1_000);
        assertThat(context.forwarded()).as("nothing before the settle time").isEmpty();
        punctuate(2_000);
        assertThat(context.forwarded()).as("end 3 waits for C, known and behind, while C is active")
                .extracting(f -> f.record().value().end()).containsExactly(2 * HOUR);
        punctuate(2_500);
        assertThat(context.forwarded()).extracting(f -> f.record().value())
                .extracting(ClosedWindow::site, ClosedWindow::end, ClosedWindow::sites, w -> count(w), ClosedWindow::lateDropped)
                .containsExactly(tuple("*", 2 * HOUR, 3, 90L, 3L),
                        tuple("*", 3 * HOUR, 2, 60L, 0L));
        assertThat(context.forwarded()).allSatisfy(f -> assertThat(f.record().key()).isEqualTo("*"));
    }

    @Test
    void aSiteWindowArrivingAfterItsAllSitesWindowIsCountedInTheNextOneAndInTheMetric() {
        arrive(0, site("A", 2, 40, 0), site("B", 2, 30, 0));
        punctuate(2_000);
        arrive(3_000, site("C", 2, 25, 1));            // its all-sites window was evaluated: too late to merge
        arrive(3_500, site("A", 3, 40, 0), site("B", 3, 30, 2));
        punctuate(6_000);
        assertThat(context.forwarded()).extracting(f -> f.record().value())
                .extracting(ClosedWindow::end, ClosedWindow::sites, w -> count(w), ClosedWindow::lateDropped)
                .containsExactly(tuple(2 * HOUR, 2, 70L, 0L),
                        tuple(3 * HOUR, 2, 70L, 2L + 25L));
        assertThat(registry.get("radshift.studies.late.dropped").tags("site", "*", "window", "oncall").counter().count())
                .isEqualTo(25.0);
        arrive(7_000, site("A", 4, 40, 0));
        punctuate(9_100);
        assertThat(context.forwarded().get(2).record().value().lateDropped()).as("counted once").isZero();
    }

    /** A site whose clock runs weeks ahead does not make the others' windows late: its own wait for them. */
    @Test
    void aMinorityOfSitesAheadWaitsForTheOthersInsteadOfMakingTheirWindowsLate() {
        waitingUpTo(Duration.ofSeconds(10));
        arrive(0, site("A", 2, 40, 0), site("B", 2, 30, 0), site("X", 500, 5, 0));
        arrive(9_000, site("A", 3, 40, 0), site("B", 3, 30, 0), site("X", 501, 5, 0));
        punctuate(10_000);
        punctuate(11_000);
        assertThat(context.forwarded()).extracting(f -> f.record().value())
                .extracting(ClosedWindow::end, ClosedWindow::sites, w -> count(w), ClosedWindow::lateDropped)
                .containsExactly(tuple(2 * HOUR, 2, 70L, 0L), tuple(3 * HOUR, 2, 70L, 0L));
        assertThat(registry.find("radshift.studies.late.dropped").counter()).isNull();
    }

    /**
     * Before its first window the view knows no site and waits {@code wait} for them all; then a known site that is
     * behind (its task moved after a rebalance) is waited for while it keeps delivering, and no longer once it stalls.
     */
    @Test
    void aKnownSiteCatchingUpIsWaitedForWhileItIsActive() {
        waitingUpTo(Duration.ofSeconds(10));
        arrive(0, site("A", 2, 40, 0));
        arrive(1_000, site("B", 2, 30, 0));
        arrive(5_000, site("A", 3, 40, 0));
        punctuate(9_000);
        assertThat(context.forwarded()).as("the first window waits for sites to appear").isEmpty();
        punctuate(10_000);
        assertThat(context.forwarded()).as("end 3 waits for B").hasSize(1);
        arrive(10_500, site("B", 3, 30, 0));
        punctuate(10_500);
        assertThat(context.forwarded()).extracting(f -> f.record().value())
                .extracting(ClosedWindow::end, ClosedWindow::sites, w -> count(w))
                .containsExactly(tuple(2 * HOUR, 2, 70L), tuple(3 * HOUR, 2, 70L));
        arrive(11_000, site("A", 4, 40, 0));
        punctuate(21_000);
        assertThat(context.forwarded()).as("B stalled for longer than the wait: not waited for any more").hasSize(3);
    }

    /** A merge that waits up to {@code wait} for a known site that is behind. */
    private void waitingUpTo(final Duration wait) {
        merge = new AllSitesMergeProcessor(SPEC, SETTLE, wait, Duration.ofDays(30), new RadShiftMetrics(registry));
        merge.init(context);
    }

    private void arrive(final long wallMs, final ClosedWindow... windows) {
        context.setCurrentSystemTimeMs(wallMs);
        for (ClosedWindow w : windows) {
            merge.process(new Record<>("*", w, w.end()));
        }
    }

    private void punctuate(final long wallMs) {
        context.setCurrentSystemTimeMs(wallMs);
        final var punctuators = context.scheduledPunctuators();
        punctuators.get(punctuators.size() - 1).getPunctuator().punctuate(wallMs);
    }

    private static ClosedWindow site(final String site, final int endHour, final int n, final long lateDropped) {
        WindowAggregate aggregate = WindowAggregate.empty(SPEC);
        for (int i = 0; i < n; i++) {
            final double[] quality = new double[QualityFeatures.COUNT];
            aggregate = aggregate.add(new Observation(site + i, new float[] {0.6f, 0.8f}, new float[] {0.3f}, quality,
                    Map.of(), null, null));
        }
        final long end = endHour * HOUR;
        return new ClosedWindow(site, "oncall", end - 2 * HOUR, end, WindowAggregateCodec.toBytes(aggregate), lateDropped,
                end - 1, end + 1, 1);
    }

    private static long count(final ClosedWindow w) {
        return WindowAggregateCodec.fromBytes(w.aggregate(), SPEC).count();
    }

    private <S extends StateStore> void add(final StoreBuilder<S> builder) {
        final S store = builder.withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }
}
