package io.radshift.window;

import io.radshift.avro.StudyLabels;
import io.radshift.ingest.DeadLetters;
import io.radshift.ops.RadShiftMetrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ground truth for a study the monitor has not scored (yet): passes labels whose study has scores in
 * {@code study-scores} on to the window aggregator, holds the others, and dead-letters what can never be joined.
 *
 * <p>Labels may legitimately arrive before their inference: a radiologist's report can be filed while the image
 * still waits in an inference batch, or a hospital's label pipeline can run ahead after an outage of the monitor.
 * Such labels wait in the changelogged {@code pending-labels} store, keyed by study id, for the ground-truth
 * retention; when the study's inference arrives the aggregator joins them
 * ({@link PaneAggregatorProcessor}). Labels that cannot be joined go to the dead-letter topic with reason
 * {@value #WITHOUT_INFERENCE} and are counted in {@code radshift_dead_letters_total}: labels already older than the
 * retention on their site's clock when they arrive (the study's scores would have expired, or it was never seen),
 * and held labels whose study did not arrive within the retention (their site forgotten counts as expired).
 */
public final class LabelJoinProcessor extends ContextualProcessor<String, StudyLabels, String, StudyLabels> {

    /** Store of labels waiting for their study's inference, study id to arrival wall time and the labels' Avro binary. */
    public static final String PENDING_LABELS = "pending-labels";
    /** Dead-letter reason of labels whose study was not scored within the ground-truth retention. */
    public static final String WITHOUT_INFERENCE = "labels-without-inference";

    private static final Logger LOG = LoggerFactory.getLogger(LabelJoinProcessor.class);
    private static final Duration EXPIRY_CHECK = Duration.ofMinutes(1);

    private final long retentionMs;
    private final String joinedChild;
    private final String rejectedChild;
    private final String sourceTopic;
    private final RadShiftMetrics metrics;
    private KeyValueStore<String, byte[]> scores;
    private KeyValueStore<String, byte[]> clocks;
    private KeyValueStore<String, byte[]> pending;

    /**
     * @param groundTruthRetention how long labels and scores wait for each other, on the site's clock
     * @param sourceTopic          the labels topic (for the dead-letter headers)
     * @param joinedChild          the child that gets labels whose study has scores
     * @param rejectedChild        the dead-letter sink
     * @param metrics              counts dead-lettered labels
     */
    public LabelJoinProcessor(final Duration groundTruthRetention, final String sourceTopic, final String joinedChild,
                              final String rejectedChild, final RadShiftMetrics metrics) {
        this.retentionMs = groundTruthRetention.toMillis();
        this.sourceTopic = sourceTopic;
        this.joinedChild = joinedChild;
        this.rejectedChild = rejectedChild;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, StudyLabels> ctx) {
        super.init(ctx);
        this.scores = ctx.getStateStore(PaneAggregatorProcessor.STUDY_SCORES);
        this.clocks = ctx.getStateStore(PaneAggregatorProcessor.CLOCKS);
        this.pending = ctx.getStateStore(PENDING_LABELS);
        ctx.schedule(EXPIRY_CHECK, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(final Record<String, StudyLabels> record) {
        final StudyLabels labels = record.value();
        if (scores.get(labels.getStudyId()) != null) {
            context().forward(record, joinedChild);
        } else if (expired(labels, context().currentSystemTimeMs(), context().currentSystemTimeMs())) {
            reject(record, "labels arrived after the ground-truth retention and match no scored study");
        } else {
            final byte[] body = encode(labels);
            pending.put(labels.getStudyId(), ByteBuffer.allocate(Long.BYTES + body.length)
                    .putLong(context().currentSystemTimeMs()).put(body).array());
        }
    }

    /** Dead-letters held labels whose study did not come within the retention. */
    private void expire(final long wallNow) {
        final List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = pending.all()) {
            all.forEachRemaining(kv -> {
                final StudyLabels labels = held(kv.value);
                if (expired(labels, ByteBuffer.wrap(kv.value).getLong(), wallNow)) {
                    expired.add(kv.key);
                    reject(new Record<>(labels.getSiteId(), labels, labels.getEventTime().toEpochMilli()),
                            "no inference of the study arrived within the ground-truth retention");
                }
            });
        }
        expired.forEach(pending::delete);
    }

    /**
     * Whether labels are older than the retention on their site's clock. A site with no clock (not seen yet, or
     * forgotten after its silence) has no event time to judge them by: they wait for the retention of wall clock
     * from their arrival.
     */
    private boolean expired(final StudyLabels labels, final long arrivedWall, final long wallNow) {
        final byte[] clock = clocks.get(labels.getSiteId());
        return clock == null ? arrivedWall < wallNow - retentionMs
                : labels.getEventTime().toEpochMilli() < SiteClock.fromBytes(clock).now() - retentionMs;
    }

    private void reject(final Record<String, StudyLabels> record, final String message) {
        metrics.deadLettered(WITHOUT_INFERENCE);
        LOG.warn("Dead-lettering labels of {}: {} ({})", sourceTopic, WITHOUT_INFERENCE, message);
        context().forward(record.withHeaders(DeadLetters.annotate(new RecordHeaders(record.headers().toArray()),
                WITHOUT_INFERENCE, message, sourceTopic)), rejectedChild);
    }

    /** The labels' Avro binary encoding. */
    private static byte[] encode(final StudyLabels labels) {
        try {
            final ByteBuffer buffer = StudyLabels.getEncoder().encode(labels);
            final byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The labels of a {@code pending-labels} entry (after its arrival time). */
    static StudyLabels held(final byte[] entry) {
        try {
            return StudyLabels.getDecoder().decode(new ByteArrayInputStream(entry, Long.BYTES, entry.length - Long.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable pending labels", e);
        }
    }
}
