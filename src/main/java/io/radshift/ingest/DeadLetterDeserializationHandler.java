package io.radshift.ingest;

import io.radshift.ingest.serde.UndecodableRecordException;
import io.radshift.ops.RadShiftMetrics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records that cannot be deserialized (unknown schema id, not Confluent wire format, wrong record type)
 * to the dead-letter topic with a reason, counts them, and lets the stream go on.
 *
 * <p>A Schema Registry outage is not a bad record: those failures stop the stream thread (and are retried by
 * its replacement) instead of dead-lettering good data. Configure with {@link #DEAD_LETTER_TOPIC} and, for
 * metrics, {@link #METRICS} holding a {@link RadShiftMetrics} instance.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    /** Config key of the dead-letter topic name. */
    public static final String DEAD_LETTER_TOPIC = "radshift.dead.letter.topic";
    /** Config key of the {@link RadShiftMetrics} instance (an object, not a string). */
    public static final String METRICS = "radshift.metrics";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private String topic;
    private RadShiftMetrics metrics = RadShiftMetrics.discarding();

    @Override
    public void configure(final Map<String, ?> configs) {
        final Object name = configs.get(DEAD_LETTER_TOPIC);
        if (name == null) {
            throw new IllegalArgumentException(DEAD_LETTER_TOPIC + " must name the dead-letter topic");
        }
        this.topic = name.toString();
        if (configs.get(METRICS) instanceof RadShiftMetrics configured) {
            this.metrics = configured;
        }
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record,
                                final Exception exception) {
        if (!(exception instanceof UndecodableRecordException)) {
            LOG.error("cannot deserialize a record of {}-{} at offset {}: {}; stopping the thread instead of dead-lettering it",
                    context.topic(), context.partition(), context.offset(), exception.getMessage());
            return Response.fail();
        }
        final String reason = DeadLetters.reasonOf(exception);
        metrics.deadLettered(reason);
        LOG.warn("dead-lettering record {}-{}@{}: {}", context.topic(), context.partition(), context.offset(), exception.getMessage());
        final RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetters.annotate(headers, reason, exception.getMessage(), context.topic());
        return Response.resume(List.of(new ProducerRecord<>(topic, null, record.timestamp(), record.key(), record.value(), headers)));
    }
}
