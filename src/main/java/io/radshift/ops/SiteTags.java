package io.radshift.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values the {@code site} tag of a metric may take, so that the number of series stays bounded whatever sites
 * send: a site id comes from the hospital, and every distinct value is a new series in every site metric.
 *
 * <p>With a configured list of sites, only those (and {@link #ALL_SITES}) are tag values; with none, the first
 * {@code maxSites} sites seen are. Any other site is reported as {@link #OTHER}, which no valid site id can equal
 * (site ids start with a letter or a digit), so an overflow never merges into a real site's series. A site not seen
 * for {@code staleAfter} is {@link #expire() expired}: its series can be removed and its slot goes to the next new
 * site, so sites that moved to another instance or closed do not keep stale values, or slots, for ever.
 */
public final class SiteTags {

    /** The tag value of every site beyond the configured list or the cap. */
    public static final String OTHER = "_other";
    /** The all-sites view's site id; always a tag value of its own. */
    public static final String ALL_SITES = "*";

    private final Set<String> configured;
    private final int maxSites;
    private final Duration staleAfter;
    private final Clock clock;
    /** When each tag value, {@link #OTHER} included, was last used. */
    private final Map<String, Instant> lastSeen = new HashMap<>();
    /** Tag values in {@link #lastSeen} that hold a site slot (not {@link #OTHER} nor {@link #ALL_SITES}). */
    private int ownValues;

    /**
     * @param configured the sites that get a tag value of their own; empty for the first {@code maxSites} seen
     * @param maxSites   how many sites get a tag value of their own when none are configured
     * @param staleAfter how long a site may go unseen before its series are removed
     * @param clock      the wall clock
     */
    public SiteTags(final Set<String> configured, final int maxSites, final Duration staleAfter, final Clock clock) {
        if (maxSites < 1) {
            throw new IllegalArgumentException("maxSites must be positive, got " + maxSites);
        }
        if (staleAfter.isZero() || staleAfter.isNegative()) {
            throw new IllegalArgumentException("staleAfter must be positive, got " + staleAfter);
        }
        this.configured = Set.copyOf(configured);
        this.maxSites = maxSites;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    /** The defaults: no configured list, 100 sites, stale after 7 days, the system clock. */
    public static SiteTags defaults() {
        return new SiteTags(Set.of(), 100, Duration.ofDays(7), Clock.systemUTC());
    }

    /** The tag value of {@code site}, which counts as seen now: the site itself, or {@link #OTHER}. */
    public synchronized String of(final String site) {
        final String tag = ALL_SITES.equals(site) || admitted(site) ? site : OTHER;
        if (lastSeen.put(tag, clock.instant()) == null && holdsSlot(tag)) {
            ownValues++;
        }
        return tag;
    }

    private boolean admitted(final String site) {
        if (!configured.isEmpty()) {
            return configured.contains(site);
        }
        return lastSeen.containsKey(site) || ownValues < maxSites;
    }

    private static boolean holdsSlot(final String tag) {
        return !tag.equals(OTHER) && !tag.equals(ALL_SITES);
    }

    private void remove(final String tag) {
        if (lastSeen.remove(tag) != null && holdsSlot(tag)) {
            ownValues--;
        }
    }

    /** Removes and returns the tag values not seen for {@code staleAfter}; their series should go too. */
    public synchronized List<String> expire() {
        final Instant cutoff = clock.instant().minus(staleAfter);
        final List<String> stale = new ArrayList<>();
        lastSeen.forEach((tag, seen) -> {
            if (seen.isBefore(cutoff)) {
                stale.add(tag);
            }
        });
        stale.forEach(this::remove);
        return stale;
    }

    /**
     * Removes the tag value of a site the monitor forgot (its state expired), freeing its slot at once; false when
     * the site has no series of its own ({@link #OTHER}, {@link #ALL_SITES} or never seen).
     */
    public synchronized boolean forget(final String site) {
        if (!holdsSlot(site) || !lastSeen.containsKey(site)) {
            return false;
        }
        remove(site);
        return true;
    }

    /** How long a site may go unseen before {@link #expire()} returns it. */
    public Duration staleAfter() {
        return staleAfter;
    }

    /** The wall clock of the last-seen times. */
    Clock clock() {
        return clock;
    }
}
