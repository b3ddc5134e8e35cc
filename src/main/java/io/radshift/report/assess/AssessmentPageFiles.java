package io.radshift.report.assess;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.radshift.report.chart.ChartCsv;
import io.radshift.report.chart.HtmlPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes an {@link AssessmentPage} as one self-contained HTML page ({@link HtmlPage}), its numbers as CSV
 * ({@link ChartCsv}, site column {@value #SITE}) and as JSON (the page record: every chart with its axes and
 * points, every table), so that the numbers beside the page are exactly those drawn.
 */
public final class AssessmentPageFiles {

    /** The CSV's site column: the archive assessed. */
    public static final String SITE = "archive";

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private AssessmentPageFiles() {
    }

    /** The HTML page. */
    public static String html(final AssessmentPage page) {
        final StringBuilder out = HtmlPage.begin(page.title(), String.format(Locale.ROOT,
            "Studies: %s. Reference profile %s. Generated %s. No study ids or image data on this page: the map's dots "
                + "are anonymous.", page.source(), page.profileId(), page.generatedAt()));
        out.append("<p class=\"summary\">Verdict: ").append("DRIFT".equals(page.verdict())
            ? "<span class=\"drift\">DRIFT</span>" : "<span>OK</span>").append("</p>\n");
        out.append("<ul class=\"summary\">");
        page.summary().forEach(s -> out.append("<li>").append(HtmlPage.escape(s)).append("</li>"));
        out.append("</ul>\n");
        HtmlPage.notes(out, page.notes());
        HtmlPage.charts(out, page.charts());
        page.tables().forEach(t -> HtmlPage.table(out, t));
        return HtmlPage.end(out);
    }

    /** The CSV: one row per chart point and table cell. */
    public static String csv(final AssessmentPage page) {
        final StringBuilder out = new StringBuilder(ChartCsv.HEADER).append('\n');
        ChartCsv.rows(out, SITE, page.charts(), page.tables());
        return out.toString();
    }

    /** The JSON document. */
    public static String json(final AssessmentPage page) {
        try {
            return MAPPER.writeValueAsString(page) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes FILE.html, FILE.csv and FILE.json for {@code out} (FILE.html or FILE); returns their paths. */
    public static List<Path> write(final AssessmentPage page, final Path out) throws IOException {
        return HtmlPage.write(out, html(page), csv(page), json(page));
    }
}
