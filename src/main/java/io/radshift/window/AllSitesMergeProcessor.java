package io.radshift.window;

import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.AggregateSpec;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.WindowAggregateCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * record per site and window arrives, never every study.
 *
 * <p>Each site closes its windows on its own event-time clock, so the sites' windows of one end arrive at
 * different times: after a rebalance, a restart or a burst one site may be seconds or hours of event time behind
 * another. The merge therefore knows its member sites (per kind: the latest window end each delivered and when),
 * and emits the all-sites window of an end, in order of end per kind, once it has waited {@code settle} for sites
 * not yet known ({@code wait} before its first window of a kind, when it knows none: instances and their tasks
 * start at different times) and:
 * <ul>
 *   <li>the end is not beyond the lower median of the active members' latest ends, so that a minority of sites
 *       ahead (a clock weeks ahead of the others') can neither close the view's windows early nor make every
 *       other site's window late: their windows wait in the pending store until the others get there; and</li>
 *   <li>every active member has delivered that end or a later one, or {@code wait} has passed since the first
 *       site window of the end arrived, so that a site catching up after a rebalance is merged, while one that
 *       stalls holds the view back by {@code wait} at most.</li>
 * </ul>
 * A member is active while it delivered a window within {@code wait} of wall clock; one silent for the site-state
 * retention of wall clock is forgotten.
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
    /** Store of member sites, {@code kind␟site} to the latest window end the site delivered and when (wall clock). */
    public static final String MEMBERS = "all-sites-members";

    private final AggregateSpec spec;
    private final long settleMs;
    private final long waitMs;
    private final long forgetMs;
    private final RadShiftMetrics metrics;
    private ProcessorContext<String, ClosedWindow> context;
    private KeyValueStore<String, byte[]> pending;
    private KeyValueStore<String, Long> emitted;
    private KeyValueStore<String, Long> late;
    private KeyValueStore<String, byte[]> members;

    /**
     * @param spec    aggregate layout of the reference profile
     * @param settle  wall-clock time to wait for sites not yet known after the first window of an end arrives
     * @param wait    longest wall-clock wait for a known site that is behind ({@code detection.idleTimeout}, at least
     *                {@code settle}): a site is active while it delivered a window within it
     * @param forget  wall-clock time after which a member that delivered nothing is forgotten
     * @param metrics counts late site windows
     */
    public AllSitesMergeProcessor(final AggregateSpec spec, final Duration settle, final Duration wait, final Duration forget,
                                  final RadShiftMetrics metrics) {
        this.spec = spec;
        this.settleMs = settle.toMillis();
        this.waitMs = Math.max(settleMs, wait.toMillis());
        this.forgetMs = forget.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, ClosedWindow> ctx) {
        this.context = ctx;
        this.pending = ctx.getStateStore(PENDING);
        this.emitted = ctx.getStateStore(EMITTED);
        this.late = ctx.getStateStore(LATE);
        this.members = ctx.getStateStore(MEMBERS);
        ctx.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::emitSettled);
    }

    @Override
    public void process(final Record<String, ClosedWindow> record) {
        final ClosedWindow site = record.value();
        remember(site);
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
        final Map<String, List<Member>> active = activeMembers(wallNow);
        final List<KeyValue<String, byte[]>> due = new ArrayList<>();
        String blockedKind = null;
        try (KeyValueIterator<String, byte[]> all = pending.all()) {
            // Keys sort by kind, then end: within a kind, stop at the first window not yet due (keeps end order).
            while (all.hasNext()) {
                final KeyValue<String, byte[]> kv = all.next();
                final String kind = StoreKeys.kindOf(kv.key);
                if (kind.equals(blockedKind)) {
                    continue;
                }
                final long end = Long.parseLong(StoreKeys.siteOf(kv.key));
                // Until the view's first window of a kind, no site is known: give them all the longer wait to appear.
                final long settleFor = emitted.get(kind) == null ? waitMs : settleMs;
                if (isDue(ByteBuffer.wrap(kv.value).getLong(), settleFor, end, active.getOrDefault(kind, List.of()), wallNow)) {
                    due.add(kv);
                } else {
                    blockedKind = kind;
                }
            }
        }
        for (KeyValue<String, byte[]> kv : due) {
            final ClosedWindow window = withMissedStudies(decode(kv.value));
            context.forward(new Record<>(ClosedWindow.ALL_SITES, window, window.end()));
            final Long last = emitted.get(window.windowKind());
            emitted.put(window.windowKind(), last == null ? window.end() : Math.max(last, window.end()));
            pending.delete(kv.key);
        }
    }

    /** Whether the all-sites window of {@code end}, whose first site window arrived at {@code arrived}, is complete. */
    private boolean isDue(final long arrived, final long settleFor, final long end, final List<Member> active,
                          final long wallNow) {
        if (arrived + settleFor > wallNow) {
            return false;
        }
        final long[] ends = active.stream().mapToLong(Member::latestEnd).sorted().toArray();
        if (ends.length > 0 && end > ends[(ends.length - 1) / 2]) {
            return false; // only a minority of sites got this far: their clocks run ahead of the others'
        }
        return arrived + waitMs <= wallNow || ends.length == 0 || ends[0] >= end;
    }

    /** The members per kind that delivered a window within {@code wait}; forgets those silent for {@code forget}. */
    private Map<String, List<Member>> activeMembers(final long wallNow) {
        final Map<String, List<Member>> active = new HashMap<>();
        final List<String> forgotten = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = members.all()) {
            all.forEachRemaining(kv -> {
                final Member member = Member.fromBytes(kv.value);
                if (member.deliveredAt() + waitMs > wallNow) {
                    active.computeIfAbsent(StoreKeys.kindOf(kv.key), k -> new ArrayList<>()).add(member);
                } else if (member.deliveredAt() + forgetMs <= wallNow) {
                    forgotten.add(kv.key);
                }
            });
        }
        forgotten.forEach(members::delete);
        return active;
    }

    /** Records that a site delivered a window. */
    private void remember(final ClosedWindow site) {
        final String key = StoreKeys.state(site.windowKind(), site.site());
        final byte[] stored = members.get(key);
        final long latest = stored == null ? site.end() : Math.max(site.end(), Member.fromBytes(stored).latestEnd());
        members.put(key, new Member(latest, context.currentSystemTimeMs()).toBytes());
    }

    /** A member site of one kind: the latest window end it delivered and when (wall clock). */
    private record Member(long latestEnd, long deliveredAt) {
        byte[] toBytes() {
            return ByteBuffer.allocate(16).putLong(latestEnd).putLong(deliveredAt).array();
        }

        static Member fromBytes(final byte[] bytes) {
            final ByteBuffer b = ByteBuffer.wrap(bytes);
            return new Member(b.getLong(), b.getLong());
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
