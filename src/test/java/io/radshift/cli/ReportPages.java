package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks every HTML report page must pass, shared by the report integration tests. */
final class ReportPages {

    private ReportPages() {
    }

    /**
     * Asserts that the page loads nothing (no script, style sheet, image, font or link off the page) and that every
     * chart has a title, two axis titles and a legend; returns the number of charts.
     */
    static int assertSelfContainedWithLabelledCharts(final String html) {
        assertThat(html).doesNotContain("<script", "<img", "<link", "src=", "url(", "@import");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http:", "https:");
        final int charts = count(html, "<svg ");
        assertThat(count(html, "class=\"chart-title\"")).isEqualTo(charts);
        assertThat(count(html, "class=\"axis-title\"")).isEqualTo(2 * charts);
        assertThat(count(html, "class=\"legend\"")).isEqualTo(charts);
        return charts;
    }

    /** Occurrences of {@code what} in {@code text}. */
    static int count(final String text, final String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
