package io.radshift.report.weekly;

import io.radshift.report.chart.HtmlPage;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes a {@link WeeklyReport} as one self-contained HTML page ({@link HtmlPage}: inline CSS, every chart an
 * inline SVG, nothing loaded from anywhere). Each site has a summary line, its charts and its tables.
 */
public final class WeeklyReportHtml {

    private WeeklyReportHtml() {
    }

    /** The page. */
    public static String render(final WeeklyReport report) {
        final StringBuilder out = HtmlPage.begin("RadShift weekly quality review " + report.week(), meta(report));
        nav(out, report);
        if (report.sites().isEmpty()) {
            out.append("<p class=\"summary\">No drift windows ended in this week.</p>\n");
        }
        report.sites().forEach(site -> site(out, site));
        return HtmlPage.end(out);
    }

    private static String meta(final WeeklyReport report) {
        final DateTimeFormatter day = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ROOT)
            .withZone(ZoneId.of(report.zone()));
        return String.format(Locale.ROOT, "Windows ending %s to %s (%s). Drift statistics of the '%s' windows; "
                + "weekly review window '%s'. Source: %s. Generated %s UTC. Study ids are pseudonyms: only the "
                + "hospital can tell which images they are.", day.format(report.from()), day.format(report.to()),
            report.zone(), report.alertingKind(), report.weeklyKind() == null ? "none" : report.weeklyKind(),
            report.source(), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.of("UTC"))
                .format(report.generatedAt()));
    }

    private static void nav(final StringBuilder out, final WeeklyReport report) {
        if (report.sites().size() > 1) {
            out.append("<nav>");
            report.sites().forEach(s -> out.append("<a href=\"#").append(anchor(s.site())).append("\">")
                .append(HtmlPage.escape(siteName(s.site()))).append("</a>"));
            out.append("</nav>\n");
        }
    }

    private static void site(final StringBuilder out, final SiteReport site) {
        out.append("<section id=\"").append(anchor(site.site())).append("\">\n<h2>")
            .append(HtmlPage.escape(siteName(site.site()))).append("</h2>\n<p class=\"summary\">")
            .append(String.format(Locale.ROOT, "%,d studies; %d alerting windows, ", site.studies(), site.windows()))
            .append(site.driftWindows() > 0 ? "<span class=\"drift\">" : "<span>").append(site.driftWindows())
            .append(" with material drift</span>; ").append(site.incidents()).append(" incident(s) open in the week.</p>\n");
        HtmlPage.notes(out, site.notes());
        HtmlPage.charts(out, site.charts());
        site.tables().forEach(t -> HtmlPage.table(out, t));
        out.append("</section>\n");
    }

    private static String siteName(final String site) {
        return "*".equals(site) ? "All sites (*)" : "Site " + site;
    }

    private static String anchor(final String site) {
        return "site-" + ("*".equals(site) ? "all" : site.replaceAll("[^A-Za-z0-9._-]", "_"));
    }
}
