package io.radshift.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.config.RadShiftConfig;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.AggregateSpec;
import io.radshift.stats.SyntheticStudies.Shift;
import io.radshift.window.Backlog;
import io.radshift.window.ClosedWindow;
import io.radshift.window.LabelJoinProcessor;
import io.radshift.window.WindowFeed;
import io.radshift.window.PaneAggregatorProcessor;
import io.radshift.window.SiteEvent;
import io.radshift.window.WindowScheme;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The window aggregator restarted during a site's outage, on the same state (as a restarted or moved task restores
 * it from the changelog): the site's clock was stored with the wall time of its latest study, so once the new
 * task has had its idle timeout for the backlog and its input is processed ({@link Backlog}), the whole outage
 * counts and the site's windows close with the silence that raises site-silent.
 */
class SiteClockRestartTest {

    private static final Instant LIVE = Instant.parse("2026-03-02T06:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final RadShiftConfig.Detection DETECTION = new RadShiftConfig.Detection(null, null, null, null, null,
            Duration.ofHours(6), null, null, null, Duration.ofSeconds(5));
    private static final WindowScheme ONCALL = WindowScheme.of(new RadShiftConfig.Window("oncall", "sliding", Duration.ofHours(2),
            HOUR, Duration.ofMinutes(10), null, null));

    private static AggregateSpec spec;

    @BeforeAll
    static void buildProfile() {
        spec = new SyntheticSites(1).profile().aggregateSpec();
    }

    @Test
    void aRestartDuringAnOutageStillClosesTheSitesWindowsWithItsSilence() {
        final List<KeyValueStore<String, byte[]>> stores = List.of(store(PaneAggregatorProcessor.PANES), store(PaneAggregatorProcessor.PANE_JOURNAL),
                store(PaneAggregatorProcessor.STATE), store(PaneAggregatorProcessor.STUDY_SCORES), store(PaneAggregatorProcessor.CLOCKS),
                store(LabelJoinProcessor.PENDING_LABELS), store(PaneAggregatorProcessor.SCORES_PER_SITE));

        // Live: two hours of studies up to 05:58, processed at 06:00, then the site goes silent and the instance stops.
        final MockProcessorContext<String, WindowFeed> before = context(stores, LIVE.toEpochMilli());
        final PaneAggregatorProcessor first = processor(before);
        new SyntheticSites(5).studies("A", 40, Shift.NONE, LIVE.minus(HOUR.multipliedBy(2)), LIVE)
                .forEach(s -> first.process(new Record<>("A", new SiteEvent.Scored(s), s.getEventTime().toEpochMilli())));
        punctuate(before, LIVE.toEpochMilli() + 1_000);
        assertThat(ends(before)).containsExactly(LIVE.minus(HOUR));
        first.close();

        // Ten hours later the instance restarts on the same state; the site is still silent.
        final long restart = LIVE.plus(HOUR.multipliedBy(10)).toEpochMilli();
        final MockProcessorContext<String, WindowFeed> after = context(stores, restart);
        processor(after);
        punctuate(after, restart + 1_000);
        assertThat(windows(after)).as("the restarted task first gets its idle timeout for the backlog").isEmpty();
        punctuate(after, restart + 6_000);
        final List<ClosedWindow> closed = windows(after);
        assertThat(ends(after)).first().isEqualTo(LIVE);
        final ClosedWindow last = closed.get(closed.size() - 1);
        assertThat(Instant.ofEpochMilli(last.end())).isEqualTo(LIVE.plus(HOUR.multipliedBy(9)));
        assertThat(Duration.ofMillis(last.end() - last.lastStudyTime())).as("silence seen by site-silent")
                .isGreaterThan(DETECTION.siteSilentAfter());
    }

    /**
     * The same restart, with the new owner's input holding a backlog: while the input is processed only through a
     * time before the site's latest study, no window closes, however long the task has run; once the backlog is
     * processed, the whole outage counts and site-silent is raised as without one.
     */
    @Test
    void aRestartWithABacklogClosesNothingUntilTheBacklogIsProcessedThenRaisesSiteSilent() {
        final List<KeyValueStore<String, byte[]>> stores = stores();
        final MockProcessorContext<String, WindowFeed> before = context(stores, LIVE.toEpochMilli());
        final PaneAggregatorProcessor first = processor(before, Backlog.NONE);
        new SyntheticSites(5).studies("A", 40, Shift.NONE, LIVE.minus(HOUR.multipliedBy(2)), LIVE)
                .forEach(s -> first.process(new Record<>("A", new SiteEvent.Scored(s), s.getEventTime().toEpochMilli())));
        punctuate(before, LIVE.toEpochMilli() + 1_000);
        first.close();

        final long restart = LIVE.plus(HOUR.multipliedBy(10)).toEpochMilli();
        final AtomicLong processedThrough = new AtomicLong(Long.MIN_VALUE);
        final MockProcessorContext<String, WindowFeed> after = context(stores, restart);
        processor(after, partition -> processedThrough.get());
        punctuate(after, restart + 60_000);
        processedThrough.set(LIVE.toEpochMilli() - 1);
        punctuate(after, restart + 120_000);
        assertThat(windows(after)).as("the backlog may hold the site's studies").isEmpty();
        processedThrough.set(restart + 60_000);
        punctuate(after, restart + 121_000);
        final List<ClosedWindow> closed = windows(after);
        assertThat(Instant.ofEpochMilli(closed.get(closed.size() - 1).end())).isEqualTo(LIVE.plus(HOUR.multipliedBy(9)));
        assertThat(Duration.ofMillis(closed.get(closed.size() - 1).end() - closed.get(closed.size() - 1).lastStudyTime()))
                .as("silence seen by site-silent").isGreaterThan(DETECTION.siteSilentAfter());
    }

    private static List<KeyValueStore<String, byte[]>> stores() {
        return List.of(store(PaneAggregatorProcessor.PANES), store(PaneAggregatorProcessor.PANE_JOURNAL), store(PaneAggregatorProcessor.STATE),
                store(PaneAggregatorProcessor.STUDY_SCORES), store(PaneAggregatorProcessor.CLOCKS),
                store(LabelJoinProcessor.PENDING_LABELS), store(PaneAggregatorProcessor.SCORES_PER_SITE));
    }

    private static PaneAggregatorProcessor processor(final MockProcessorContext<String, WindowFeed> context) {
        return processor(context, Backlog.NONE);
    }

    private static PaneAggregatorProcessor processor(final MockProcessorContext<String, WindowFeed> context,
                                                     final Backlog backlog) {
        final PaneAggregatorProcessor processor = new PaneAggregatorProcessor(List.of(ONCALL), spec, DETECTION,
                RadShiftMetrics.discarding(), "to-all-sites", backlog);
        processor.init(context);
        return processor;
    }

    /** A task's context at wall-clock {@code wallMs} on the given (restored) stores. */
    private static MockProcessorContext<String, WindowFeed> context(final List<KeyValueStore<String, byte[]>> stores,
                                                                      final long wallMs) {
        final MockProcessorContext<String, WindowFeed> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(wallMs);
        stores.forEach(s -> context.addStateStore((StateStore) s));
        return context;
    }

    private static KeyValueStore<String, byte[]> store(final String name) {
        final KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        final MockProcessorContext<String, WindowFeed> init = new MockProcessorContext<>();
        store.init(init.getStateStoreContext(), store);
        return store;
    }

    private static void punctuate(final MockProcessorContext<String, WindowFeed> context, final long wallMs) {
        context.setCurrentSystemTimeMs(wallMs);
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(wallMs);
    }

    private static List<Instant> ends(final MockProcessorContext<String, WindowFeed> context) {
        return windows(context).stream().map(w -> Instant.ofEpochMilli(w.end())).toList();
    }

    /** The closed windows forwarded (a site's presence goes to the all-sites view only). */
    private static List<ClosedWindow> windows(final MockProcessorContext<String, WindowFeed> context) {
        return context.forwarded().stream().map(f -> f.record().value())
                .filter(ClosedWindow.class::isInstance).map(ClosedWindow.class::cast).toList();
    }
}
