package io.radshift.window;

import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.AggregateSpec;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.WindowAggregateCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the per-site event-time panes of every configured window kind and closes windows when the shared
 * {@link Watermark} passes their end plus grace.
 *
 * <p>Studies go into one pane per window kind (a mergeable {@link WindowAggregate}); a window is the merge of
 * its panes. A study whose earliest window has already closed is dropped and counted: the count travels with
 * the next closed window and to the metrics, so nothing is lost silently. Windows close from a wall-clock
 * punctuator, not only when the site sends another study, so a verdict comes within about a second of
 * {@code end + grace} even for a site that went quiet. Ground truth arriving later is matched by study id to
 * the scores kept in {@code study-scores} and counted in the pane of its own arrival time.
 */
public final class PaneAggregatorProcessor implements Processor<String, SiteEvent, String, ClosedWindow> {

    /** Store of panes, {@code kind␟site␟paneStart} to aggregate bytes. */
    public static final String PANES = "window-panes";
    /** Store of per-(kind, site) progress. */
    public static final String STATE = "window-state";
    /** Store of scores by study id, waiting for ground truth. */
    public static final String STUDY_SCORES = "study-scores";

    private static final Duration CLOSE_CHECK = Duration.ofSeconds(1);
    private static final Duration PURGE_CHECK = Duration.ofMinutes(1);
    private static final int MAX_WINDOWS_PER_CHECK = 10_000;

    private final List<WindowScheme> schemes;
    private final AggregateSpec spec;
    private final Watermark watermark;
    private final long labelRetentionMs;
    private final RadShiftMetrics metrics;

    private ProcessorContext<String, ClosedWindow> context;
    private KeyValueStore<String, byte[]> panes;
    private KeyValueStore<String, byte[]> state;
    private KeyValueStore<String, byte[]> studyScores;

    public PaneAggregatorProcessor(final List<WindowScheme> schemes, final AggregateSpec spec, final Watermark watermark,
                                   final Duration labelRetention, final RadShiftMetrics metrics) {
        this.schemes = List.copyOf(schemes);
        this.spec = spec;
        this.watermark = watermark;
        this.labelRetentionMs = labelRetention.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, ClosedWindow> ctx) {
        this.context = ctx;
        this.panes = ctx.getStateStore(PANES);
        this.state = ctx.getStateStore(STATE);
        this.studyScores = ctx.getStateStore(STUDY_SCORES);
        ctx.schedule(CLOSE_CHECK, PunctuationType.WALL_CLOCK_TIME, this::closeDueWindows);
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

    private void onScored(final StudyInference inference) {
        final long t = inference.getEventTime().toEpochMilli();
        final String site = inference.getSiteId();
        watermark.observe(context.taskId().toString(), t, context.currentSystemTimeMs());
        studyScores.put(inference.getStudyId(), scoresEntry(t, inference));
        updatePanes(site, t, aggregate -> aggregate.add(StudyObservations.of(inference)));
    }

    private void onLabelled(final StudyLabels labels) {
        final byte[] entry = studyScores.get(labels.getStudyId());
        if (entry == null) {
            metrics.deadLettered("labels-without-inference");
            return;
        }
        final float[] scores = scoresOf(entry);
        final boolean[][] truth = StudyObservations.truth(labels, spec.labels());
        updatePanes(labels.getSiteId(), labels.getEventTime().toEpochMilli(),
                aggregate -> aggregate.truth().add(scores, truth[0], truth[1]));
    }

    private void onDeadLettered(final String site, final long timestamp, final String reason) {
        updatePanes(site, timestamp, aggregate -> aggregate.addDeadLetter(reason));
    }

    /** Applies {@code update} to the pane holding {@code t} of every window kind, or counts the study as late. */
    private void updatePanes(final String site, final long t, final Consumer<WindowAggregate> update) {
        if (t < 0) {
            metrics.deadLettered("invalid-event-time");
            return;
        }
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
            final String paneKey = StoreKeys.pane(scheme.name(), site, scheme.paneStart(t));
            final WindowAggregate pane = decode(panes.get(paneKey));
            update.accept(pane);
            panes.put(paneKey, WindowAggregateCodec.toBytes(pane));
        }
    }

    private void closeDueWindows(final long wallNow) {
        final long now = watermark.current(wallNow);
        if (now == Long.MIN_VALUE) {
            return;
        }
        final List<KeyValue<String, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = state.all()) {
            all.forEachRemaining(entries::add);
        }
        int budget = MAX_WINDOWS_PER_CHECK;
        for (KeyValue<String, byte[]> entry : entries) {
            final WindowScheme scheme = scheme(StoreKeys.kindOf(entry.key));
            if (scheme == null) {
                continue; // a window kind removed from the configuration
            }
            WindowState current = WindowState.fromBytes(entry.value);
            final String site = StoreKeys.siteOf(entry.key);
            for (long end = current.nextEnd(scheme); end + scheme.graceMs() <= now && budget-- > 0; end = scheme.nextWindowEnd(end)) {
                emit(scheme, site, end, current, now);
                current = current.closed(end);
                state.put(entry.key, current.toBytes());
                purgePanesBefore(scheme, site, scheme.windowStart(scheme.nextWindowEnd(end)));
            }
        }
    }

    private void emit(final WindowScheme scheme, final String site, final long end, final WindowState current, final long now) {
        final long start = scheme.windowStart(end);
        WindowAggregate window = WindowAggregate.empty(spec);
        try (KeyValueIterator<String, byte[]> range = panes.range(
                StoreKeys.pane(scheme.name(), site, scheme.paneStart(start)), StoreKeys.pane(scheme.name(), site, end - 1))) {
            while (range.hasNext()) {
                window = window.merge(decode(range.next().value));
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
        expired.forEach(panes::delete);
    }

    private void purgeExpiredScores(final long wallNow) {
        final long now = watermark.current(wallNow);
        if (now == Long.MIN_VALUE) {
            return;
        }
        final List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = studyScores.all()) {
            all.forEachRemaining(kv -> {
                if (ByteBuffer.wrap(kv.value).getLong() < now - labelRetentionMs) {
                    expired.add(kv.key);
                }
            });
        }
        expired.forEach(studyScores::delete);
    }

    private WindowScheme scheme(final String name) {
        return schemes.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    private WindowAggregate decode(final byte[] bytes) {
        return bytes == null ? WindowAggregate.empty(spec) : WindowAggregateCodec.fromBytes(bytes, spec);
    }

    private static String siteOf(final String key) {
        return key == null || key.isBlank() ? "unknown" : key;
    }

    /** Event time and scores of a study, kept until its labels arrive or the retention passes. */
    private static byte[] scoresEntry(final long eventTime, final StudyInference inference) {
        final float[] scores = StudyObservations.scores(inference.getScores());
        final ByteBuffer b = ByteBuffer.allocate(8 + 4 * scores.length).putLong(eventTime);
        for (float s : scores) {
            b.putFloat(s);
        }
        return b.array();
    }

    private static float[] scoresOf(final byte[] entry) {
        final ByteBuffer b = ByteBuffer.wrap(entry);
        b.getLong();
        final float[] scores = new float[b.remaining() / 4];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = b.getFloat();
        }
        return scores;
    }
}
