package io.radshift.window;

import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.AggregateSpec;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.WindowAggregateCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The all-sites view: merges the closed per-site windows of one (kind, end) into one window for site
 * {@link ClosedWindow#ALL_SITES}, deterministically: what it merges and in which order it emits depends only on the
 * site windows and {@link SitePresence} records it reads (after a startup wait at the application's first start),
 * so a crash, a restart, a rebalance or a slow task changes when an all-sites window is emitted but not what it
 * holds.
 *
 * <p>Every site window reaches this processor under the one key {@code *}, so the whole all-sites view (merge,
 * evaluation and incident lifecycle) lives in one task whatever the partition count. That key is not hot: one
 * record per site and window arrives, never every study.
 *
 * <p>Each site closes its windows on its own event-time clock, so the sites' windows of one end arrive at
 * different times. The merge knows its member sites per kind from the data: a site joins when its task processes
 * its first study (announcing the end of its first window) or, at the latest, with its first window, and leaves
 * when its task forgets it after {@code detection.siteStateRetention} of silence on its own clock. The all-sites
 * window of an end is emitted, in order of end per kind, as soon as every member expected for it (joined at or
 * before that end) has delivered that end. A site that stops sending is not waited for in wall-clock time: its own
 * clock idles on ({@link SiteClock#idle}) and closes its windows, empty, until it leaves, so its own clock says when
 * it is silent. A minority of sites ahead (a clock weeks ahead of the others') cannot close the view's windows
 * early: their windows wait in the pending store until the others get there.
 *
 * <p>One wall-clock wait remains, at the view's very start only: a site joins when its task processes its first
 * study, and at an application's first start the tasks begin at different times (one partition's studies may be
 * scored and windowed before another's are read), so before the view's first window of a kind it waits
 * {@code startupWait} (of wall clock, from the first site record of that kind) for the other sites to announce
 * themselves. From then on, restarts and crashes included (the emitted ends are in a changelogged store), nothing
 * but the data decides.
 *
 * <p>The site windows of an end are merged in site-id order when the end is emitted, so the merged sums (and with
 * them the evidence of every all-sites UPDATE) are the same bit for bit whatever order the sites' tasks wrote them.
 *
 * <p>A site window that arrives after the all-sites window of its end (or a later one of its kind) was emitted
 * (only a site whose first study was processed after the view had merged that end) is not merged, since that window
 * was evaluated and its incident decided, but it is not lost either: its studies are counted in
 * {@code radshift_studies_late_dropped_total{site="*"}} and added to {@code lateDropped} of the next all-sites
 * window of its kind.
 */
public final class AllSitesMergeProcessor implements Processor<String, WindowFeed, String, ClosedWindow> {

    /** Store of site windows waiting for their merge, {@code kind␟end␟site} to the site window. */
    public static final String PENDING = "all-sites-site-windows";
    /** Store of the last emitted window end per kind. */
    public static final String EMITTED = "all-sites-emitted";
    /** Store of studies in site windows that missed their merge, per kind, until the next merged window. */
    public static final String LATE = "all-sites-late";
    /** Store of member sites, {@code kind␟site} to the end of their first window and the latest end they delivered. */
    public static final String MEMBERS = "all-sites-sites";

    /** Above every site id and zero-padded end in a store key (site ids are ASCII, see {@link StoreKeys}). */
    private static final String KEY_MAX = "\uffff";

    private static final String FIRST_SEEN = "first-seen";
    private static final Duration STARTUP_CHECK = Duration.ofSeconds(1);

    private final AggregateSpec spec;
    private final long startupWaitMs;
    private final RadShiftMetrics metrics;
    private ProcessorContext<String, ClosedWindow> context;
    private KeyValueStore<String, byte[]> pending;
    private KeyValueStore<String, Long> emitted;
    private KeyValueStore<String, Long> late;
    private KeyValueStore<String, byte[]> members;
    /**
     * Per kind, where the last completeness check stopped: the first member found not to have delivered the end of
     * the same kind's lowest pending window. Members before it had delivered it, and delivered ends only grow, so the
     * next check starts there: one pass over the members per window end, not one per arriving site window (which
     * would be quadratic in the sites). Kept in memory only: after a restart the first check starts from the top.
     */
    private final Map<String, Cursor> cursors = new HashMap<>();
    /**
     * Per kind, the lowest end with site windows pending ({@link Long#MAX_VALUE} when none), kept in memory so that
     * an arriving site window costs no seek of the pending store, and read from the store after a restart or an
     * emission from just above the last emitted end: the store's deleted entries (every merged site window) lie below
     * it, and a RocksDB seek from below them had to step over every one not yet compacted away. With a seek per
     * arriving record that was the all-sites view's whole time at 10,000 sites (bench state).
     */
    private final Map<String, Long> lowestPending = new HashMap<>();

    /**
     * @param spec        aggregate layout of the reference profile
     * @param startupWait how long the view waits for sites to announce themselves before its first window of a kind
     * @param metrics     counts late site windows
     */
    public AllSitesMergeProcessor(final AggregateSpec spec, final Duration startupWait, final RadShiftMetrics metrics) {
        this.spec = spec;
        this.startupWaitMs = startupWait.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, ClosedWindow> ctx) {
        this.context = ctx;
        this.pending = ctx.getStateStore(PENDING);
        this.emitted = ctx.getStateStore(EMITTED);
        this.late = ctx.getStateStore(LATE);
        this.members = ctx.getStateStore(MEMBERS);
        // Kafka Streams may initialise this instance again on stores rolled back to the last commit (a task revived
        // after an aborted transaction): nothing kept in memory may outlive that.
        cursors.clear();
        lowestPending.clear();
        ctx.schedule(STARTUP_CHECK, PunctuationType.WALL_CLOCK_TIME, wallNow -> emitStarted());
    }

    /** Emits what is complete for the kinds whose startup wait just ended (the records that started it are in). */
    private void emitStarted() {
        final List<String> starting = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = emitted.all()) {
            all.forEachRemaining(kv -> {
                if (kv.key.endsWith(StoreKeys.SEPARATOR + FIRST_SEEN)) {
                    starting.add(StoreKeys.kindOf(kv.key));
                }
            });
        }
        starting.forEach(this::emitComplete);
    }

    @Override
    public void process(final Record<String, WindowFeed> record) {
        if (record.value() instanceof SitePresence presence) {
            onPresence(presence);
            emitComplete(presence.windowKind());
        } else if (record.value() instanceof ClosedWindow site) {
            onSiteWindow(site);
            emitComplete(site.windowKind());
        }
    }

    private void onPresence(final SitePresence presence) {
        cursors.remove(presence.windowKind()); // a site that joins may be expected before the cursor
        final String key = StoreKeys.state(presence.windowKind(), presence.site());
        if (!presence.present()) {
            members.delete(key);
        } else if (members.get(key) == null) {
            members.put(key, new Member(presence.firstEnd(), Long.MIN_VALUE).toBytes());
        }
    }

    private void onSiteWindow(final ClosedWindow site) {
        final String memberKey = StoreKeys.state(site.windowKind(), site.site());
        final byte[] stored = members.get(memberKey);
        final Member member = stored == null ? new Member(site.end(), site.end()) : Member.fromBytes(stored).delivered(site.end());
        members.put(memberKey, member.toBytes());
        final Long lastEmitted = emitted.get(site.windowKind());
        if (lastEmitted != null && site.end() <= lastEmitted) {
            countLate(site);
            return;
        }
        pending.put(pendingKey(site.windowKind(), site.end()) + StoreKeys.SEPARATOR + site.site(), site.toBytes());
        lowestPending.computeIfPresent(site.windowKind(), (kind, lowest) -> Math.min(lowest, site.end()));
    }

    /** Emits, in order of end, every all-sites window of {@code kind} whose expected sites have all delivered. */
    private void emitComplete(final String kind) {
        if (!started(kind)) {
            return;
        }
        Optional<Long> next = lowestPendingEnd(kind);
        while (next.isPresent() && complete(kind, next.get())) {
            emit(kind, next.get());
            next = lowestPendingEnd(kind);
        }
    }

    /** Whether the view emitted a window of {@code kind} or waited {@code startupWait} since its first record. */
    private boolean started(final String kind) {
        if (emitted.get(kind) != null) {
            return true;
        }
        final String key = StoreKeys.state(kind, FIRST_SEEN);
        final Long firstSeen = emitted.get(key);
        final long now = context.currentSystemTimeMs();
        if (firstSeen == null) {
            emitted.put(key, now);
            return false;
        }
        return firstSeen + startupWaitMs <= now;
    }

    private Optional<Long> lowestPendingEnd(final String kind) {
        final long lowest = lowestPending.computeIfAbsent(kind, this::seekLowestPendingEnd);
        return lowest == Long.MAX_VALUE ? Optional.empty() : Optional.of(lowest);
    }

    /** The lowest pending end of {@code kind} in the store, sought from above the last emitted end. */
    private long seekLowestPendingEnd(final String kind) {
        final Long lastEmitted = emitted.get(kind);
        final String from = lastEmitted == null ? kind + StoreKeys.SEPARATOR : pendingKey(kind, lastEmitted + 1);
        try (KeyValueIterator<String, byte[]> first = pending.range(from, kind + StoreKeys.SEPARATOR + KEY_MAX)) {
            if (!first.hasNext()) {
                return Long.MAX_VALUE;
            }
            final String key = first.next().key;
            final int start = kind.length() + 1;
            return Long.parseLong(key.substring(start, key.indexOf(StoreKeys.SEPARATOR, start)));
        }
    }

    /** Whether every member expected for {@code end} (joined at or before it) has delivered it. */
    private boolean complete(final String kind, final long end) {
        final Cursor cursor = cursors.get(kind);
        final String from = cursor != null && cursor.end() == end ? cursor.member() : kind + StoreKeys.SEPARATOR;
        try (KeyValueIterator<String, byte[]> all = members.range(from, kind + StoreKeys.SEPARATOR + KEY_MAX)) {
            while (all.hasNext()) {
                final KeyValue<String, byte[]> kv = all.next();
                final Member member = Member.fromBytes(kv.value);
                if (member.firstEnd() <= end && member.latestEnd() < end) {
                    cursors.put(kind, new Cursor(end, kv.key));
                    return false;
                }
            }
        }
        cursors.remove(kind);
        return true;
    }

    /** Where a completeness check of the window ending {@code end} stopped. */
    private record Cursor(long end, String member) {
    }

    /** Merges the site windows of (kind, end) in site-id order, forwards the all-sites window and forgets them. */
    private void emit(final String kind, final long end) {
        final String prefix = pendingKey(kind, end) + StoreKeys.SEPARATOR;
        final List<KeyValue<String, byte[]>> pendingSites = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> range = pending.range(prefix, prefix + KEY_MAX)) {
            range.forEachRemaining(pendingSites::add);
        }
        final List<ClosedWindow> sites = new ArrayList<>(pendingSites.size());
        for (KeyValue<String, byte[]> site : pendingSites) {
            sites.add(ClosedWindow.fromBytes(site.value));
            pending.delete(site.key);
        }
        final ClosedWindow window = withMissedStudies(mergeAll(sites));
        context.forward(new Record<>(ClosedWindow.ALL_SITES, window, window.end()));
        emitted.put(kind, end);
        emitted.delete(StoreKeys.state(kind, FIRST_SEEN));
        lowestPending.remove(kind);
    }

    private static String pendingKey(final String kind, final long end) {
        return kind + StoreKeys.SEPARATOR + String.format("%020d", end);
    }

    /** A member site of one kind: the end of its first window and the latest end it delivered. */
    private record Member(long firstEnd, long latestEnd) {
        Member delivered(final long end) {
            return new Member(Math.min(firstEnd, end), Math.max(latestEnd, end));
        }

        byte[] toBytes() {
            return ByteBuffer.allocate(16).putLong(firstEnd).putLong(latestEnd).array();
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

    /**
     * The all-sites window of site windows given in site-id order: their aggregates decoded once, absorbed in that
     * order into the first and encoded once (the same sums in the same order as merging them pairwise, without
     * encoding and decoding the growing merge once per site).
     */
    private ClosedWindow mergeAll(final List<ClosedWindow> sites) {
        final ClosedWindow first = sites.get(0);
        if (sites.size() == 1) {
            return asAllSites(first);
        }
        final WindowAggregate merged = WindowAggregateCodec.fromBytes(first.aggregate(), spec);
        long lateDropped = first.lateDropped();
        long lastStudyTime = first.lastStudyTime();
        long watermark = first.watermark();
        int members = first.sites();
        for (final ClosedWindow site : sites.subList(1, sites.size())) {
            merged.absorb(WindowAggregateCodec.fromBytes(site.aggregate(), spec));
            lateDropped += site.lateDropped();
            lastStudyTime = Math.max(lastStudyTime, site.lastStudyTime());
            watermark = Math.max(watermark, site.watermark());
            members += site.sites();
        }
        return new ClosedWindow(ClosedWindow.ALL_SITES, first.windowKind(), first.start(), first.end(),
                WindowAggregateCodec.toBytes(merged), lateDropped, lastStudyTime, watermark, members);
    }
}
