package io.radshift.report.chart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The frame every RadShift report page is written in (the weekly review, the pre-deployment assessment): one
 * self-contained HTML document with inline CSS, every chart an inline SVG drawn by {@link SvgChart}, tables, and
 * no script, font, image or style sheet loaded from anywhere, so it opens offline, can be mailed or archived as it
 * is, and renders the same in any browser.
 */
public final class HtmlPage {

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

    private HtmlPage() {
    }

    /** Starts a page: head with title and style, the title as heading and a line of meta text. */
    public static StringBuilder begin(final String title, final String meta) {
        return new StringBuilder(64 * 1024).append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .append(escape(title)).append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n<h1>")
            .append(escape(title)).append("</h1>\n<p class=\"meta\">").append(escape(meta)).append("</p>\n");
    }

    /** Ends the page started by {@link #begin} and returns it. */
    public static String end(final StringBuilder out) {
        return out.append("</body>\n</html>\n").toString();
    }

    /** One-line remarks (what is missing and why), if any. */
    public static void notes(final StringBuilder out, final List<String> notes) {
        if (!notes.isEmpty()) {
            out.append("<ul class=\"notes\">");
            notes.forEach(n -> out.append("<li>").append(escape(n)).append("</li>"));
            out.append("</ul>\n");
        }
    }

    /** The charts, side by side where the page is wide enough. */
    public static void charts(final StringBuilder out, final List<Chart> charts) {
        out.append("<div class=\"charts\">\n");
        for (final Chart chart : charts) {
            out.append(SvgChart.render(chart));
        }
        out.append("</div>\n");
    }

    /** A table under its caption, or "None." when it has no rows. */
    public static void table(final StringBuilder out, final Table table) {
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

    /**
     * Writes a page and its numbers beside it: FILE.html, FILE.csv and FILE.json for {@code out} named FILE.html
     * or FILE; returns their paths.
     */
    public static List<Path> write(final Path out, final String html, final String csv, final String json)
        throws IOException {
        final String name = out.getFileName().toString();
        final String base = name.endsWith(".html") ? name.substring(0, name.length() - ".html".length()) : name;
        final List<Path> files = List.of(out.resolveSibling(base + ".html"), out.resolveSibling(base + ".csv"),
            out.resolveSibling(base + ".json"));
        if (files.get(0).toAbsolutePath().getParent() != null) {
            Files.createDirectories(files.get(0).toAbsolutePath().getParent());
        }
        Files.writeString(files.get(0), html, StandardCharsets.UTF_8);
        Files.writeString(files.get(1), csv, StandardCharsets.UTF_8);
        Files.writeString(files.get(2), json, StandardCharsets.UTF_8);
        return files;
    }

    /** Escapes text for HTML content and attribute values. */
    public static String escape(final String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
