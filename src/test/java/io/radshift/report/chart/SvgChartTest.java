package io.radshift.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartTest {

    private static final long MONDAY = Instant.parse("2026-03-02T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;

    @Test
    void aTimeChartHasItsTitleAxesWithUnitsALegendEntryPerSeriesAndShadedAlertPeriods() throws Exception {
        final List<Series.Point> statistic = new ArrayList<>();
        for (int h = 1; h <= 24; h++) {
            statistic.add(new Series.Point(MONDAY + h * HOUR, h < 10 ? 0.5 : 2.5));
        }
        final Chart chart = new Chart("c1", "mmd2-rff: statistic against threshold",
                Axis.time("window end", "UTC", MONDAY, MONDAY + 7 * 24 * HOUR), Axis.number("statistic", "squared distance"),
                List.of(Series.of("statistic", statistic, Series.Style.LINE),
                        Series.of("calibrated threshold", List.of(new Series.Point(MONDAY, 1), new Series.Point(MONDAY + 24 * HOUR, 1)),
                                Series.Style.LIMIT)),
                List.of(new Band("open incident", MONDAY + 10 * HOUR, MONDAY + 20 * HOUR)));

        final Document svg = parse(SvgChart.render(chart));

        assertThat(svg.getDocumentElement().getAttribute("id")).isEqualTo("c1");
        assertThat(texts(svg, "title")).containsExactly("mmd2-rff: statistic against threshold");
        assertThat(texts(svg, "text")).contains("mmd2-rff: statistic against threshold", "window end [UTC]",
                "statistic [squared distance]", "statistic", "calibrated threshold", "open incident", "Mon 2 Mar", "Tue 3 Mar");
        assertThat(byClass(svg, "band")).hasSize(1);
        assertThat(byClass(svg, "limit")).hasSize(1);
        assertThat(byClass(svg, "series")).hasSize(1);
        // The band starts 10 h into a 7-day axis of 458 px from x = 62.
        assertThat(Double.parseDouble(byClass(svg, "band").get(0).getAttribute("x"))).isBetween(89.0, 91.0);
    }

    @Test
    void aCategoryChartHighlightsRareLabelsAndSaysSoInItsLegend() throws Exception {
        final Chart chart = new Chart("c2", "Predicted-positive rate against reference prevalence",
                Axis.categories("label", "", List.of("Effusion", "Pneumothorax"), Set.of("Pneumothorax")),
                Axis.number("share of studies", "fraction"),
                List.of(Series.of("predicted positive", List.of(new Series.Point(0, 0.2), new Series.Point(1, 0.3)), Series.Style.BAR),
                        Series.of("reference prevalence", List.of(new Series.Point(0, 0.25), new Series.Point(1, 0.02)),
                                Series.Style.REFERENCE)),
                List.of());

        final Document svg = parse(SvgChart.render(chart));

        assertThat(byClass(svg, "highlight")).hasSize(1);
        assertThat(byClass(svg, "bar")).hasSize(2);
        assertThat(byClass(svg, "reference")).hasSize(2);
        assertThat(texts(svg, "text")).contains("Effusion", "\u2605 Pneumothorax", "\u2605 rare label (highlighted)",
                "share of studies [fraction]", "label", "predicted positive", "reference prevalence");
        // The rare label's bar (0.3) is taller than the other's (0.2).
        final List<Element> bars = byClass(svg, "bar");
        assertThat(Double.parseDouble(bars.get(1).getAttribute("height")))
                .isGreaterThan(Double.parseDouble(bars.get(0).getAttribute("height")));
    }

    @Test
    void aScatterChartDrawsOneDotPerPointOnBothNumberAxesWithALegendSwatch() throws Exception {
        final Chart chart = new Chart("c4", "Embedding map", new Axis("axis 1", "embedding units", Axis.Kind.NUMBER,
                List.of(), Set.of(), -2.0, 2.0), new Axis("axis 2", "embedding units", Axis.Kind.NUMBER, List.of(),
                Set.of(), -1.0, 1.0),
                List.of(Series.of("reference", List.of(new Series.Point(-2, -1), new Series.Point(0, 0),
                        new Series.Point(2, 1)), Series.Style.POINT),
                        new Series("archive mean", List.of(new Series.Point(1, 0.5)), Series.Style.POINT, true)),
                List.of());

        final Document svg = parse(SvgChart.render(chart));

        final List<Element> dots = byClass(svg, "point");
        assertThat(dots).hasSize(4);
        // The corners of the data land on the corners of the plot (x 62..520, y 224..34); the origin in between.
        assertThat(Double.parseDouble(dots.get(0).getAttribute("cx"))).isEqualTo(62.0);
        assertThat(Double.parseDouble(dots.get(0).getAttribute("cy"))).isEqualTo(224.0);
        assertThat(Double.parseDouble(dots.get(2).getAttribute("cx"))).isEqualTo(520.0);
        assertThat(Double.parseDouble(dots.get(2).getAttribute("cy"))).isEqualTo(34.0);
        assertThat(Double.parseDouble(dots.get(1).getAttribute("cx"))).isEqualTo(291.0);
        // The emphasised dot is larger and outlined; the two series have different colours.
        assertThat(Double.parseDouble(dots.get(3).getAttribute("r"))).isGreaterThan(Double.parseDouble(dots.get(0).getAttribute("r")));
        assertThat(dots.get(3).getAttribute("stroke")).isEqualTo("#000000");
        assertThat(dots.get(3).getAttribute("fill")).isNotEqualTo(dots.get(0).getAttribute("fill"));
        assertThat(texts(svg, "text")).contains("Embedding map", "axis 1 [embedding units]", "axis 2 [embedding units]",
                "reference", "archive mean");
    }

    @Test
    void namesAreEscapedAndNonFinitePointsLeftOut() throws Exception {
        final Chart chart = new Chart("c3", "a <b> & \"c\"", Axis.number("x", "1"), Axis.number("y", ""),
                List.of(Series.of("s <1>", List.of(new Series.Point(0, Double.NaN), new Series.Point(1, 1),
                        new Series.Point(2, Double.POSITIVE_INFINITY)), Series.Style.LINE)), List.of());

        assertThat(chart.series().get(0).points()).containsExactly(new Series.Point(1, 1));
        final Document svg = parse(SvgChart.render(chart));
        assertThat(texts(svg, "title")).containsExactly("a <b> & \"c\"");
        assertThat(texts(svg, "text")).contains("s <1>");
    }

    private static Document parse(final String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(final Document svg, final String tag) {
        final NodeList nodes = svg.getElementsByTagName(tag);
        final List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    private static List<Element> byClass(final Document svg, final String cssClass) {
        final List<Element> found = new ArrayList<>();
        final NodeList all = svg.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            final Element e = (Element) all.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cssClass)) {
                found.add(e);
            }
        }
        return found;
    }
}
