package io.radshift.report.weekly;

import java.time.Instant;
import java.util.List;

/**
 * The weekly quality review: per site, what the drift windows and incidents of one ISO week say. Built by {@link
 * WeeklyReportBuilder}; written as HTML ({@link WeeklyReportHtml}), CSV ({@link WeeklyReportCsv}) and JSON ({@link
 * WeeklyReportJson}) with the same numbers.
 *
 * @param week         the ISO week, e.g. 2026-W47
 * @param zone         the zone its days are counted in
 * @param from         week start
 * @param to           week end (exclusive)
 * @param alertingKind window scheme whose statistics are shown over the week
 * @param weeklyKind   ISO-week window scheme of the review, or null when the configuration has none
 * @param source       where the windows and alerts were read
 * @param generatedAt  when the report was made
 * @param sites        one report per site, the all-sites view last
 */
public record WeeklyReport(String week, String zone, Instant from, Instant to, String alertingKind, String weeklyKind,
                           String source, Instant generatedAt, List<SiteReport> sites) {

    /** Copies the list. */
    public WeeklyReport {
        sites = List.copyOf(sites);
    }
}
