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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The all-sites merge on its own: one merged window per (kind, end), in order, once every expected site delivered
 * it; the same output whatever the arrival order and however long anything waited; late site windows counted.
 */
class AllSitesMergeProcessorTest {

    private static final AggregateSpec SPEC = new AggregateSpec(2, List.of("a"), new RandomFourierFeatures(2, 4, 1.0, 3),
            new double[] {0, 0}, 4, 0.9, 0.5, 4, Map.of(), 2, 3);
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private MeterRegistry registry;
    private MockProcessorContext<String, ClosedWindow> context;
    private AllSitesMergeProcessor merge;

    @BeforeEach
    void start() {
        begin(Duration.ZERO);
    }

    /** A fresh merge on empty stores that waits {@code startupWait} before its first window. */
    private void begin(final Duration startupWait) {
        registry = new SimpleMeterRegistry();
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(0);
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AllSitesMergeProcessor.PENDING), Serdes.String(), Serdes.ByteArray()));
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AllSitesMergeProcessor.EMITTED), Serdes.String(), Serdes.Long()));
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AllSitesMergeProcessor.LATE), Serdes.String(), Serdes.Long()));
        add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AllSitesMergeProcessor.MEMBERS), Serdes.String(), Serdes.ByteArray()));
        merge = new AllSitesMergeProcessor(SPEC, startupWait, new RadShiftMetrics(registry));
        merge.init(context);
    }

    @Test
    void theSitesWindowsOfOneEndMergeOnceEverySiteExpectedForItDeliveredIt() {
        arrive(joined("A", 2), joined("B", 2), joined("C", 2));
        arrive(site("A", 2, 40, 1), site("B", 2, 30, 0), site("A", 3, 35, 0));
        assertThat(context.forwarded()).as("C joined at end 2 and has not delivered it").isEmpty();
        arrive(site("C", 2, 20, 2), site("B", 3, 25, 0));
        assertThat(ends()).as("end 3 waits for C however long that takes").containsExactly(2 * HOUR);
        arrive(site("C", 3, 5, 0));
        assertThat(context.forwarded()).extracting(f -> f.record().value())
                .extracting(ClosedWindow::site, ClosedWindow::end, ClosedWindow::sites, w -> count(w), ClosedWindow::lateDropped)
                .containsExactly(tuple("*", 2 * HOUR, 3, 90L, 3L),
                        tuple("*", 3 * HOUR, 3, 65L, 0L));
        assertThat(context.forwarded()).allSatisfy(f -> assertThat(f.record().key()).isEqualTo("*"));
    }

    /** The merge's output is a function of what the sites delivered, not of the order their tasks wrote it in. */
    @Test
    void anyArrivalOrderGivesTheSameAllSitesWindowsBitForBit() {
        final List<WindowFeed> feed = new ArrayList<>();
        for (String s : List.of("A", "B", "C", "D", "E")) {
            feed.add(joined(s, 2));
        }
        final Random random = new Random(7);
        for (int end = 2; end <= 5; end++) {
            for (String s : List.of("A", "B", "C", "D", "E")) {
                feed.add(site(s, end, 5 + random.nextInt(30), 0, random));
            }
        }
        final List<byte[]> first = runShuffled(feed, 1);
        for (long seed = 2; seed <= 6; seed++) {
            final List<byte[]> other = runShuffled(feed, seed);
            assertThat(other).hasSameSizeAs(first);
            for (int i = 0; i < first.size(); i++) {
                assertThat(other.get(i)).as("window %d of order %d", i, seed).isEqualTo(first.get(i));
            }
        }
        assertThat(first).hasSize(4);
    }

    @Test
    void aSiteThatLeftIsNotWaitedForAndAJoinedSiteIsExpectedFromItsFirstEndOnly() {
        arrive(joined("A", 2), joined("B", 2), joined("N", 4));
        arrive(site("A", 2, 40, 0), site("B", 2, 30, 0));
        arrive(site("A", 3, 40, 0), left("B"));
        assertThat(context.forwarded()).extracting(f -> f.record().value())
                .extracting(ClosedWindow::end, ClosedWindow::sites, w -> count(w))
                .containsExactly(tuple(2 * HOUR, 2, 70L), tuple(3 * HOUR, 1, 40L));
        arrive(site("A", 4, 10, 0));
        assertThat(ends()).as("N is expected from end 4 on").containsExactly(2 * HOUR, 3 * HOUR);
        arrive(site("N", 4, 3, 0));
        assertThat(ends()).containsExactly(2 * HOUR, 3 * HOUR, 4 * HOUR);
    }

    /** The lowest pending end is kept in memory: a site window of a lower end than any pending is still merged first. */
    @Test
    void aLowerEndArrivingAfterAHigherOneIsMergedFirst() {
        arrive(joined("A", 2), joined("B", 2), joined("N", 4));
        arrive(site("A", 2, 40, 0), site("B", 2, 30, 0), site("N", 4, 7, 0));
        arrive(site("A", 3, 35, 0), site("A", 4, 20, 0), site("B", 3, 10, 0));
        assertThat(ends()).as("end 4 waits for B").containsExactly(2 * HOUR, 3 * HOUR);
        arrive(site("B", 4, 1, 0));
        assertThat(context.forwarded()).extracting(f -> f.record().value())
                .extracting(ClosedWindow::end, ClosedWindow::sites, w -> count(w))
                .containsExactly(tuple(2 * HOUR, 2, 70L), tuple(3 * HOUR, 2, 45L), tuple(4 * HOUR, 3, 28L));
    }

    /** A task restarted on its restored stores, with nothing in memory, finds what is pending and merges it. */
    @Test
    void aMergeRestartedOnItsStoresCarriesOn() {
        arrive(joined("A", 2), joined("B", 2));
        arrive(site("A", 2, 40, 0), site("B", 2, 30, 0), site("A", 3, 35, 0), site("A", 4, 20, 0));
        merge = new AllSitesMergeProcessor(SPEC, Duration.ZERO, new RadShiftMetrics(registry));
        merge.init(context);
        arrive(site("B", 3, 10, 0));
        assertThat(ends()).as("end 4 waits for B").containsExactly(2 * HOUR, 3 * HOUR);
        arrive(site("B", 4, 1, 0));
        assertThat(context.forwarded()).extracting(f -> f.record().value())
                .extracting(ClosedWindow::end, ClosedWindow::sites, w -> count(w))
                .containsExactly(tuple(2 * HOUR, 2, 70L), tuple(3 * HOUR, 2, 45L), tuple(4 * HOUR, 2, 21L));
    }

    @Test
    void aSiteWindowArrivingAfterItsAllSitesWindowIsCountedInTheNextOneAndInTheMetric() {
        arrive(site("A", 2, 40, 0));
        arrive(site("A", 3, 40, 0));
        arrive(site("C", 2, 25, 1));            // C joined after end 2 was evaluated: too late to merge
        arrive(site("A", 4, 40, 0), site("C", 4, 30, 2));
        assertThat(context.forwarded()).extracting(f -> f.record().value())
                .extracting(ClosedWindow::end, ClosedWindow::sites, w -> count(w), ClosedWindow::lateDropped)
                .containsExactly(tuple(2 * HOUR, 1, 40L, 0L), tuple(3 * HOUR, 1, 40L, 0L), tuple(4 * HOUR, 2, 70L, 25L + 2L));
        assertThat(registry.get("radshift.studies.late.dropped").tags("site", "*", "window", "oncall").counter().count())
                .isEqualTo(25.0);
    }

    /** A site whose clock runs weeks ahead does not make the others' windows late: its own wait for them. */
    @Test
    void aSiteAheadWaitsForTheOthersInsteadOfMakingTheirWindowsLate() {
        arrive(joined("A", 2), joined("B", 2), joined("X", 2));
        arrive(site("X", 2, 1, 0), site("X", 3, 1, 0), site("X", 500, 5, 0));
        assertThat(context.forwarded()).isEmpty();
        arrive(site("A", 2, 40, 0), site("B", 2, 30, 0), site("A", 3, 40, 0), site("B", 3, 30, 0));
        assertThat(context.forwarded()).extracting(f -> f.record().value())
                .extracting(ClosedWindow::end, ClosedWindow::sites, w -> count(w), ClosedWindow::lateDropped)
                .containsExactly(tuple(2 * HOUR, 3, 71L, 0L), tuple(3 * HOUR, 3, 71L, 0L));
        assertThat(registry.find("radshift.studies.late.dropped").counter()).isNull();
    }

    /** At the application's first start the view waits for sites to announce themselves; then only data decides. */
    @Test
    void theFirstWindowWaitsForSitesToAppearAndNothingLaterWaitsForTheWallClock() {
        begin(Duration.ofSeconds(5));
        context.setCurrentSystemTimeMs(1_000);
        arrive(joined("A", 2), site("A", 2, 40, 0), site("A", 3, 40, 0));
        context.setCurrentSystemTimeMs(3_000);
        arrive(joined("B", 2), site("B", 2, 30, 0));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(5_000);
        assertThat(context.forwarded()).as("still starting").isEmpty();
        context.setCurrentSystemTimeMs(6_000);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(6_000);
        assertThat(ends()).as("end 3 waits for B").containsExactly(2 * HOUR);
        context.setCurrentSystemTimeMs(1_000_000);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(1_000_000);
        assertThat(ends()).as("however long B takes").containsExactly(2 * HOUR);
        arrive(site("B", 3, 30, 0));
        assertThat(ends()).containsExactly(2 * HOUR, 3 * HOUR);
    }

    @Test
    void aPresenceRecordSurvivesTheAllSitesTopicsEncoding() {
        final SitePresence presence = SitePresence.joined("hospital-ä", "oncall", 7 * HOUR);
        assertThat(SitePresence.fromBytes(presence.toBytes())).isEqualTo(presence);
        assertThat(SitePresence.fromBytes(SitePresence.left("b", "weekly").toBytes())).isEqualTo(SitePresence.left("b", "weekly"));
    }

    /** Runs {@code feed} shuffled by {@code seed} (presences first, as their tasks send them before any window). */
    private List<byte[]> runShuffled(final List<WindowFeed> feed, final long seed) {
        start();
        final List<WindowFeed> presences = feed.stream().filter(SitePresence.class::isInstance).toList();
        final List<WindowFeed> windows = new ArrayList<>(feed.stream().filter(ClosedWindow.class::isInstance).toList());
        Collections.shuffle(windows, new Random(seed));
        final List<WindowFeed> ordered = new ArrayList<>(presences);
        ordered.addAll(inSiteOrder(windows));
        ordered.forEach(f -> merge.process(new Record<>("*", f, 0L)));
        return context.forwarded().stream().map(f -> f.record().value().toBytes()).toList();
    }

    /** The shuffled windows with each site's own windows put back in order of end, keeping the interleaving. */
    private static List<WindowFeed> inSiteOrder(final List<WindowFeed> shuffled) {
        final Map<String, List<ClosedWindow>> bySite = new java.util.TreeMap<>();
        shuffled.forEach(f -> bySite.computeIfAbsent(((ClosedWindow) f).site(), s -> new ArrayList<>()).add((ClosedWindow) f));
        bySite.values().forEach(list -> list.sort(java.util.Comparator.comparingLong(ClosedWindow::end)));
        final Map<String, Integer> next = new java.util.HashMap<>();
        final List<WindowFeed> out = new ArrayList<>();
        for (WindowFeed f : shuffled) {
            final String site = ((ClosedWindow) f).site();
            final int i = next.merge(site, 1, Integer::sum) - 1;
            out.add(bySite.get(site).get(i));
        }
        return out;
    }

    private List<Long> ends() {
        return context.forwarded().stream().map(f -> f.record().value().end()).toList();
    }

    private void arrive(final WindowFeed... feed) {
        for (WindowFeed f : feed) {
            merge.process(new Record<>("*", f, 0L));
        }
    }

    private static SitePresence joined(final String site, final int firstEndHour) {
        return SitePresence.joined(site, "oncall", firstEndHour * HOUR);
    }

    private static SitePresence left(final String site) {
        return SitePresence.left(site, "oncall");
    }

    private static ClosedWindow site(final String site, final int endHour, final int n, final long lateDropped) {
        return site(site, endHour, n, lateDropped, new Random(site.hashCode() + endHour));
    }

    private static ClosedWindow site(final String site, final int endHour, final int n, final long lateDropped,
                                     final Random random) {
        WindowAggregate aggregate = WindowAggregate.empty(SPEC);
        for (int i = 0; i < n; i++) {
            final double[] quality = new double[QualityFeatures.COUNT];
            for (int q = 0; q < quality.length; q++) {
                quality[q] = random.nextDouble() * 1000;
            }
            aggregate = aggregate.add(new Observation(site + i, new float[] {random.nextFloat(), random.nextFloat()},
                    new float[] {random.nextFloat()}, quality, Map.of(), null, null));
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
