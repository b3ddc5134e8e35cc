package io.radshift.window;

import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.AggregateSpec;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.WindowAggregateCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The all-sites view: merges the closed per-site windows of one (kind, end) into one window for site
 * {@link ClosedWindow#ALL_SITES}.
 *
 * <p>Every site window reaches this processor under the one key {@code *}, so the whole all-sites view (merge,
 * evaluation and incident lifecycle) lives in one task whatever the partition count. That key is not hot: one
 * record per site and window arrives, never every study. Sites close the same window on the same watermark
 * within about a second of each other; the merged window is emitted {@code settle} of wall-clock time after the
 * first site's window arrived, in order of window end per kind.
 *
 * <p>A site window that arrives after the all-sites window of its end (or a later one of its kind) was emitted is
 * not merged, since that window was evaluated and its incident decided, but it is not lost either: its studies are
 * counted in {@code radshift_studies_late_dropped_total{site="*"}} and added to {@code lateDropped} of the next
 * all-sites window of its kind, which is therefore the all-sites view's count of studies it did not see: the sites'
 * own late studies plus the studies of site windows that missed the merge.
 */
public final class AllSitesMergeProcessor implements Processor<String, ClosedWindow, String, ClosedWindow> {

    /** Store of pending merges, {@code kind␟end} to arrival wall time plus the merged window. */
    public static final String PENDING = "all-sites-pending";
    /** Store of the last emitted window end per kind. */
    public static final String EMITTED = "all-sites-emitted";
    /** Store of studies in site windows that missed their merge, per kind, until the next merged window. */
    public static final String LATE = "all-sites-late";

    private final AggregateSpec spec;
    private final Duration settle;
    private final RadShiftMetrics metrics;
    private ProcessorContext<String, ClosedWindow> context;
    private KeyValueStore<String, byte[]> pending;
    private KeyValueStore<String, Long> emitted;
    private KeyValueStore<String, Long> late;

    /**
     * @param spec    aggregate layout of the reference profile
     * @param settle  wall-clock time to wait for the other sites' windows after the first arrives
     * @param metrics counts late site windows
     */
    public AllSitesMergeProcessor(final AggregateSpec spec, final Duration settle, final RadShiftMetrics metrics) {
        this.spec = spec;
        this.settle = settle;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, ClosedWindow> ctx) {
        this.context = ctx;
        this.pending = ctx.getStateStore(PENDING);
        this.emitted = ctx.getStateStore(EMITTED);
        this.late = ctx.getStateStore(LATE);
        ctx.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::emitSettled);
    }

    @Override
    public void process(final Record<String, ClosedWindow> record) {
        final ClosedWindow site = record.value();
        final Long lastEmitted = emitted.get(site.windowKind());
        if (lastEmitted != null && site.end() <= lastEmitted) {
            countLate(site);
            return;
        }
        final String key = StoreKeys.state(site.windowKind(), String.format("%020d", site.end()));
        final byte[] stored = pending.get(key);
        final long arrived = stored == null ? context.currentSystemTimeMs() : ByteBuffer.wrap(stored).getLong();
        final ClosedWindow merged = stored == null ? asAllSites(site) : merge(decode(stored), site);
        pending.put(key, encode(arrived, merged));
    }

    private void emitSettled(final long wallNow) {
        final List<KeyValue<String, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = pending.all()) {
            all.forEachRemaining(kv -> {
                if (ByteBuffer.wrap(kv.value).getLong() + settle.toMillis() <= wallNow) {
                    due.add(kv);
                }
            });
        }
        for (KeyValue<String, byte[]> kv : due) {
            final ClosedWindow window = withMissedStudies(decode(kv.value));
            context.forward(new Record<>(ClosedWindow.ALL_SITES, window, window.end()));
            final Long last = emitted.get(window.windowKind());
            emitted.put(window.windowKind(), last == null ? window.end() : Math.max(last, window.end()));
            pending.delete(kv.key);
        }
    }

    private void countLate(final ClosedWindow site) {
        final long studies = WindowAggregateCodec.fromBytes(site.aggregate(), spec).count();
        final Long before = late.get(site.windowKind());
        late.put(site.windowKind(), (before == null ? 0 : before) + studies);
        metrics.allSitesLate(site.windowKind(), studies);
    }

    /** The merged window with the studies of site windows that missed earlier merges added to its late count. */
    private ClosedWindow withMissedStudies(final ClosedWindow window) {
        final Long missed = late.get(window.windowKind());
        if (missed == null || missed == 0) {
            return window;
        }
        late.delete(window.windowKind());
        return new ClosedWindow(window.site(), window.windowKind(), window.start(), window.end(), window.aggregate(),
                window.lateDropped() + missed, window.lastStudyTime(), window.watermark(), window.sites());
    }

    private static ClosedWindow asAllSites(final ClosedWindow w) {
        return new ClosedWindow(ClosedWindow.ALL_SITES, w.windowKind(), w.start(), w.end(), w.aggregate(),
                w.lateDropped(), w.lastStudyTime(), w.watermark(), w.sites());
    }

    private ClosedWindow merge(final ClosedWindow all, final ClosedWindow site) {
        final WindowAggregate merged = WindowAggregateCodec.fromBytes(all.aggregate(), spec)
                .merge(WindowAggregateCodec.fromBytes(site.aggregate(), spec));
        return new ClosedWindow(ClosedWindow.ALL_SITES, all.windowKind(), all.start(), all.end(),
                WindowAggregateCodec.toBytes(merged), all.lateDropped() + site.lateDropped(),
                Math.max(all.lastStudyTime(), site.lastStudyTime()), Math.max(all.watermark(), site.watermark()),
                all.sites() + site.sites());
    }

    private static byte[] encode(final long arrived, final ClosedWindow window) {
        final byte[] body = window.toBytes();
        return ByteBuffer.allocate(8 + body.length).putLong(arrived).put(body).array();
    }

    private static ClosedWindow decode(final byte[] stored) {
        return ClosedWindow.fromBytes(Arrays.copyOfRange(stored, 8, stored.length));
    }
}
