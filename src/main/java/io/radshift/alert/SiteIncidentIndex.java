package io.radshift.alert;

import io.radshift.avro.AlertKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The paging rule of the all-sites view {@code *}: an all-sites incident pages only when no single site's
 * incident in the same window scheme explains it.
 *
 * <p>A site explains it when, as of the all-sites window that opens it, the site holds evidence of a kind the
 * all-sites incident shows, in an open incident or in that same window (a site about to open: the all-sites view
 * has more studies than any site and can cross its k-of-m gate a window earlier). A silent site or a site with an
 * input-quality incident does not explain an embedding drift of all sites. Otherwise the incident is recorded with
 * {@code paging = false}: the on-call was paged for the site, and a second page for the same change seen through
 * the merged view is noise. An all-sites incident that no site explains (a drift that is material only when the
 * sites' studies are pooled, such as a model or protocol change reaching every site at once) pages, once its
 * evidence has held across a window length ({@link FleetConfirmation}).
 *
 * <p>Sites run ahead of the all-sites view (it waits for the other sites' windows; in a replay the sites close
 * many windows meanwhile), so {@link SiteIncidentTracker} keeps every site's statuses by window end and this rule
 * reads each site's status as of the all-sites window, then forgets the statuses that window made obsolete.
 */
public final class SiteIncidentIndex implements PagingRule {

    /** Store of the sites' {@link IncidentStatus}, {@code windowKind␟site␟windowEnd} (zero-padded) to its bytes. */
    public static final String STORE = "site-incidents";

    private static final char SEPARATOR = '\u001f';

    private final FleetConfirmation confirmation;
    private KeyValueStore<String, byte[]> statuses;

    /** The rule without confirmation: an unexplained all-sites incident opens as soon as its gate is met. */
    public SiteIncidentIndex() {
        this(FleetConfirmation.NONE);
    }

    /** The rule with the persistence an unexplained all-sites incident needs before it opens. */
    public SiteIncidentIndex(final FleetConfirmation confirmation) {
        this.confirmation = confirmation;
    }

    @Override
    public void init(final ProcessorContext<?, ?> context) {
        this.statuses = context.getStateStore(STORE);
    }

    @Override
    public List<String> explainedBy(final String windowKind, final long windowEnd, final Set<AlertKind> kinds) {
        final List<String> sites = new ArrayList<>();
        for (KeyValue<String, byte[]> latest : latestPerSite(windowKind, windowEnd).values()) {
            final IncidentStatus status = IncidentStatus.fromBytes(latest.value);
            if (status.explains(windowEnd, kinds)) {
                sites.add(status.site());
            }
        }
        return sites.stream().sorted().toList();
    }

    @Override
    public boolean mayOpenUnexplained(final String windowKind, final AlertEpisode gate, final int fireWindow) {
        return confirmation.confirmed(windowKind, gate, fireWindow);
    }

    /** Deletes the statuses older than each site's status as of the all-sites window just evaluated. */
    @Override
    public void evaluated(final String windowKind, final long windowEnd) {
        final Map<String, KeyValue<String, byte[]>> latest = latestPerSite(windowKind, windowEnd);
        final List<String> obsolete = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> scheme = scheme(windowKind)) {
            scheme.forEachRemaining(kv -> {
                final KeyValue<String, byte[]> keep = latest.get(site(kv.key));
                if (keep != null && kv.key.compareTo(keep.key) < 0) {
                    obsolete.add(kv.key);
                }
            });
        }
        obsolete.forEach(statuses::delete);
    }

    /** Each site's status with the largest window end at or before {@code windowEnd}. */
    private Map<String, KeyValue<String, byte[]>> latestPerSite(final String windowKind, final long windowEnd) {
        final Map<String, KeyValue<String, byte[]>> latest = new LinkedHashMap<>();
        try (KeyValueIterator<String, byte[]> scheme = scheme(windowKind)) {
            scheme.forEachRemaining(kv -> {
                if (end(kv.key) <= windowEnd) {
                    latest.put(site(kv.key), kv); // keys of a site are in order of window end
                }
            });
        }
        return latest;
    }

    private KeyValueIterator<String, byte[]> scheme(final String windowKind) {
        return statuses.prefixScan(windowKind + SEPARATOR, Serdes.String().serializer());
    }

    static String key(final IncidentStatus status) {
        return status.windowKind() + SEPARATOR + status.site() + SEPARATOR + String.format("%020d", status.windowEnd());
    }

    private static String site(final String key) {
        return key.substring(key.indexOf(SEPARATOR) + 1, key.lastIndexOf(SEPARATOR));
    }

    private static long end(final String key) {
        return Long.parseLong(key.substring(key.lastIndexOf(SEPARATOR) + 1));
    }
}
