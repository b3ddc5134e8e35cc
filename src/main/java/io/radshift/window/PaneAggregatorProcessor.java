package io.radshift.window;

import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;
import io.radshift.config.RadShiftConfig;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.AggregateSpec;
import io.radshift.stats.AggregateUpdate;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.WindowAggregateCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the per-site event-time panes of every configured window kind and closes each site's windows on that
 * site's own event-time clock ({@link SiteClock}).
 *
 * <p>Studies go into one pane per window kind (a mergeable {@link WindowAggregate}, kept as a base plus a journal
 * of the updates since, {@link PaneJournal}); a window is the merge of its panes. A site's clock is the latest event time of its own studies (dead-lettered ones included: they were
 * sent), kept in the changelogged {@code site-clocks} store, so it belongs to the application, moves with the
 * task and survives restarts; no other site's clock, however far ahead or behind, closes, holds back or silences
 * its windows. A quiet site's clock runs on with the wall clock after {@code detection.idleTimeout} (see
 * {@link SiteClock#idle}), so its last windows close and site-silent is raised, also after a restart during the
 * outage. Its silence counts only as far as the task's input has been processed ({@link Backlog}), so a task that
 * moved or restarted processes the studies waiting for it before it takes any of its sites for quiet. A study that
 * moves its site's clock past a window's {@code end + grace} closes that window at once, in the same transaction;
 * a quiet site's windows close from a wall-clock punctuator that applies the idle rule every tenth of
 * {@code detection.idleTimeout} (between {@link #MIN_CLOSE_CHECK} and {@link #MAX_CLOSE_CHECK}), so that the check
 * adds at most a tenth to the wait the idle rule itself imposes.
 *
 * <p>A study whose earliest window has already closed on its site's clock (an archive replayed behind the site's
 * live stream, a study delayed past the grace) is late: it is not added, but counted, per window kind, in the
 * {@code lateDropped} of the site's next window and in {@code radshift_studies_late_dropped_total}, so nothing is
 * lost silently. Ground truth arriving later is matched by study id to the scores kept in {@code study-scores}
 * and counted in the pane of its own arrival time; ground truth that arrived first waits in {@code pending-labels}
 * ({@link LabelJoinProcessor}) and is joined when the study's inference is processed.
 *
 * <p>A site silent on its own clock for {@code detection.siteStateRetention} is forgotten: its clock, window
 * progress and panes are removed once its last windows have closed (the retention is at least every window's size
 * plus grace), so state stays bounded by the sites that are sending. A site that returns starts afresh.
 */
public final class PaneAggregatorProcessor implements Processor<String, SiteEvent, String, WindowFeed> {

    /** Store of panes, {@code kind␟site␟paneStart} to aggregate bytes. */
    public static final String PANES = "window-panes";
    /** Store of the updates to each pane since its base in {@link #PANES}, {@code paneKey␟seq} ({@link PaneJournal}). */
    public static final String PANE_JOURNAL = "window-pane-journal";
    /** The most updates a pane's journal holds: the next one folds them into the pane's base. */
    public static final int JOURNAL_LIMIT = PaneJournal.FOLD_AFTER - 1;
    /** Store of per-(kind, site) progress. */
    public static final String STATE = "window-state";
    /** Store of scores by study id, waiting for ground truth. */
    public static final String STUDY_SCORES = "study-scores";
    /** Store of how many entries each site holds in {@link #STUDY_SCORES}, site to a long. */
    public static final String SCORES_PER_SITE = "study-scores-per-site";
    /** Store of each site's event-time clock, site to {@link SiteClock} bytes. */
    public static final String CLOCKS = "site-clocks";

    private static final Logger LOG = LoggerFactory.getLogger(PaneAggregatorProcessor.class);
    /** The shortest period of the idle rule's check: it reads every site clock of the task. */
    static final Duration MIN_CLOSE_CHECK = Duration.ofMillis(100);
    /** The longest period of the idle rule's check. */
    static final Duration MAX_CLOSE_CHECK = Duration.ofSeconds(1);
    private static final Duration PURGE_CHECK = Duration.ofMinutes(1);
    private static final int MAX_WINDOWS_PER_CHECK = 10_000;
    /**
     * Decoded panes kept per task ({@link PaneJournal}): the live panes of both window kinds of some eighty sites with
     * a 24-pane sliding window; a pane not kept is decoded and its journal (fewer than 32 updates) replayed.
     */
    private static final int DECODED_PANES = 2_048;

    private final List<WindowScheme> schemes;
    private final AggregateSpec spec;
    private final long idleTimeoutMs;
    private final long maxFutureSkewMs;
    private final long siteRetentionMs;
    private final long labelRetentionMs;
    private final int maxScoresPerSite;
    private final RadShiftMetrics metrics;

    private final String allSitesChild;
    private final Backlog backlog;

    private ProcessorContext<String, WindowFeed> context;
    private KeyValueStore<String, byte[]> panes;
    private PaneJournal paneJournal;
    private KeyValueStore<String, byte[]> state;
    private KeyValueStore<String, byte[]> studyScores;
    private KeyValueStore<String, byte[]> clocks;
    private KeyValueStore<String, byte[]> pendingLabels;
    private KeyValueStore<String, byte[]> scoresPerSite;
    private long taskStartWall;

    /**
     * @param schemes   the configured window kinds
     * @param spec      aggregate layout of the reference profile
     * @param detection idle timeout, plausible future skew, site-state and ground-truth retention
     * @param metrics   late and invalid records
     * @param allSitesChild the child that feeds the all-sites view: it alone gets the sites' {@link SitePresence}
     */
    public PaneAggregatorProcessor(final List<WindowScheme> schemes, final AggregateSpec spec,
                                   final RadShiftConfig.Detection detection, final RadShiftMetrics metrics,
                                   final String allSitesChild) {
        this(schemes, spec, detection, metrics, allSitesChild, Backlog.NONE);
    }

    /**
     * As {@link #PaneAggregatorProcessor(List, AggregateSpec, RadShiftConfig.Detection, RadShiftMetrics, String)},
     * with the {@code backlog} of the task's input, which holds the idle rule back.
     */
    public PaneAggregatorProcessor(final List<WindowScheme> schemes, final AggregateSpec spec,
                                   final RadShiftConfig.Detection detection, final RadShiftMetrics metrics,
                                   final String allSitesChild, final Backlog backlog) {
        this.schemes = List.copyOf(schemes);
        this.spec = spec;
        this.idleTimeoutMs = detection.idleTimeout().toMillis();
        this.maxFutureSkewMs = detection.maxFutureSkew().toMillis();
        this.siteRetentionMs = detection.siteStateRetention().toMillis();
        this.labelRetentionMs = detection.groundTruthRetention().toMillis();
        this.maxScoresPerSite = detection.maxScoresPerSite();
        this.metrics = metrics;
        this.allSitesChild = allSitesChild;
        this.backlog = backlog;
    }

    @Override
    public void init(final ProcessorContext<String, WindowFeed> ctx) {
        this.context = ctx;
        this.panes = ctx.getStateStore(PANES);
        this.state = ctx.getStateStore(STATE);
        this.studyScores = ctx.getStateStore(STUDY_SCORES);
        this.clocks = ctx.getStateStore(CLOCKS);
        // New after every restore: decoded panes are kept only for what this initialisation wrote or read.
        this.paneJournal = new PaneJournal(panes, ctx.getStateStore(PANE_JOURNAL), spec, DECODED_PANES);
        this.pendingLabels = ctx.getStateStore(LabelJoinProcessor.PENDING_LABELS);
        this.scoresPerSite = ctx.getStateStore(SCORES_PER_SITE);
        // Idle time counts only from here: a task that moved or restarted processes its backlog first.
        this.taskStartWall = ctx.currentSystemTimeMs();
        ctx.schedule(closeCheck(idleTimeoutMs), PunctuationType.WALL_CLOCK_TIME, this::closeDueWindows);
        ctx.schedule(PURGE_CHECK, PunctuationType.WALL_CLOCK_TIME, this::purgeExpiredScores);
    }

    @Override
    public void process(final Record<String, SiteEvent> record) {
        final SiteEvent event = record.value();
        if (event instanceof SiteEvent.Scored scored) {
            onScored(scored.inference());
        } else if (event instanceof SiteEvent.Labelled labelled) {
            onLabelled(labelled.labels());
        } else if (event instanceof SiteEvent.DeadLettered dead) {
            onDeadLettered(siteOf(record.key()), record.timestamp(), dead.reason());
        }
    }

    /**
     * How often the idle rule and the windows due are checked: a tenth of {@code idleTimeoutMs}, between
     * {@link #MIN_CLOSE_CHECK} and {@link #MAX_CLOSE_CHECK}.
     */
    static Duration closeCheck(final long idleTimeoutMs) {
        return Duration.ofMillis(Math.max(MIN_CLOSE_CHECK.toMillis(), Math.min(MAX_CLOSE_CHECK.toMillis(), idleTimeoutMs / 10)));
    }

    private void onScored(final StudyInference inference) {
        final long t = inference.getEventTime().toEpochMilli();
        final String site = inference.getSiteId();
        final SiteClock clock = observe(site, t);
        if (clock != null) {
            keepScores(site, t, inference);
            updatePanes(site, t, new AggregateUpdate.Study(StudyObservations.of(inference)));
            joinPendingLabels(inference.getStudyId());
            closeDueAt(site, clock);
        }
    }

    /**
     * Keeps the study's scores for its ground truth, unless its site already holds {@code detection.maxScoresPerSite}
     * of them (counted): the store grows with a site's volume times the retention, and a site sending far more than
     * it labels must not grow it without bound.
     */
    private void keepScores(final String site, final long t, final StudyInference inference) {
        if (studyScores.get(inference.getStudyId()) == null) {
            final long held = scoresHeld(site);
            if (held >= maxScoresPerSite) {
                metrics.scoresOverflow(site);
                return;
            }
            scoresPerSite.put(site, ByteBuffer.allocate(Long.BYTES).putLong(held + 1).array());
        }
        studyScores.put(inference.getStudyId(), scoresEntry(t, site, inference));
    }

    private long scoresHeld(final String site) {
        final byte[] held = scoresPerSite.get(site);
        return held == null ? 0 : ByteBuffer.wrap(held).getLong();
    }

    /** One scores entry of {@code site} was removed. */
    private void releaseScores(final String site) {
        final long left = scoresHeld(site) - 1;
        if (left <= 0) {
            scoresPerSite.delete(site);
        } else {
            scoresPerSite.put(site, ByteBuffer.allocate(Long.BYTES).putLong(left).array());
        }
    }

    /** Labels that arrived before their study's inference ({@link LabelJoinProcessor}) join it now. */
    private void joinPendingLabels(final String studyId) {
        final byte[] held = pendingLabels.get(studyId);
        if (held != null) {
            pendingLabels.delete(studyId);
            onLabelled(LabelJoinProcessor.held(held));
        }
    }

    private void onLabelled(final StudyLabels labels) {
        final byte[] entry = studyScores.get(labels.getStudyId());
        if (entry == null || clocks.get(labels.getSiteId()) == null) {
            metrics.deadLettered(LabelJoinProcessor.WITHOUT_INFERENCE);
            return;
        }
        final float[] scores = scoresOf(entry);
        final boolean[][] truth = StudyObservations.truth(labels, spec.labels());
        final long t = labels.getEventTime().toEpochMilli();
        if (plausible(t)) {
            updatePanes(labels.getSiteId(), t, new AggregateUpdate.Truth(scores, truth[0], truth[1]));
        }
    }

    private void onDeadLettered(final String site, final long timestamp, final String reason) {
        final SiteClock clock = observe(site, timestamp);
        if (clock != null) {
            updatePanes(site, timestamp, new AggregateUpdate.DeadLetter(reason));
            closeDueAt(site, clock);
        }
    }

    /**
     * Closes the windows of {@code site} that its clock, just moved by one of its records, has passed: at once, in
     * the record's transaction, instead of at the next check. So a study that arrives behind its site's clock by
     * more than the grace is late whether or not a check ran in between: what a live window holds depends on the
     * order of the site's records, not on when a wall-clock check happened to run between them. Costs one read of
     * the window progress per window scheme and record.
     */
    private void closeDueAt(final String site, final SiteClock clock) {
        int budget = MAX_WINDOWS_PER_CHECK;
        for (WindowScheme scheme : schemes) {
            budget = closeDue(scheme, site, clock.now(), budget);
        }
    }

    /** Advances the site's clock with a study it sent; null (and counted) for an implausible time. */
    private SiteClock observe(final String site, final long eventTime) {
        if (!plausible(eventTime)) {
            return null;
        }
        final long wall = context.currentSystemTimeMs();
        final byte[] stored = clocks.get(site);
        final SiteClock clock = stored == null ? SiteClock.first(eventTime, wall) : SiteClock.fromBytes(stored).observe(eventTime, wall);
        clocks.put(site, clock.toBytes());
        if (stored == null) {
            // Tells the all-sites view to wait for this site's windows from its first one on.
            for (WindowScheme scheme : schemes) {
                announce(SitePresence.joined(site, scheme.name(), scheme.firstWindowEndContaining(eventTime)), eventTime);
            }
        }
        return clock;
    }

    /** The gates dead-letter implausible studies and labels; a dead-lettered study's timestamp is checked here. */
    private boolean plausible(final long eventTime) {
        if (InputChecks.plausible(eventTime, context.currentSystemTimeMs(), maxFutureSkewMs)) {
            return true;
        }
        metrics.deadLettered("invalid-event-time");
        return false;
    }

    /** Applies {@code update} to the pane holding {@code t} of every window kind, or counts the study as late. */
    private void updatePanes(final String site, final long t, final AggregateUpdate update) {
        for (WindowScheme scheme : schemes) {
            final String stateKey = StoreKeys.state(scheme.name(), site);
            final byte[] stored = state.get(stateKey);
            final WindowState current = stored == null ? WindowState.first(t) : WindowState.fromBytes(stored);
            if (current.isLate(scheme, t)) {
                state.put(stateKey, current.late().toBytes());
                metrics.lateDropped(site, scheme.name());
                continue;
            }
            state.put(stateKey, current.seen(t).toBytes());
            paneJournal.apply(StoreKeys.pane(scheme.name(), site, scheme.paneStart(t)), update);
        }
    }

    /**
     * Per site: the idle rule, then every window due on the site's clock; forgets sites silent past retention. The
     * idle rule counts a site's silence only up to the time by which the task's input is processed ({@link Backlog}):
     * a quiet site may have studies waiting behind a backlog, and its clock, which then stands still, catches up with
     * the whole silence once the backlog is processed.
     */
    private void closeDueWindows(final long wallNow) {
        final List<KeyValue<String, byte[]>> sites = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = clocks.all()) {
            all.forEachRemaining(sites::add);
        }
        if (sites.isEmpty()) {
            return;
        }
        final long processedThrough = backlog.processedThrough(context.taskId().partition());
        int budget = MAX_WINDOWS_PER_CHECK;
        for (KeyValue<String, byte[]> entry : sites) {
            final SiteClock stored = SiteClock.fromBytes(entry.value);
            final SiteClock clock = stored.idle(wallNow, idleTimeoutMs, taskStartWall, processedThrough);
            if (!clock.equals(stored)) {
                clocks.put(entry.key, clock.toBytes());
            }
            for (WindowScheme scheme : schemes) {
                budget = closeDue(scheme, entry.key, clock.now(), budget);
            }
            if (budget > 0 && clock.silentFor() >= siteRetentionMs) {
                forget(entry.key, clock);
            }
        }
    }

    /** Closes the windows of one (kind, site) whose end plus grace the site's clock passed; returns the budget left. */
    private int closeDue(final WindowScheme scheme, final String site, final long now, final int budget) {
        final String key = StoreKeys.state(scheme.name(), site);
        final byte[] stored = state.get(key);
        if (stored == null) {
            return budget;
        }
        int left = budget;
        WindowState current = WindowState.fromBytes(stored);
        for (long end = current.nextEnd(scheme); end + scheme.graceMs() <= now && left > 0; end = scheme.nextWindowEnd(end)) {
            left--;
            emit(scheme, site, end, current, now);
            current = current.closed(end);
            state.put(key, current.toBytes());
            purgePanesBefore(scheme, site, scheme.windowStart(scheme.nextWindowEnd(end)));
        }
        return left;
    }

    /** Removes a long-silent site's clock, window progress and panes. */
    private void forget(final String site, final SiteClock clock) {
        for (WindowScheme scheme : schemes) {
            state.delete(StoreKeys.state(scheme.name(), site));
            purgePanesBefore(scheme, site, Long.MAX_VALUE);
            announce(SitePresence.left(site, scheme.name()), clock.now());
        }
        clocks.delete(site);
        metrics.siteForgotten(site);
        LOG.info("Forgot the window state of site {}: silent for {} of its event time (detection.siteStateRetention)",
                site, Duration.ofMillis(clock.silentFor()));
    }

    /** Sends a site's presence to the all-sites view only (the detector evaluates windows). */
    private void announce(final SitePresence presence, final long timestamp) {
        context.forward(new Record<String, WindowFeed>(presence.site(), presence, timestamp), allSitesChild);
    }

    private void emit(final WindowScheme scheme, final String site, final long end, final WindowState current, final long now) {
        final long start = scheme.windowStart(end);
        final WindowAggregate window = WindowAggregate.empty(spec);
        try (KeyValueIterator<String, byte[]> range = panes.range(
                StoreKeys.pane(scheme.name(), site, scheme.paneStart(start)), StoreKeys.pane(scheme.name(), site, end - 1))) {
            while (range.hasNext()) {
                final KeyValue<String, byte[]> pane = range.next();
                window.absorb(paneJournal.read(pane.key, pane.value));
            }
        }
        final ClosedWindow closed = new ClosedWindow(site, scheme.name(), start, end, WindowAggregateCodec.toBytes(window),
                current.lateDropped(), current.lastStudyTime(), now, 1);
        context.forward(new Record<>(site, closed, end));
    }

    private void purgePanesBefore(final WindowScheme scheme, final String site, final long keepFrom) {
        final List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> range = panes.range(
                StoreKeys.pane(scheme.name(), site, 0), StoreKeys.pane(scheme.name(), site, keepFrom - 1))) {
            range.forEachRemaining(kv -> expired.add(kv.key));
        }
        expired.forEach(paneJournal::delete);
    }

    /**
     * Drops scores whose ground truth did not come within {@code detection.groundTruthRetention} on their site's
     * clock, and those of forgotten sites.
     */
    private void purgeExpiredScores(final long wallNow) {
        final List<KeyValue<String, String>> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = studyScores.all()) {
            all.forEachRemaining(kv -> {
                final String site = siteOfEntry(kv.value);
                final byte[] clock = site == null ? null : clocks.get(site);
                // An entry from before entries carried their site ages on the wall clock; a forgotten site's goes.
                final long now = site == null ? wallNow : clock == null ? Long.MAX_VALUE : SiteClock.fromBytes(clock).now();
                if (ByteBuffer.wrap(kv.value).getLong() < now - labelRetentionMs) {
                    expired.add(KeyValue.pair(kv.key, site));
                }
            });
        }
        for (KeyValue<String, String> entry : expired) {
            studyScores.delete(entry.key);
            if (entry.value != null) {
                releaseScores(entry.value);
            }
        }
    }

    private WindowScheme scheme(final String name) {
        return schemes.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    private static String siteOf(final String key) {
        return key == null || key.isBlank() ? "unknown" : key;
    }

    /** Event time, scores and site of a study, kept until its labels arrive or the retention passes. */
    private static byte[] scoresEntry(final long eventTime, final String site, final StudyInference inference) {
        final float[] scores = StudyObservations.scores(inference.getScores());
        final byte[] siteBytes = site.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer b = ByteBuffer.allocate(8 + 4 * scores.length + siteBytes.length).putLong(eventTime);
        for (float s : scores) {
            b.putFloat(s);
        }
        return b.put(siteBytes).array();
    }

    private float[] scoresOf(final byte[] entry) {
        final ByteBuffer b = ByteBuffer.wrap(entry);
        b.getLong();
        final float[] scores = new float[spec.labels().size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = b.getFloat();
        }
        return scores;
    }

    /** The site of a scores entry, or null for an entry written before entries carried it. */
    private String siteOfEntry(final byte[] entry) {
        final int offset = 8 + 4 * spec.labels().size();
        return entry.length > offset ? new String(entry, offset, entry.length - offset, StandardCharsets.UTF_8) : null;
    }
}
