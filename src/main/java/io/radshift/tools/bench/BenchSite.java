package io.radshift.tools.bench;

import java.time.Instant;
import java.util.Objects;

/**
 * One simulated site of the alert benchmark, as the report sees it.
 *
 * @param replay        which replay (reference profile) the site belongs to, e.g. "real X-rays"
 * @param site          site id; {@link #ALL_SITES} for the all-sites view
 * @param windowN       nominal studies per alerting window (the volume is set from it)
 * @param changeAt      event time of the site's change; null for a stable site
 * @param story         one line for the report, e.g. "gamma 1.25 contrast 0.85 from day 30"
 */
public record BenchSite(String replay, String site, int windowN, Instant changeAt, String story) {

    /** Site id of the all-sites view. */
    public static final String ALL_SITES = "*";

    /** Checks the ids. */
    public BenchSite {
        Objects.requireNonNull(replay, "replay");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(story, "story");
    }

    /** Whether nothing changes at this site. */
    public boolean stable() {
        return changeAt == null;
    }

    /** Whether this is the all-sites view rather than a hospital. */
    public boolean allSites() {
        return ALL_SITES.equals(site);
    }
}
