package io.radshift.report.weekly;

import io.radshift.report.chart.Chart;
import io.radshift.report.chart.SvgChart;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link WeeklyReport} as one self-contained HTML page: inline CSS, every chart an inline SVG, no script,
 * font, image or style sheet loaded from anywhere, so it opens offline, can be mailed or archived as it is, and
 * renders the same in any browser. Each site has a summary line, its charts and its tables.
 */
public final class WeeklyReportHtml {

    private static final String STYLE = """
        body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;margin:16px;color:#222;background:#f7f7f7}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 6px;border-bottom:2px solid #ccc}
        h3{font-size:14px;margin:16px 0 6px}.meta{color:#555;font-size:13px}.summary{font-size:14px;margin:6px 0}
        .charts{display:flex;flex-wrap:wrap;gap:12px}.charts svg{background:#fff;border:1px solid #ddd}
        .chart-title{font-size:13px;font-weight:bold}.axis-title{font-size:11px}.tick{font-size:10px;fill:#333}
        .tick.rare{font-weight:bold;fill:#8a5a00}.legend-text{font-size:10.5px}
        table{border-collapse:collapse;font-size:12px;background:#fff;margin:4px 0 12px}
        th,td{border:1px solid #ccc;padding:3px 6px;text-align:left}th{background:#eee}
        .notes{font-size:12px;color:#7a4b00}.drift{color:#b22222;font-weight:bold}nav a{margin-right:10px}
        """;

    private WeeklyReportHtml() {
    }

    /** The page. */
    public static String render(final WeeklyReport report) {
        final StringBuilder out = new StringBuilder(64 * 1024);
        final String title = "RadShift weekly quality review " + report.week();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .append(escape(title)).append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n<h1>")
            .append(escape(title)).append("</h1>\n<p class=\"meta\">").append(escape(meta(report))).append("</p>\n");
        nav(out, report);
        if (report.sites().isEmpty()) {
            out.append("<p class=\"summary\">No drift windows ended in this week.</p>\n");
        }
        report.sites().forEach(site -> site(out, site));
        out.append("</body>\n</html>\n");
        return out.toString();
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
                .append(escape(siteName(s.site()))).append("</a>"));
            out.append("</nav>\n");
        }
    }

    private static void site(final StringBuilder out, final SiteReport site) {
        out.append("<section id=\"").append(anchor(site.site())).append("\">\n<h2>").append(escape(siteName(site.site())))
            .append("</h2>\n<p class=\"summary\">").append(String.format(Locale.ROOT,
                "%,d studies; %d alerting windows, ", site.studies(), site.windows()))
            .append(site.driftWindows() > 0 ? "<span class=\"drift\">" : "<span>").append(site.driftWindows())
            .append(" with material drift</span>; ").append(site.incidents()).append(" incident(s) open in the week.</p>\n");
        if (!site.notes().isEmpty()) {
            out.append("<ul class=\"notes\">");
            site.notes().forEach(n -> out.append("<li>").append(escape(n)).append("</li>"));
            out.append("</ul>\n");
        }
        out.append("<div class=\"charts\">\n");
        for (final Chart chart : site.charts()) {
            out.append(SvgChart.render(chart));
        }
        out.append("</div>\n");
        site.tables().forEach(t -> table(out, t));
        out.append("</section>\n");
    }

    private static void table(final StringBuilder out, final Table table) {
        out.append("<h3>").append(escape(table.title())).append("</h3>\n");
        if (table.rows().isEmpty()) {
            out.append("<p class=\"summary\">None.</p>\n");
            return;
        }
        out.append("<table id=\"").append(escape(table.id())).append("\">\n<tr>");
        table.columns().forEach(c -> out.append("<th>").append(escape(c)).append("</th>"));
        out.append("</tr>\n");
        for (final List<String> row : table.rows()) {
            out.append("<tr>");
            row.forEach(c -> out.append("<td>").append(escape(c)).append("</td>"));
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    private static String siteName(final String site) {
        return "*".equals(site) ? "All sites (*)" : "Site " + site;
    }

    private static String anchor(final String site) {
        return "site-" + ("*".equals(site) ? "all" : site.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    static String escape(final String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
