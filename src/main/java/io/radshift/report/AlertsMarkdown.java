package io.radshift.report;

import io.radshift.avro.AlertKind;
import io.radshift.config.RadShiftConfig;
import io.radshift.tools.bench.AlertEvent;
import io.radshift.tools.bench.AlertQuality;
import io.radshift.tools.bench.AlertReplay;
import io.radshift.tools.bench.AlertsBenchmark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders an {@link AlertsBenchmark.Result} as the Markdown of BENCHMARKS.md's Alerts section. */
public final class AlertsMarkdown {

    private AlertsMarkdown() {
    }

    /** The deployment line, the goals table, the false-alarm table by n and the per-site table. */
    public static String render(final AlertsBenchmark.Result result) {
        final StringBuilder out = new StringBuilder();
        out.append(deployment(result)).append("\n\n");
        result.replays().forEach(r -> out.append(String.format(Locale.ROOT,
            "- Replay **%s**: reference %s; %,d studies and %,d label records in %s.%n", r.name(), r.reference(),
            r.studies(), r.labels(), duration(r.wall()))));
        out.append('\n').append(goals(result.summary())).append('\n')
            .append("Pages at the stable sites by alert kind: ").append(kinds(result.summary().stablePagesByKind()))
            .append(".\n\n").append(sites(result)).append(pages(result));
        return out.toString();
    }

    private static String deployment(final AlertsBenchmark.Result result) {
        final RadShiftConfig config = result.config();
        final RadShiftConfig.Window window = AlertReplay.alertingWindow(config);
        final RadShiftConfig.Detection d = config.detection();
        return String.format(Locale.ROOT, "Bundle %s. Deployment: alerting window %s (%s %s, advancing %s, grace %s); "
                + "alpha %s per window length (%s), so each window is tested at %s; windows below %d studies not judged; an incident fires after %d of %d "
                + "windows. %d days per site (windows from the first study on); stable sites at n = %s studies per "
                + "window; changing sites at n = %d; seed %d.", result.bundleId(), window.name(), window.type(),
            duration(window.size()), duration(window.advance()), duration(window.grace()), d.alpha(), d.correction(),
            AlertQuality.number(AlertReplay.perWindowLevel(config), 5),
            d.minStudies(), d.fireAfter(), d.fireWindow(), result.settings().days(),
            AlertsBenchmark.sizes(result.settings().sizes()), result.settings().changingN(), result.settings().seed());
    }

    private static String goals(final AlertQuality.Summary s) {
        final List<String> rows = new ArrayList<>();
        rows.add(row("pages per stable site per 30 days", String.format(Locale.ROOT,
                "%s (%d pages in %.1f site-months; 95%% upper bound %s)", AlertQuality.number(s.stablePagesPerSiteMonth(), 3),
                s.stablePages(), s.stableSiteMonths(), AlertQuality.number(s.stablePagesPerSiteMonthUpper95(), 2)),
            "<= 0.1", s.stablePagesPerSiteMonth() <= 0.1));
        for (final Map.Entry<Integer, AlertQuality.Rate> e : s.falseAlarmRates().entrySet()) {
            final AlertQuality.Rate r = e.getValue();
            rows.add(row("window false-alarm rate, n = " + e.getKey(), String.format(Locale.ROOT,
                    "%s (%d of %d windows, mean n %.1f; 95%% upper bound over %.0f non-overlapping windows %s)",
                    AlertQuality.number(r.rate(), 4), r.flagged(), r.windows(), r.meanN(), r.effectiveWindows(),
                    AlertQuality.number(r.upper95(), 3)),
                "<= alpha " + s.alpha(), r.rate() <= s.alpha()));
        }
        rows.add(row("pages per incident", String.format(Locale.ROOT, "%s (%d pages for %d of %d changes; "
                    + "all-sites pages included)", AlertQuality.number(s.pagesPerIncident(), 2), s.incidentPages(),
                s.detectedIncidents(), s.incidents()), "1",
            s.detectedIncidents() > 0 && s.pagesPerIncident() == 1.0));
        final boolean delaysMet = !s.changingSites().isEmpty()
            && s.changingSites().stream().allMatch(AlertQuality.SiteResult::delayGoalMet);
        rows.add(row("detection delay, worst site", AlertQuality.number(s.maxDelayHours(), 1) + " h (per site below)",
            "first window with half its studies changed", delaysMet));
        rows.add(row("other false pages (all-sites views; changing sites before their change)",
            Integer.toString(s.otherFalsePages()), "0", s.otherFalsePages() == 0));
        return "| measure | measured | goal | met |\n|---|---|---|---|\n" + String.join("", rows);
    }

    private static String kinds(final Map<AlertKind, Integer> kinds) {
        if (kinds.isEmpty()) {
            return "none";
        }
        final List<String> parts = new ArrayList<>();
        new EnumMap<>(kinds).forEach((kind, n) -> parts.add(kind + " " + n));
        return String.join(", ", parts);
    }

    private static String row(final String measure, final String measured, final String goal, final boolean met) {
        return "| " + measure + " | " + measured + " | " + goal + " | " + (met ? "yes" : "**no**") + " |\n";
    }

    private static String sites(final AlertsBenchmark.Result result) {
        final StringBuilder out = new StringBuilder("| replay | site | n | what happens | windows judged | "
            + "false-alarm rate | false pages | pages after the change | delay h | goal h | late studies |\n"
            + "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (final AlertsBenchmark.ReplayReport replay : result.replays()) {
            for (final AlertQuality.SiteResult s : replay.sites()) {
                final boolean changing = s.site().changeAt() != null;
                out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s | %s | %s | %s | %s | %d |%n",
                    replay.name(), s.site().allSites() ? "`*`" : s.site().site(),
                    s.site().allSites() ? "-" : Integer.toString(s.site().windowN()), s.site().story(),
                    s.nullWindows().windows(), AlertQuality.number(s.nullWindows().rate(), 4),
                    s.falsePages() == 0 ? "0" : s.falsePages() + " (" + kinds(s.falseKinds()) + ")",
                    changing ? Integer.toString(s.incidentPages()) : "-",
                    !changing || s.site().allSites() ? "-" : s.delay() == null ? "never"
                        : AlertQuality.number(AlertQuality.hours(s.delay()), 1),
                    s.goal() == null ? "-" : AlertQuality.number(AlertQuality.hours(s.goal()), 1), s.lateDropped()));
            }
        }
        return out.append("\nFalse-alarm rate and windows judged: complete windows before the site's change (all of "
            + "them at a stable site). Windows overlap, so neighbouring windows share most studies.\n").toString();
    }

    /** Every page with the alert's own summary, so a reader sees what paged without rerunning. */
    private static String pages(final AlertsBenchmark.Result result) {
        final StringBuilder out = new StringBuilder("\nEvery page (window end in event time; summary as the on-call "
            + "reads it):\n\n| replay | site | window end | false | kind | summary |\n|---|---|---|---|---|---|\n");
        for (final AlertsBenchmark.ReplayReport replay : result.replays()) {
            for (final AlertQuality.SiteResult s : replay.sites()) {
                for (final AlertEvent page : s.pages()) {
                    out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", replay.name(),
                        s.site().allSites() ? "`*`" : s.site().site(), page.windowEnd(),
                        s.falsePage(page) ? "yes" : "no", page.kind(), page.summary().replace('|', '/')));
                }
            }
        }
        return out.toString();
    }

    private static String duration(final Duration d) {
        final long s = d.toSeconds();
        if (s % 86_400 == 0 && s > 0) {
            return (s / 86_400) + " d";
        }
        if (s % 3600 == 0 && s > 0) {
            return (s / 3600) + " h";
        }
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s % 60 == 0 && s > 0) {
            return (s / 60) + " min";
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + " s";
    }
}
