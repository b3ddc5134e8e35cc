package io.radshift.report.weekly;

import io.radshift.avro.DriftAlert;
import io.radshift.avro.GroundTruthMetrics;
import io.radshift.avro.LabelRates;
import io.radshift.avro.WindowSummary;
import io.radshift.report.chart.Axis;
import io.radshift.report.chart.Band;
import io.radshift.report.chart.Chart;
import io.radshift.report.chart.Series;
import io.radshift.report.chart.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Builds the {@link WeeklyReport} of one ISO week from the drift windows and incident events read from Kafka:
 * per site, the volume by day, every drift test of the alerting scheme over the week against its threshold and
 * tolerance (open incidents shaded), per-label rates against reference prevalence, rare labels' score histograms,
 * ground-truth metrics, the week's incidents with their lifecycle and the most novel (pseudonymous) study ids.
 *
 * <p>Reference values come from the windows themselves ({@link WindowSummary#getLabelRates()}), so the report
 * compares each window with the profile it was evaluated against and needs no profile file.
 */
public final class WeeklyReportBuilder {

    /** Most novel study ids listed per site. */
    static final int NOVEL_IDS = 10;
    private static final String ALL_SITES = "*";

    private final IsoWeek week;
    private final String alertingKind;
    private final String weeklyKind;
    private final Optional<String> site;

    /**
     * @param week         the week to report
     * @param alertingKind window scheme whose statistics are drawn over the week
     * @param weeklyKind   ISO-week scheme of the review, or null
     * @param site         only this site, or all
     */
    public WeeklyReportBuilder(final IsoWeek week, final String alertingKind, final String weeklyKind,
                               final Optional<String> site) {
        this.week = week;
        this.alertingKind = alertingKind;
        this.weeklyKind = weeklyKind;
        this.site = site;
    }

    /** True when a window or alert belongs in the report: its site and its end in the week. */
    public boolean wanted(final String siteId, final Instant windowEnd) {
        return site.map(siteId::equals).orElse(true) && week.holds(windowEnd);
    }

    /**
     * The report of the windows and alerts given (others are ignored: other weeks, sites or schemes; alerts of
     * earlier weeks still count for incidents open in this one).
     */
    public WeeklyReport build(final List<WindowSummary> windows, final List<DriftAlert> alerts, final String source,
                              final Instant generatedAt) {
        final Map<String, List<WindowSummary>> bySite = new LinkedHashMap<>();
        windows.stream().filter(w -> wanted(w.getSiteId(), w.getWindowEnd()))
            .sorted(Comparator.comparing(WindowSummary::getSiteId, WeeklyReportBuilder::siteOrder))
            .forEach(w -> bySite.computeIfAbsent(w.getSiteId(), k -> new ArrayList<>()).add(w));
        final List<SiteReport> sites = new ArrayList<>();
        bySite.forEach((id, own) -> sites.add(site(id, own, alerts.stream().filter(a -> a.getSiteId().equals(id))
            .filter(a -> !a.getWindowEnd().isAfter(week.end())).toList())));
        return new WeeklyReport(week.toString(), week.zone().getId(), week.start(), week.end(), alertingKind,
            weeklyKind, source, generatedAt, sites);
    }

    private static int siteOrder(final String a, final String b) {
        return a.equals(b) ? 0 : a.equals(ALL_SITES) ? 1 : b.equals(ALL_SITES) ? -1 : a.compareTo(b);
    }

    private SiteReport site(final String id, final List<WindowSummary> own, final List<DriftAlert> alerts) {
        final SiteWindows windows = new SiteWindows(
            own.stream().filter(w -> w.getWindowKind().equals(alertingKind)).toList(),
            own.stream().filter(w -> w.getWindowKind().equals(weeklyKind)).filter(w -> w.getWindowEnd().equals(week.end()))
                .findFirst());
        final List<Incident> incidents = Incident.of(alerts).stream()
            .filter(i -> i.overlaps(week.start(), week.end())).toList();
        final List<LabelRates> rates = windows.labelRates();
        final Set<String> rare = LabelCharts.rare(rates);
        final String prefix = "site-" + id.replaceAll("[^A-Za-z0-9._-]", "_");
        final List<Chart> charts = new ArrayList<>();
        final List<Table> tables = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        charts.add(volume(prefix + "-volume", windows));
        final List<Band> bands = bands(incidents);
        charts.addAll(new DriftCharts(id, Axis.time("window end", week.zone().getId(), week.start().toEpochMilli(),
            week.end().toEpochMilli()), bands, rare).charts(windows.alerting()));
        final String ratesSource = windows.weekly().filter(w -> !w.getLabelRates().isEmpty()).isPresent()
            ? "ISO-week window" : alertingKind + " windows without overlap";
        if (rates.isEmpty()) {
            notes.add("No per-label rates: the windows of this week carry none (written before RadShift recorded them).");
        } else {
            charts.add(LabelCharts.rates(prefix + "-label-rates", rates, ratesSource));
            rates.stream().filter(LabelRates::getRare)
                .forEach(r -> charts.add(LabelCharts.histogram(prefix + "-histogram-" + r.getLabel().replaceAll("[^A-Za-z0-9._-]", "_"),
                    r, ratesSource)));
        }
        groundTruth(prefix, windows, rare, charts, tables, notes);
        tables.add(incidentTable(prefix + "-incidents", incidents));
        final Table novel = novelTable(prefix + "-novel", windows);
        tables.add(novel);
        if (!novel.rows().isEmpty()) {
            notes.add(explainHint(id, novel.rows().stream().map(r -> r.get(1)).toList()));
        }
        if (windows.weekly().isEmpty()) {
            notes.add("The ISO-week window " + (weeklyKind == null ? "is not configured" : "'" + weeklyKind + "' has not closed")
                + ": counts and rates come from the " + alertingKind + " windows without overlap.");
        }
        return new SiteReport(id, windows.studies(), windows.alerting().size(), (int) windows.driftWindows(),
            incidents.size(), charts, tables, notes);
    }

    private Chart volume(final String id, final SiteWindows windows) {
        final Map<LocalDate, Long> days = windows.studiesByDay(week);
        final List<String> names = new ArrayList<>();
        final List<Series.Point> points = new ArrayList<>();
        days.forEach((day, n) -> {
            points.add(new Series.Point(names.size(), n));
            names.add(day.format(DateTimeFormatter.ofPattern("EEE d MMM", Locale.ROOT)));
        });
        return new Chart(id, "Volume by day", Axis.categories("day", week.zone().getId(), names, Set.of()),
            Axis.number("studies per day", "studies"),
            List.of(Series.of("studies (" + alertingKind + " windows without overlap)", points, Series.Style.BAR)),
            List.of());
    }

    private List<Band> bands(final List<Incident> incidents) {
        return incidents.stream().filter(i -> i.windowKind().equals(alertingKind))
            .map(i -> new Band("open incident", i.opened().toEpochMilli(),
                i.resolved().orElse(week.end()).toEpochMilli())).toList();
    }

    private void groundTruth(final String prefix, final SiteWindows windows, final Set<String> rare,
                             final List<Chart> charts, final List<Table> tables, final List<String> notes) {
        final Optional<WindowSummary> weekly = windows.weekly();
        final Optional<GroundTruthMetrics> truth = weekly.map(WindowSummary::getGroundTruth);
        if (weekly.isEmpty()) {
            notes.add("Ground-truth metrics come from the ISO-week window, which has not closed.");
        } else if (truth.isEmpty() || truth.get().getLabelledCount() == 0 || truth.get().getPerLabel().isEmpty()) {
            notes.add("No ground truth arrived for the studies of this week.");
        } else {
            final Optional<GroundTruthMetrics> reference = weekly.map(WindowSummary::getReferenceGroundTruth);
            final GroundTruthSection section = new GroundTruthSection(truth.get(), reference, rare);
            charts.add(section.perLabel(prefix + "-ground-truth"));
            charts.add(section.calibration(prefix + "-calibration"));
            tables.add(section.rankingTable(prefix + "-ranking"));
            tables.add(section.perLabelTable(prefix + "-ground-truth-table"));
            if (reference.isEmpty()) {
                notes.add("The reference profile kept no ground-truth metrics of its own (built without labels or "
                    + "before they were kept): the week's metrics are shown alone.");
            }
        }
    }

    private static Table incidentTable(final String id, final List<Incident> incidents) {
        final List<List<String>> rows = incidents.stream().map(i -> List.of(i.alertId(), i.windowKind(), i.kind(),
            i.label() == null ? "" : i.label(), i.severity().name(), i.opened().toString(),
            Integer.toString(i.updates()), i.lastChange() == null ? "" : i.lastChange(),
            i.resolved().map(Instant::toString).orElse("open"), i.paging() ? "yes" : "no (explained by a site)",
            i.summary())).toList();
        return new Table(id, "Incidents open in the week", List.of("incident", "window scheme", "kind", "label",
            "highest severity", "fired (window end)", "updates", "last change", "resolved (window end)", "paged",
            "first line"), rows);
    }

    /** The week's most novel studies: the ISO-week window's, else ranked by how many windows listed them. */
    private static Table novelTable(final String id, final SiteWindows windows) {
        final List<String> ids = windows.weekly().map(WindowSummary::getTopNovelStudyIds)
            .filter(l -> !l.isEmpty()).orElseGet(() -> byFrequency(windows.cover()));
        final List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(NOVEL_IDS, ids.size()); i++) {
            rows.add(List.of(Integer.toString(i + 1), ids.get(i)));
        }
        return new Table(id, "Most novel studies (pseudonymous ids; farthest from the reference in embedding space)",
            List.of("rank", "study id"), rows);
    }

    /**
     * How a hospital sees why its most novel studies are novel: the {@code radshift explain} command line it runs
     * where the images are. The report has pseudonymous ids only; explain finds the images by recomputing, with the
     * hospital's own key, the id {@code radshift publish} gave each file (see {@code StudyLookup}).
     */
    static String explainHint(final String site, final List<String> ids) {
        final boolean all = "*".equals(site);
        final String command = "radshift explain --bundle BUNDLE --profile PROFILE --site " + (all ? "SITE" : site)
            + " --key-file KEY --archive PUBLISHED_DIR "
            + ids.stream().map(i -> "--study " + i).collect(Collectors.joining(" "))
            + " --out explain-" + (all ? "SITE" : site);
        return "Why these studies are novel: " + (all ? "each hospital runs, for the ids with its own site prefix, "
            : "the hospital runs ") + command + " (occlusion maps, the study's novelty percentile among the reference's "
            + "studies and its nearest reference exemplars, in one HTML page that stays at the hospital). Study ids are "
            + "keyed hashes (HMAC-SHA-256) of each published file's absolute path under the hospital's pseudonymisation "
            + "key, so only the hospital can map them back: explain recomputes them for the files below PUBLISHED_DIR "
            + "with the key and site radshift publish used.";
    }

    private static List<String> byFrequency(final List<WindowSummary> windows) {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        windows.forEach(w -> w.getTopNovelStudyIds().forEach(s -> counts.merge(s, 1, Integer::sum)));
        final TreeSet<Map.Entry<String, Integer>> ranked = new TreeSet<>(Map.Entry.<String, Integer>comparingByValue()
            .reversed().thenComparing(Map.Entry.comparingByKey()));
        ranked.addAll(counts.entrySet());
        return ranked.stream().map(Map.Entry::getKey).toList();
    }
}
