package io.radshift.alert;

import io.radshift.avro.AlertKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The paging rule of the all-sites view {@code *}: an all-sites incident pages only when no single site's
 * incident in the same window scheme explains it.
 *
 * <p>A site explains it when the site holds evidence of a kind the all-sites incident shows, in an open incident
 * or in the same window (a site about to open: the all-sites view has more studies than any site and can cross
 * its k-of-m gate a window earlier). A silent site or a site with an input-quality incident does not explain an
 * embedding drift of all sites. Otherwise the incident is recorded with {@code paging = false}: the on-call was
 * paged for the site, and a second page for the same change seen through the merged view is noise. An all-sites
 * incident that no site explains (a drift that is material only when the sites' studies are pooled, such as a
 * model or protocol change reaching every site at once) pages.
 *
 * <p>Reads the store that {@link SiteIncidentTracker} keeps in the same task.
 */
public final class SiteIncidentIndex implements PagingRule {

    /** Store of the latest {@link IncidentStatus} of each site, {@code windowKind␟site} to its bytes. */
    public static final String STORE = "site-incidents";

    private static final char SEPARATOR = '\u001f';

    private KeyValueStore<String, byte[]> statuses;

    @Override
    public void init(final ProcessorContext<?, ?> context) {
        this.statuses = context.getStateStore(STORE);
    }

    @Override
    public List<String> explainedBy(final String windowKind, final long windowEnd, final Set<AlertKind> kinds) {
        final List<String> sites = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> scheme = statuses.prefixScan(windowKind + SEPARATOR, Serdes.String().serializer())) {
            scheme.forEachRemaining(kv -> {
                final IncidentStatus status = IncidentStatus.fromBytes(kv.value);
                if (status.explains(windowEnd, kinds)) {
                    sites.add(status.site());
                }
            });
        }
        return sites.stream().sorted().toList();
    }

    static String key(final IncidentStatus status) {
        return status.windowKind() + SEPARATOR + status.site();
    }
}
