package io.radshift.alert;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps, in the all-sites task, where every site's incident stands ({@link SiteIncidentIndex#STORE}), from the
 * {@link IncidentStatus} each site's lifecycle sends after every window, so that the all-sites lifecycle can
 * decide whether a site explains its incident. The store is changelogged, so a restart keeps the set.
 */
public final class SiteIncidentTracker implements Processor<String, IncidentStatus, Void, Void> {

    private KeyValueStore<String, byte[]> statuses;

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.statuses = context.getStateStore(SiteIncidentIndex.STORE);
    }

    @Override
    public void process(final Record<String, IncidentStatus> record) {
        final IncidentStatus status = record.value();
        final byte[] stored = statuses.get(SiteIncidentIndex.key(status));
        // A replayed or reordered older status must not overwrite a newer one.
        if (stored == null || IncidentStatus.fromBytes(stored).windowEnd() <= status.windowEnd()) {
            statuses.put(SiteIncidentIndex.key(status), status.toBytes());
        }
    }
}
