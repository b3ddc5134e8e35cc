package io.radshift.window;

import io.radshift.ingest.DeadLetters;
import io.radshift.ingest.SiteIds.Rejection;
import io.radshift.ops.RadShiftMetrics;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door of the monitoring stage for one source topic: a record that passes its check goes on to
 * {@code acceptedChild}; one that does not goes, unchanged and with the dead-letter headers (reason, message,
 * source topic), to {@code rejectedChild}, the dead-letter sink, and is counted. The stream goes on either way.
 *
 * @param <V> the record value type
 */
public final class InputGate<V> extends ContextualProcessor<String, V, String, V> {

    private static final Logger LOG = LoggerFactory.getLogger(InputGate.class);

    /** The check of one record. */
    @FunctionalInterface
    public interface Check<V> {
        /** Why the record keyed {@code key} with {@code value}, seen at wall-clock {@code wallNow}, is refused, or empty. */
        Optional<Rejection> apply(String key, V value, long wallNow);
    }

    private final Check<V> check;
    private final String sourceTopic;
    private final String acceptedChild;
    private final String rejectedChild;
    private final RadShiftMetrics metrics;

    /** A gate applying {@code check} to the records of {@code sourceTopic}. */
    public InputGate(final Check<V> check, final String sourceTopic,
                     final String acceptedChild, final String rejectedChild, final RadShiftMetrics metrics) {
        this.check = check;
        this.sourceTopic = sourceTopic;
        this.acceptedChild = acceptedChild;
        this.rejectedChild = rejectedChild;
        this.metrics = metrics;
    }

    @Override
    public void process(final Record<String, V> record) {
        final Optional<Rejection> rejection = check.apply(record.key(), record.value(), context().currentSystemTimeMs());
        if (rejection.isEmpty()) {
            context().forward(record, acceptedChild);
            return;
        }
        final Rejection r = rejection.get();
        metrics.deadLettered(r.reason());
        LOG.warn("Dead-lettering a record of {}: {} ({})", sourceTopic, r.reason(), r.message());
        context().forward(record.withHeaders(DeadLetters.annotate(new RecordHeaders(record.headers().toArray()),
                r.reason(), r.message(), sourceTopic)), rejectedChild);
    }
}
