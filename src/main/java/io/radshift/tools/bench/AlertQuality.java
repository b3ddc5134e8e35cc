package io.radshift.tools.bench;

import io.radshift.avro.AlertKind;
import io.radshift.avro.WindowVerdict;
import io.radshift.stats.math.Distributions;
import io.radshift.window.WindowScheme;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The alert benchmark's report, computed from what the pipeline wrote ({@code drift-alerts} and the alerting
 * scheme's {@code drift-windows}) and what the simulation knows (which sites change, and when). Kafka-free, so
 * it is unit-tested on hand-made inputs.
 *
 * <ul>
 *   <li><b>Page</b>: a FIRING with {@code paging = true}. UPDATE and RESOLVED events never page.</li>
 *   <li><b>Stable pages per site-month</b>: pages at the stable sites over their observed site-months (30 days).
 *   The all-sites view and the time before a change at a changing site are reported apart.</li>
 *   <li><b>Window-level false-alarm rate at n</b>: share of the stable sites' complete windows (not cut by the
 *   replay's start) with verdict DRIFT, pooled over the sites whose nominal window size is n. Sliding windows
 *   overlap, so neighbouring windows are not independent: the bound uses {@code windows x advance / size}
 *   effective windows.</li>
 *   <li><b>Pages per incident</b>: every change is one incident. Pages at a changing site after its change, plus
 *   pages of the all-sites view after the first change of its replay, divided by the changes that paged at
 *   all; a change that never paged is a miss, counted in the delay.</li>
 *   <li><b>Detection delay</b>: end of the window of the first page after the change, minus the change time;
 *   its goal is the end of the first window with at least half of its studies after the change
 *   ({@link DetectionGoal}).</li>
 * </ul>
 */
public final class AlertQuality {

    private static final double DAYS_PER_MONTH = 30;
    private static final double MILLIS_PER_DAY = Duration.ofDays(1).toMillis();

    private AlertQuality() {
    }

    /**
     * Windows flagged among windows evaluated.
     *
     * @param flagged windows with verdict DRIFT
     * @param windows windows with a verdict (not INSUFFICIENT_DATA)
     * @param studies studies in those windows, for the mean n
     * @param overlap how many windows each study is in (window size / advance)
     */
    public record Rate(long flagged, long windows, long studies, double overlap) {

        /** No windows. */
        public static final Rate NONE = new Rate(0, 0, 0, 1);

        /** The share flagged; NaN without windows. */
        public double rate() {
            return windows == 0 ? Double.NaN : (double) flagged / windows;
        }

        /** Mean studies per window. */
        public double meanN() {
            return windows == 0 ? Double.NaN : (double) studies / windows;
        }

        /** Windows with no study in common, about. */
        public double effectiveWindows() {
            return windows / overlap;
        }

        /** Upper end of a two-sided 95% Wilson interval on the effective windows. */
        public double upper95() {
            final long effective = Math.max(1, Math.round(effectiveWindows()));
            final long hits = Math.min(effective, Math.round(rate() * effective));
            return windows == 0 ? Double.NaN : Distributions.wilsonInterval(hits, effective, 0.05)[1];
        }

        /** Pools two rates of windows of the same overlap. */
        Rate plus(final Rate other) {
            if (windows == 0) {
                return other;
            }
            return new Rate(flagged + other.flagged, windows + other.windows, studies + other.studies, overlap);
        }
    }

    /**
     * What happened at one site.
     *
     * @param site          the site
     * @param days          observed span in days
     * @param nullWindows   flag rate of its complete windows before its change (all of them at a stable site)
     * @param falsePages    pages before the change (all pages at a stable site)
     * @param incidentPages pages after the change
     * @param delay         first page after the change minus the change time; null when none (or stable)
     * @param goal          the delay goal; null at a stable site or the all-sites view
     * @param lateDropped   studies dropped as late from its windows (a faithful replay has none)
     * @param falseKinds    false pages by alert kind
     * @param pages         every page of the span, false or not, in the order received
     */
    public record SiteResult(BenchSite site, double days, Rate nullWindows, int falsePages, int incidentPages,
                             Duration delay, Duration goal, long lateDropped, Map<AlertKind, Integer> falseKinds,
                             List<AlertEvent> pages) {

        /** Copies the kinds and pages. */
        public SiteResult {
            falseKinds = Map.copyOf(falseKinds);
            pages = List.copyOf(pages);
        }

        /** Whether a page came before the site's change (every page of a stable site). */
        public boolean falsePage(final AlertEvent page) {
            return site.changeAt() == null || !page.windowEnd().isAfter(site.changeAt());
        }

        /** Whether a changing site paged after its change. */
        public boolean detected() {
            return delay != null;
        }

        /** Whether the change paged no later than the goal. */
        public boolean delayGoalMet() {
            return delay != null && goal != null && delay.compareTo(goal) <= 0;
        }
    }

    /**
     * Counts one site's pages and windows over the analysed span.
     *
     * @param alerts     the site's alert events
     * @param windows    the site's alerting-scheme window summaries
     * @param studyTimes the site's acquisition times, sorted (for the delay goal; may be empty for {@code *})
     * @param scheme     the alerting window scheme
     * @param from       start of the analysed span: earlier windows are not complete
     * @param to         end of the analysed span
     */
    public static SiteResult site(final BenchSite site, final List<AlertEvent> alerts,
                                  final List<WindowOutcome> windows, final List<Instant> studyTimes,
                                  final WindowScheme scheme, final Instant from, final Instant to) {
        final Instant change = site.changeAt();
        int falsePages = 0;
        int incidentPages = 0;
        Instant firstIncidentPage = null;
        final Map<AlertKind, Integer> falseKinds = new EnumMap<>(AlertKind.class);
        final List<AlertEvent> pages = new ArrayList<>();
        for (final AlertEvent alert : alerts) {
            if (!alert.site().equals(site.site()) || !alert.page() || !within(alert.windowEnd(), from, to)) {
                continue;
            }
            pages.add(alert);
            if (change == null || !alert.windowEnd().isAfter(change)) {
                falsePages++;
                falseKinds.merge(alert.kind(), 1, Integer::sum);
            } else {
                incidentPages++;
                if (firstIncidentPage == null || alert.windowEnd().isBefore(firstIncidentPage)) {
                    firstIncidentPage = alert.windowEnd();
                }
            }
        }
        final Duration delay = firstIncidentPage == null ? null : Duration.between(change, firstIncidentPage);
        final Duration goal = change == null || site.allSites() ? null
            : DetectionGoal.delay(studyTimes, change, scheme).orElse(null);
        return new SiteResult(site, (to.toEpochMilli() - from.toEpochMilli()) / MILLIS_PER_DAY,
            nullWindows(site, windows, scheme, from, to), falsePages, incidentPages, delay, goal,
            windows.stream().filter(w -> w.site().equals(site.site())).mapToLong(WindowOutcome::lateDropped).sum(),
            falseKinds, pages);
    }

    private static Rate nullWindows(final BenchSite site, final List<WindowOutcome> windows,
                                    final WindowScheme scheme, final Instant from, final Instant to) {
        long flagged = 0;
        long evaluated = 0;
        long studies = 0;
        for (final WindowOutcome w : windows) {
            final boolean complete = !w.windowStart().isBefore(from) && !w.windowEnd().isAfter(to);
            final boolean beforeChange = site.changeAt() == null || !w.windowEnd().isAfter(site.changeAt());
            if (w.site().equals(site.site()) && complete && beforeChange
                && w.verdict() != WindowVerdict.INSUFFICIENT_DATA) {
                evaluated++;
                studies += w.n();
                flagged += w.verdict() == WindowVerdict.DRIFT ? 1 : 0;
            }
        }
        return new Rate(flagged, evaluated, studies, overlap(scheme));
    }

    /** How many windows of the scheme hold each study. */
    static double overlap(final WindowScheme scheme) {
        final long end = scheme.firstWindowEndContaining(0);
        return Math.max(1.0, (double) (end - scheme.windowStart(end)) / (scheme.nextWindowEnd(end) - end));
    }

    private static boolean within(final Instant t, final Instant from, final Instant to) {
        return t.isAfter(from) && !t.isAfter(to);
    }

    /**
     * The report over all sites of all replays.
     *
     * @param sites           every site, the all-sites views included
     * @param alpha           the configured family-wise false-alarm rate per window length (the goal of the
     *                        per-window rate; each sliding window is tested at alpha over its windows per study)
     * @param falseAlarmRates flag rate of the stable sites' windows by nominal n
     */
    public record Summary(List<SiteResult> sites, double alpha, Map<Integer, Rate> falseAlarmRates) {

        /** Copies. */
        public Summary {
            sites = List.copyOf(sites);
            falseAlarmRates = Map.copyOf(falseAlarmRates);
        }

        /** The stable hospitals (not the all-sites views). */
        public List<SiteResult> stableSites() {
            return sites.stream().filter(s -> s.site().stable() && !s.site().allSites()).toList();
        }

        /** The changing hospitals. */
        public List<SiteResult> changingSites() {
            return sites.stream().filter(s -> !s.site().stable() && !s.site().allSites()).toList();
        }

        /** Pages at stable sites by alert kind. */
        public Map<AlertKind, Integer> stablePagesByKind() {
            final Map<AlertKind, Integer> out = new EnumMap<>(AlertKind.class);
            stableSites().forEach(s -> s.falseKinds().forEach((kind, n) -> out.merge(kind, n, Integer::sum)));
            return out;
        }

        /** Pages at stable sites. */
        public int stablePages() {
            return stableSites().stream().mapToInt(SiteResult::falsePages).sum();
        }

        /** Observed stable site-months. */
        public double stableSiteMonths() {
            return stableSites().stream().mapToDouble(SiteResult::days).sum() / DAYS_PER_MONTH;
        }

        /** Pages per stable site per 30 days. */
        public double stablePagesPerSiteMonth() {
            return stablePages() / stableSiteMonths();
        }

        /** One-sided 95% upper confidence bound of {@link #stablePagesPerSiteMonth()} (Poisson count). */
        public double stablePagesPerSiteMonthUpper95() {
            return Distributions.chiSquaredUpperQuantile(0.05, 2.0 * stablePages() + 2) / 2 / stableSiteMonths();
        }

        /** Pages before any change elsewhere: at changing sites before their change and from the all-sites views. */
        public int otherFalsePages() {
            return sites.stream().filter(s -> !s.site().stable() || s.site().allSites())
                .mapToInt(SiteResult::falsePages).sum();
        }

        /** Changes simulated. */
        public int incidents() {
            return changingSites().size();
        }

        /** Changes that paged after they happened. */
        public int detectedIncidents() {
            return (int) changingSites().stream().filter(SiteResult::detected).count();
        }

        /** Pages after the changes: at the changing sites and from the all-sites views. */
        public int incidentPages() {
            return sites.stream().mapToInt(SiteResult::incidentPages).sum();
        }

        /** Pages per detected change (goal 1); NaN when no change paged. */
        public double pagesPerIncident() {
            return detectedIncidents() == 0 ? Double.NaN : (double) incidentPages() / detectedIncidents();
        }

        /** The largest detection delay in hours; infinite when a change never paged, NaN without changes. */
        public double maxDelayHours() {
            if (incidents() == 0) {
                return Double.NaN;
            }
            if (detectedIncidents() < incidents()) {
                return Double.POSITIVE_INFINITY;
            }
            return changingSites().stream().mapToDouble(s -> hours(s.delay())).max().orElse(Double.NaN);
        }

        /** The false-alarm rate at nominal window size n; NaN when not measured. */
        public double falseAlarmRate(final int n) {
            return falseAlarmRates.getOrDefault(n, Rate.NONE).rate();
        }

        /** The benchmark's closing line. */
        public String benchLine() {
            return "BENCH alerts stable_pages_per_site_month=" + number(stablePagesPerSiteMonth(), 3)
                + " pages_per_incident=" + number(pagesPerIncident(), 2)
                + " far_n50=" + number(falseAlarmRate(50), 4)
                + " far_n200=" + number(falseAlarmRate(200), 4)
                + " delay_h=" + number(maxDelayHours(), 1);
        }
    }

    /** Pools the site results into the report. */
    public static Summary summarise(final List<SiteResult> sites, final double alpha) {
        final Map<Integer, Rate> rates = new TreeMap<>();
        for (final SiteResult s : sites) {
            if (s.site().stable() && !s.site().allSites()) {
                rates.merge(s.site().windowN(), s.nullWindows(), Rate::plus);
            }
        }
        return new Summary(new ArrayList<>(sites), alpha, rates);
    }

    /** Hours of a duration, fractional. */
    public static double hours(final Duration d) {
        return Objects.requireNonNull(d, "duration").toMillis() / 3_600_000.0;
    }

    /** A number for a BENCH line: fixed decimals, {@code inf} or {@code nan}. */
    public static String number(final double value, final int decimals) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
