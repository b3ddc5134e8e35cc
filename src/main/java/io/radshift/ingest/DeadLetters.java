package io.radshift.ingest;

import io.radshift.ingest.serde.IncompatibleWriterSchemaException;
import io.radshift.ingest.serde.MalformedPayloadException;
import io.radshift.ingest.serde.UnknownSchemaIdException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The dead-letter topic's conventions, shared by everything that writes or reads it.
 *
 * <p>A dead-lettered record keeps its original key (the site id) and value bytes, so it can be replayed once
 * fixed, and carries two headers: {@link #REASON}, a short code from a fixed vocabulary (it becomes a metrics
 * tag and a WindowSummary count, so it must stay bounded), and {@link #MESSAGE}, the human explanation. The
 * message never contains image data or patient identifiers.
 */
public final class DeadLetters {

    /** Header with the reason code, e.g. {@code corrupt-image}. */
    public static final String REASON = "radshift.dead-letter.reason";
    /** Header with the human-readable explanation. */
    public static final String MESSAGE = "radshift.dead-letter.message";
    /** Header with the topic the record came from. */
    public static final String SOURCE_TOPIC = "radshift.dead-letter.source-topic";

    /** Reason of a payload whose schema id the registry does not know. */
    public static final String UNKNOWN_SCHEMA_ID = "unknown-schema-id";
    /** Reason of a payload that is not Confluent wire-format Avro. */
    public static final String MALFORMED_EVENT = "malformed-event";
    /**
     * Reason of a record whose value is null (a tombstone) on an input topic (studies, study-labels,
     * study-inferences): RadShift's inputs are events, never deletions.
     */
    public static final String TOMBSTONE = "tombstone";
    /** Reason of an Avro record of the wrong type or an unreadable schema evolution. */
    public static final String INCOMPATIBLE_SCHEMA = "incompatible-schema";
    /** Reason when no more specific code applies. */
    public static final String OTHER = "other";

    private DeadLetters() {
    }

    /** The reason code of a deserialization failure. */
    public static String reasonOf(final Throwable failure) {
        if (failure instanceof UnknownSchemaIdException) {
            return UNKNOWN_SCHEMA_ID;
        }
        if (failure instanceof MalformedPayloadException) {
            return MALFORMED_EVENT;
        }
        if (failure instanceof IncompatibleWriterSchemaException) {
            return INCOMPATIBLE_SCHEMA;
        }
        return OTHER;
    }

    /** Adds the dead-letter headers to {@code headers}. */
    public static Headers annotate(final Headers headers, final String reason, final String message, final String sourceTopic) {
        headers.remove(REASON);
        headers.remove(MESSAGE);
        headers.remove(SOURCE_TOPIC);
        headers.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(MESSAGE, String.valueOf(message).getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_TOPIC, String.valueOf(sourceTopic).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** The reason code of a dead-lettered record, {@link #OTHER} when the header is missing. */
    public static String reason(final Headers headers) {
        final Header header = headers.lastHeader(REASON);
        return header == null ? OTHER : new String(header.value(), StandardCharsets.UTF_8);
    }
}
