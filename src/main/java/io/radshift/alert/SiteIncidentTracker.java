package io.radshift.alert;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps, in the all-sites task, where every site's incident stands after each of its windows
 * ({@link SiteIncidentIndex#STORE}), from the {@link IncidentStatus} each site's lifecycle sends, so that the
 * all-sites lifecycle can decide whether a site explains its incident as of the same window. The store is
 * changelogged, so a restart keeps it; {@link SiteIncidentIndex} forgets the statuses it no longer needs.
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
        statuses.put(SiteIncidentIndex.key(status), status.toBytes());
    }
}
