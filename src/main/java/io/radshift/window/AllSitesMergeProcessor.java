package io.radshift.window;

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
 * <p>Only one record per site and window reaches this processor (keyed by kind and window end), never every
 * study, so the all-sites view has no hot key. Sites close the same window on the same watermark within about
 * a second of each other; the merged window is emitted {@code settle} of wall-clock time after the first site's
 * window arrived. A site window that arrives after its all-sites window was emitted is counted as late.
 */
public final class AllSitesMergeProcessor implements Processor<String, ClosedWindow, String, ClosedWindow> {

    /** Store of pending merges, {@code kind␟end} to arrival wall time plus the merged window. */
    public static final String PENDING = "all-sites-pending";
    /** Store of the last emitted window end per kind. */
    public static final String EMITTED = "all-sites-emitted";

    private final AggregateSpec spec;
    private final Duration settle;
    private ProcessorContext<String, ClosedWindow> context;
    private KeyValueStore<String, byte[]> pending;
    private KeyValueStore<String, Long> emitted;

    public AllSitesMergeProcessor(final AggregateSpec spec, final Duration settle) {
        this.spec = spec;
        this.settle = settle;
    }

    @Override
    public void init(final ProcessorContext<String, ClosedWindow> ctx) {
        this.context = ctx;
        this.pending = ctx.getStateStore(PENDING);
        this.emitted = ctx.getStateStore(EMITTED);
        ctx.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::emitSettled);
    }

    @Override
    public void process(final Record<String, ClosedWindow> record) {
        final ClosedWindow site = record.value();
        final Long lastEmitted = emitted.get(site.windowKind());
        if (lastEmitted != null && site.end() <= lastEmitted) {
            return; // its all-sites window was already evaluated; the site window itself was not lost
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
            final ClosedWindow window = decode(kv.value);
            context.forward(new Record<>(ClosedWindow.ALL_SITES, window, window.end()));
            final Long last = emitted.get(window.windowKind());
            emitted.put(window.windowKind(), last == null ? window.end() : Math.max(last, window.end()));
            pending.delete(kv.key);
        }
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
