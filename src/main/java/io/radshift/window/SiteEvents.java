package io.radshift.window;

import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;
import io.radshift.ingest.DeadLetters;
import io.radshift.ingest.SiteIds;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/** The small processors that wrap each source's records into a {@link SiteEvent} for the window aggregator. */
public final class SiteEvents {

    private SiteEvents() {
    }

    /** Wraps scored studies. */
    public static final class FromInferences extends ContextualProcessor<String, StudyInference, String, SiteEvent> {
        @Override
        public void process(final Record<String, StudyInference> record) {
            context().forward(record.withValue(new SiteEvent.Scored(record.value())));
        }
    }

    /** Wraps delayed ground truth. */
    public static final class FromLabels extends ContextualProcessor<String, StudyLabels, String, SiteEvent> {
        @Override
        public void process(final Record<String, StudyLabels> record) {
            context().forward(record.withValue(new SiteEvent.Labelled(record.value())));
        }
    }

    /**
     * Wraps dead-lettered studies (only those that came from the studies topic; a bad label or inference record
     * is not a study of the site) with their reason code. A dead letter keyed by an invalid site id (a 64 KB key,
     * no key) counts for no site: it would otherwise open window state, and metrics, for that key.
     */
    public static final class FromDeadLetters extends ContextualProcessor<byte[], byte[], String, SiteEvent> {
        private final String studiesTopic;

        public FromDeadLetters(final String studiesTopic) {
            this.studiesTopic = studiesTopic;
        }

        @Override
        public void process(final Record<byte[], byte[]> record) {
            final Header source = record.headers().lastHeader(DeadLetters.SOURCE_TOPIC);
            if (source == null || !studiesTopic.equals(new String(source.value(), StandardCharsets.UTF_8))) {
                return;
            }
            final String site = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            if (!SiteIds.valid(site)) {
                return; // refused for its site id or key: no site's window state may be keyed by it
            }
            context().forward(new Record<>(site, new SiteEvent.DeadLettered(DeadLetters.reason(record.headers())),
                    record.timestamp(), record.headers()));
        }
    }
}
