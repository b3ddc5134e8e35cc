package io.radshift.report.weekly;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.avro.AlertKind;
import io.radshift.avro.AlertState;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.EffectSeverity;
import io.radshift.avro.GroundTruthMetrics;
import io.radshift.avro.LabelMetrics;
import io.radshift.avro.LabelRates;
import io.radshift.avro.Severity;
import io.radshift.avro.TestResult;
import io.radshift.avro.WindowSummary;
import io.radshift.avro.WindowVerdict;
import io.radshift.report.chart.Chart;
import io.radshift.report.chart.ChartCsv;
import io.radshift.report.chart.Series;
import io.radshift.report.chart.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WeeklyReportBuilderTest {

    private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");
    private static final IsoWeek WEEK = IsoWeek.parse("2026-W10", ZoneId.of("UTC"));

    @Test
    void volumeCountsEveryStudyOnceFromOverlappingWindowsAndIncidentsShadeTheDriftCharts() {
        final List<WindowSummary> windows = new ArrayList<>();
        // Sliding 2 h windows advancing by 1 h, 50 studies an hour, over Monday and Tuesday (ends at hours 1..48).
        for (int h = 1; h <= 48; h++) {
            windows.add(window("X", h, h == 1 ? 50 : 100, h >= 20 && h <= 23));
        }
        windows.add(window("X", 8 * 24 + 2, 100, false));
        final List<DriftAlert> alerts = List.of(alert(AlertState.FIRING, 21, Severity.WARNING, null),
                alert(AlertState.UPDATE, 22, Severity.CRITICAL, "severity WARNING -> CRITICAL"),
                alert(AlertState.RESOLVED, 26, Severity.CRITICAL, null));

        final WeeklyReport report = new WeeklyReportBuilder(WEEK, "oncall", "weekly", Optional.empty())
                .build(windows, alerts, "test", MONDAY.plus(Duration.ofDays(9)));

        final SiteReport site = report.sites().get(0);
        assertThat(site.site()).isEqualTo("X");
        assertThat(site.windows()).as("the window of the next week is left out").isEqualTo(48);
        assertThat(site.driftWindows()).isEqualTo(4);
        final Chart volume = chart(site, "site-X-volume");
        assertThat(volume.series().get(0).points()).extracting(Series.Point::y)
                .containsExactly(24 * 50.0, 24 * 50.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        assertThat(site.studies()).isEqualTo(48 * 50);
        assertThat(chart(site, "site-X-effect-mmd2-rff").bands()).singleElement().satisfies(b -> {
            assertThat(b.from()).isEqualTo(MONDAY.plus(Duration.ofHours(21)).toEpochMilli());
            assertThat(b.to()).isEqualTo(MONDAY.plus(Duration.ofHours(26)).toEpochMilli());
        });
        assertThat(chart(site, "site-X-stat-mmd2-rff").series()).extracting(Series::name)
                .containsExactly("statistic", "calibrated threshold");
        final Table incidents = table(site, "site-X-incidents");
        assertThat(incidents.rows()).singleElement().satisfies(row -> {
            assertThat(row.get(incidents.columns().indexOf("highest severity"))).isEqualTo("CRITICAL");
            assertThat(row.get(incidents.columns().indexOf("updates"))).isEqualTo("1");
            assertThat(row.get(incidents.columns().indexOf("last change"))).isEqualTo("severity WARNING -> CRITICAL");
            assertThat(row.get(incidents.columns().indexOf("resolved (window end)"))).isEqualTo("2026-03-03T02:00:00Z");
        });
        assertThat(site.notes()).anyMatch(n -> n.contains("ISO-week window 'weekly' has not closed"));
        final List<String> novel = table(site, "site-X-novel").rows().stream().map(r -> r.get(1)).toList();
        assertThat(site.notes()).as("the most novel ids say how the hospital explains them")
            .anyMatch(n -> n.contains("radshift explain --bundle BUNDLE --profile PROFILE --site X --key-file KEY "
                + "--archive PUBLISHED_DIR --study " + novel.get(0)) && n.contains("HMAC-SHA-256")
                && novel.stream().allMatch(id -> n.contains("--study " + id)));
    }

    @Test
    void theAllSitesViewTellsEachHospitalToUseItsOwnSite() {
        assertThat(WeeklyReportBuilder.explainHint("*", List.of("a-0123456789abcdef01234567")))
            .contains("--site SITE", "--study a-0123456789abcdef01234567", "its own site prefix");
    }

    @Test
    void withoutAnIsoWeekWindowRatesArePooledOverTheWindowsWithoutOverlap() {
        final List<WindowSummary> windows = List.of(
                WindowSummary.newBuilder(window("X", 2, 100, false)).setLabelRates(List.of(rates(0.1, List.of(90L, 10L)))).build(),
                WindowSummary.newBuilder(window("X", 3, 100, false)).setLabelRates(List.of(rates(0.9, List.of(0L, 100L)))).build(),
                WindowSummary.newBuilder(window("X", 4, 300, false)).setLabelRates(List.of(rates(0.5, List.of(150L, 150L)))).build());

        final SiteReport site = new WeeklyReportBuilder(WEEK, "oncall", "weekly", Optional.empty())
                .build(windows, List.of(), "test", MONDAY).sites().get(0);

        // Windows ending at 2 and 4 cover [0, 4) without overlap; the one ending at 3 overlaps both.
        final Chart rates = chart(site, "site-X-label-rates");
        assertThat(rates.series().get(0).points().get(0).y()).isEqualTo((100 * 0.1 + 300 * 0.5) / 400);
        final Chart histogram = chart(site, "site-X-histogram-Pneumothorax");
        assertThat(histogram.series().get(0).points()).extracting(Series.Point::y).containsExactly(240 / 400.0, 160 / 400.0);
        assertThat(histogram.x().highlighted()).isEmpty();
        assertThat(rates.x().highlighted()).containsExactly("Pneumothorax");
    }

    @Test
    void groundTruthOfTheIsoWeekWindowIsShownAgainstTheReferencesOwn() {
        final WindowSummary weekly = WindowSummary.newBuilder(window("X", 7 * 24, 500, false)).setWindowKind("weekly")
                .setWindowStart(MONDAY).setGroundTruth(metrics(120, 0.6, 0.4)).setReferenceGroundTruth(metrics(900, 0.8, 0.1))
                .build();

        final SiteReport site = new WeeklyReportBuilder(WEEK, "oncall", "weekly", Optional.empty())
                .build(List.of(window("X", 2, 100, false), weekly), List.of(), "test", MONDAY).sites().get(0);

        assertThat(site.studies()).as("the ISO-week window's count").isEqualTo(500);
        assertThat(table(site, "site-X-ranking").rows()).containsExactly(
                List.of("this week", "120", "0.6000", "0.5000", "1.5000", "0.2000"),
                List.of("reference", "900", "0.8000", "0.5000", "1.5000", "0.2000"));
        final Table perLabel = table(site, "site-X-ground-truth-table");
        assertThat(perLabel.rows()).singleElement().satisfies(row -> {
            assertThat(row.get(perLabel.columns().indexOf("F1"))).isEqualTo("0.6000");
            assertThat(row.get(perLabel.columns().indexOf("reference F1"))).isEqualTo("0.8000");
            assertThat(row.get(perLabel.columns().indexOf("over-confidence gap"))).isEqualTo("0.4000");
            assertThat(row.get(perLabel.columns().indexOf("reference gap"))).isEqualTo("0.1000");
        });
        assertThat(chart(site, "site-X-ground-truth").series()).extracting(Series::name)
                .containsExactly("precision", "recall", "F1", "reference F1");
        assertThat(site.notes()).noneMatch(n -> n.contains("ISO-week"));
    }

    @Test
    void otherSitesAreLeftOutWhenOneIsAskedForAndTheAllSitesViewComesLast() {
        final List<WindowSummary> windows = List.of(window("*", 2, 10, false), window("B", 2, 10, false),
                window("A", 2, 10, false));
        assertThat(new WeeklyReportBuilder(WEEK, "oncall", null, Optional.empty()).build(windows, List.of(), "t", MONDAY)
                .sites()).extracting(SiteReport::site).containsExactly("A", "B", "*");
        assertThat(new WeeklyReportBuilder(WEEK, "oncall", null, Optional.of("B")).build(windows, List.of(), "t", MONDAY)
                .sites()).extracting(SiteReport::site).containsExactly("B");
    }

    @Test
    void csvCellsAreQuotedAndFormulasDefused() {
        assertThat(ChartCsv.quote("plain")).isEqualTo("plain");
        assertThat(ChartCsv.quote("a,b")).isEqualTo("\"a,b\"");
        assertThat(ChartCsv.quote("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
        assertThat(ChartCsv.quote("=cmd()")).isEqualTo("'=cmd()");
    }

    private static Chart chart(final SiteReport site, final String id) {
        return site.charts().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() ->
                new AssertionError("no chart " + id + " in " + site.charts().stream().map(Chart::id).toList()));
    }

    private static Table table(final SiteReport site, final String id) {
        return site.tables().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    private static GroundTruthMetrics metrics(final long labelled, final double f1, final double gap) {
        return GroundTruthMetrics.newBuilder().setLabelledCount(labelled).setMacroF1(f1).setLrap(0.5).setCoverageError(1.5)
                .setRankingLoss(0.2).setPerLabel(List.of(LabelMetrics.newBuilder().setLabel("Effusion").setSupport(30)
                        .setPrecision(f1).setRecall(f1).setF1(f1).setEce(0.05).setOverconfidenceGap(gap).build()))
                .build();
    }

    private static LabelRates rates(final double predicted, final List<Long> histogram) {
        return LabelRates.newBuilder().setLabel("Pneumothorax").setRare(true).setPredictedPositiveRate(predicted)
                .setHighConfidenceRate(predicted / 2).setScoreHistogram(histogram).setReferencePrevalence(0.02)
                .setReferencePredictedPositiveRate(0.03).setReferenceHighConfidenceRate(0.01)
                .setReferenceScoreHistogram(List.of(0.97, 0.03)).setReferenceOverconfidenceGap(null).build();
    }

    private static WindowSummary window(final String site, final int hour, final long n, final boolean drift) {
        final Instant end = MONDAY.plus(Duration.ofHours(hour));
        final TestResult mmd = TestResult.newBuilder().setTest("mmd2-rff").setLabel(null).setStatistic(drift ? 0.3 : 0.01)
                .setThreshold(0.05).setPValue(drift ? 1e-6 : 0.5).setAdjustedPValue(drift ? 1e-5 : 1.0)
                .setEffectSize(drift ? 0.2 : 0.0).setEffectSizeName("mmd2").setDrift(drift).setEffectTolerance(0.01)
                .setSignificant(drift).setSeverity(drift ? EffectSeverity.WARNING : EffectSeverity.NONE).build();
        return WindowSummary.newBuilder().setSiteId(site).setWindowKind("oncall")
                .setWindowStart(end.minus(Duration.ofHours(2))).setWindowEnd(end).setN(n)
                .setVerdict(drift ? WindowVerdict.DRIFT : WindowVerdict.OK).setModelId("m").setBundleHash("h")
                .setProfileId("p").setTests(List.of(mmd)).setTopNovelStudyIds(List.of(site + "-study-" + hour))
                .setEvaluatedAt(end).build();
    }

    private static DriftAlert alert(final AlertState state, final int hour, final Severity severity, final String change) {
        final Instant end = MONDAY.plus(Duration.ofHours(hour));
        return DriftAlert.newBuilder().setAlertId("X/oncall/21").setSiteId("X").setKind(AlertKind.EMBEDDING_DRIFT)
                .setState(state).setSeverity(severity).setWindowKind("oncall").setWindowStart(end.minus(Duration.ofHours(2)))
                .setWindowEnd(end).setEpisodeStart(MONDAY.plus(Duration.ofHours(21))).setStatistic(0.3).setEffectSize(0.2)
                .setSummary("site X " + state).setChange(change).setEmittedAt(end.plusSeconds(1)).build();
    }
}
