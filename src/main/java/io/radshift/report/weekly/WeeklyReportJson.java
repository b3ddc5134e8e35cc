package io.radshift.report.weekly;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a {@link WeeklyReport} as JSON: the same charts (every series with its points, axes with units) and
 * tables as the HTML, for tools that want the numbers. Times are ISO-8601 strings; chart x values on time axes are
 * epoch milliseconds, on category axes indices into the axis' categories.
 */
public final class WeeklyReportJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The report as written: times as ISO-8601 text. */
    private record Document(String week, String zone, String from, String to, String alertingKind, String weeklyKind,
                            String source, String generatedAt, List<SiteReport> sites) {
    }

    private WeeklyReportJson() {
    }

    /** The JSON text. */
    public static String render(final WeeklyReport report) {
        try {
            return MAPPER.writeValueAsString(new Document(report.week(), report.zone(), report.from().toString(),
                report.to().toString(), report.alertingKind(), report.weeklyKind(), report.source(),
                report.generatedAt().toString(), report.sites())) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
