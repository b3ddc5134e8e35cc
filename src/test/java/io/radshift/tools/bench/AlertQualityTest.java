package io.radshift.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radshift.avro.AlertKind;
import io.radshift.avro.AlertState;
import io.radshift.avro.WindowVerdict;
import io.radshift.window.WindowScheme;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert benchmark's report arithmetic on hand-made alerts and windows whose right answers are known. */
class AlertQualityTest {

    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant TO = day(91);
    private static final Instant FROM = day(1);
    private static final WindowScheme DAILY_HOURLY = new WindowScheme.Sliding("oncall-24h",
        Duration.ofHours(24).toMillis(), Duration.ofHours(1).toMillis(), 0);

    private static Instant day(final double d) {
        return START.plusMillis((long) (d * Duration.ofDays(1).toMillis()));
    }

    private static AlertEvent alert(final String site, final AlertState state, final boolean paging, final Instant end) {
        return new AlertEvent(site, state, paging, end, AlertKind.EMBEDDING_DRIFT, "embedding drift");
    }

    private static AlertEvent calibration(final String site, final Instant end) {
        return new AlertEvent(site, AlertState.FIRING, true, end, AlertKind.CALIBRATION, "calibration");
    }

    private static WindowOutcome window(final String site, final Instant end, final long n, final WindowVerdict verdict) {
        return new WindowOutcome(site, end.minus(Duration.ofHours(24)), end, n, verdict, 0);
    }

    private static BenchSite stable(final String site, final int n) {
        return new BenchSite("real", site, n, null, "stable");
    }

    @Test
    void onlyPagingFiringsInsideTheSpanAreCountedAsPages() {
        final List<AlertEvent> alerts = List.of(
            alert("a", AlertState.FIRING, true, day(2)),
            alert("a", AlertState.UPDATE, true, day(2.5)),
            alert("a", AlertState.RESOLVED, true, day(3)),
            alert("a", AlertState.FIRING, false, day(4)),
            alert("a", AlertState.FIRING, true, FROM),
            alert("a", AlertState.FIRING, true, day(92)),
            alert("b", AlertState.FIRING, true, day(5)),
            alert("a", AlertState.FIRING, true, day(40)));

        final AlertQuality.SiteResult a = AlertQuality.site(stable("a", 50), alerts, List.of(), List.of(),
            DAILY_HOURLY, FROM, TO);

        assertThat(a.falsePages()).isEqualTo(2);
        assertThat(a.falseKinds()).containsExactly(java.util.Map.entry(AlertKind.EMBEDDING_DRIFT, 2));
        assertThat(a.incidentPages()).isZero();
        assertThat(a.delay()).isNull();
        assertThat(a.goal()).isNull();
        assertThat(a.days()).isEqualTo(90.0);
    }

    @Test
    void pagesBeforeTheChangeAreFalseAndTheFirstPageAfterItGivesTheDelay() {
        final Instant change = day(30);
        final BenchSite site = new BenchSite("real", "c", 100, change, "scanner change");
        final List<AlertEvent> alerts = List.of(
            alert("c", AlertState.FIRING, true, day(10)),
            alert("c", AlertState.FIRING, true, change),
            alert("c", AlertState.FIRING, true, day(31)),
            alert("c", AlertState.FIRING, true, change.plus(Duration.ofHours(14))),
            alert("c", AlertState.UPDATE, false, change.plus(Duration.ofHours(2))));

        final AlertQuality.SiteResult c = AlertQuality.site(site, alerts, List.of(), every15Minutes(),
            DAILY_HOURLY, FROM, TO);

        assertThat(c.falsePages()).isEqualTo(2);
        assertThat(c.incidentPages()).isEqualTo(2);
        assertThat(c.delay()).isEqualTo(Duration.ofHours(14));
        assertThat(c.goal()).isEqualTo(Duration.ofHours(12));
        assertThat(c.delayGoalMet()).isFalse();
        assertThat(c.detected()).isTrue();
    }

    @Test
    void theGoalIsTheFirstWindowWithHalfItsStudiesAfterTheChange() {
        // Studies every 15 minutes: a 24 h window holds 96 of them. A change at 00:10 leaves 47 changed studies in
        // the window ending 12:00 (00:15 .. 11:45) and 51 in the one ending 13:00, so the goal is 12 h 50 min.
        final Instant change = day(30).plus(Duration.ofMinutes(10));

        assertThat(DetectionGoal.firstHalfChangedWindowEnd(every15Minutes(), change, DAILY_HOURLY))
            .contains(day(30).plus(Duration.ofHours(13)));
        assertThat(DetectionGoal.delay(every15Minutes(), change, DAILY_HOURLY))
            .contains(Duration.ofHours(12).plusMinutes(50));
        assertThat(DetectionGoal.delay(every15Minutes(), day(95), DAILY_HOURLY)).isEmpty();
        assertThat(DetectionGoal.delay(List.of(), change, DAILY_HOURLY)).isEmpty();
    }

    @Test
    void theGoalFollowsTheVolumeNotTheClock() {
        // Four studies per hour before the change and one per hour after it: half of a window's studies are
        // changed only when 4/5 of its hours are after the change, i.e. 19.2 h -> the window ending 20:00.
        final List<Instant> times = new ArrayList<>();
        for (Instant t = day(20); t.isBefore(day(30)); t = t.plus(Duration.ofMinutes(15))) {
            times.add(t);
        }
        for (Instant t = day(30); t.isBefore(day(32)); t = t.plus(Duration.ofHours(1))) {
            times.add(t);
        }

        assertThat(DetectionGoal.delay(times, day(30), DAILY_HOURLY)).contains(Duration.ofHours(20));
    }

    @Test
    void theFalseAlarmRateCountsCompleteEvaluatedWindowsBeforeAnyChange() {
        final List<WindowOutcome> windows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            windows.add(window("a", day(5 + i), 48 + (i % 2) * 4, i < 2 ? WindowVerdict.DRIFT : WindowVerdict.OK));
        }
        windows.add(window("a", day(20), 10, WindowVerdict.INSUFFICIENT_DATA));
        windows.add(window("a", day(1.5), 30, WindowVerdict.DRIFT));
        windows.add(window("a", day(91.5), 50, WindowVerdict.DRIFT));
        windows.add(window("b", day(30), 50, WindowVerdict.DRIFT));

        final AlertQuality.Rate rate = AlertQuality.site(stable("a", 50), List.of(), windows, List.of(),
            DAILY_HOURLY, FROM, TO).nullWindows();

        assertThat(rate.windows()).isEqualTo(10);
        assertThat(rate.flagged()).isEqualTo(2);
        assertThat(rate.rate()).isEqualTo(0.2);
        assertThat(rate.meanN()).isEqualTo(50.0);
        assertThat(rate.overlap()).isEqualTo(24.0);

        final BenchSite changing = new BenchSite("real", "a", 50, day(10), "change");
        assertThat(AlertQuality.site(changing, List.of(), windows, List.of(), DAILY_HOURLY, FROM, TO)
            .nullWindows().windows()).as("only windows ending by the change").isEqualTo(6);
    }

    @Test
    void theSummaryPoolsSitesIntoPerMonthPerIncidentAndPerSizeFigures() {
        final Instant change = day(30);
        final List<AlertEvent> alerts = List.of(
            alert("a", AlertState.FIRING, true, day(3)),
            alert("b", AlertState.FIRING, true, day(50)),
            calibration("b", day(70)),
            alert("c", AlertState.FIRING, true, change.plus(Duration.ofHours(13))),
            alert("c", AlertState.FIRING, true, day(40)),
            alert("d", AlertState.FIRING, true, change.plus(Duration.ofHours(20))),
            alert("*", AlertState.FIRING, true, day(31)),
            alert("*", AlertState.FIRING, false, day(32)),
            alert("*", AlertState.FIRING, true, day(5)));
        final List<WindowOutcome> windows = List.of(
            window("a", day(10), 50, WindowVerdict.DRIFT), window("a", day(11), 50, WindowVerdict.OK),
            window("b", day(10), 54, WindowVerdict.OK), window("b", day(11), 46, WindowVerdict.OK),
            window("e", day(10), 200, WindowVerdict.DRIFT));
        final List<AlertQuality.SiteResult> sites = new ArrayList<>();
        for (final BenchSite site : List.of(stable("a", 50), stable("b", 50), stable("e", 200),
            new BenchSite("real", "c", 100, change, "scanner"), new BenchSite("real", "d", 100, change, "mix"),
            new BenchSite("real", "*", 0, change, "all sites"))) {
            sites.add(AlertQuality.site(site, alerts, windows, every15Minutes(), DAILY_HOURLY, FROM, TO));
        }

        final AlertQuality.Summary summary = AlertQuality.summarise(sites, 0.01);

        assertThat(summary.stablePages()).isEqualTo(3);
        assertThat(summary.stablePagesByKind()).containsExactly(java.util.Map.entry(AlertKind.EMBEDDING_DRIFT, 2),
            java.util.Map.entry(AlertKind.CALIBRATION, 1));
        assertThat(summary.stableSiteMonths()).isEqualTo(9.0);
        assertThat(summary.stablePagesPerSiteMonth()).isCloseTo(1.0 / 3, within(1e-12));
        // Poisson 95% upper bound for 3 events: chi2(0.95; 8) / 2 = 7.7537.
        assertThat(summary.stablePagesPerSiteMonthUpper95()).isCloseTo(7.7537 / 9, within(1e-4));
        assertThat(summary.otherFalsePages()).isEqualTo(1);
        assertThat(summary.incidents()).isEqualTo(2);
        assertThat(summary.detectedIncidents()).isEqualTo(2);
        assertThat(summary.incidentPages()).isEqualTo(4);
        assertThat(summary.pagesPerIncident()).isEqualTo(2.0);
        assertThat(summary.maxDelayHours()).isEqualTo(20.0);
        assertThat(summary.falseAlarmRate(50)).isEqualTo(0.25);
        assertThat(summary.falseAlarmRates().get(50).windows()).isEqualTo(4);
        assertThat(summary.falseAlarmRate(200)).isEqualTo(1.0);
        assertThat(summary.falseAlarmRate(100)).isNaN();
        assertThat(summary.benchLine()).isEqualTo("BENCH alerts stable_pages_per_site_month=0.333 "
            + "pages_per_incident=2.00 far_n50=0.2500 far_n200=1.0000 delay_h=20.0");
    }

    @Test
    void aChangeThatNeverPagedMakesTheDelayInfiniteButNotThePagesPerIncidentSmaller() {
        final Instant change = day(30);
        final List<AlertEvent> alerts = List.of(alert("c", AlertState.FIRING, true, day(31)));
        final List<AlertQuality.SiteResult> sites = List.of(
            AlertQuality.site(new BenchSite("real", "c", 100, change, "x"), alerts, List.of(), every15Minutes(),
                DAILY_HOURLY, FROM, TO),
            AlertQuality.site(new BenchSite("real", "d", 100, change, "y"), alerts, List.of(), every15Minutes(),
                DAILY_HOURLY, FROM, TO),
            AlertQuality.site(stable("a", 20), alerts, List.of(), List.of(), DAILY_HOURLY, FROM, TO));

        final AlertQuality.Summary summary = AlertQuality.summarise(sites, 0.01);

        assertThat(summary.pagesPerIncident()).isEqualTo(1.0);
        assertThat(summary.maxDelayHours()).isInfinite();
        assertThat(summary.stablePagesPerSiteMonth()).isZero();
        assertThat(summary.stablePagesPerSiteMonthUpper95()).as("-ln(0.05) / 3 months").isCloseTo(2.9957 / 3,
            within(1e-4));
        assertThat(summary.benchLine()).endsWith("pages_per_incident=1.00 far_n50=nan far_n200=nan delay_h=inf");
    }

    @Test
    void theEffectiveWindowCountWidensTheBoundOfOverlappingWindows() {
        final AlertQuality.Rate overlapping = new AlertQuality.Rate(24, 2400, 2400 * 50, 24);
        final AlertQuality.Rate disjoint = new AlertQuality.Rate(24, 2400, 2400 * 50, 1);

        assertThat(overlapping.rate()).isEqualTo(disjoint.rate()).isEqualTo(0.01);
        assertThat(overlapping.effectiveWindows()).isEqualTo(100.0);
        assertThat(overlapping.upper95()).isGreaterThan(disjoint.upper95());
        assertThat(overlapping.upper95()).isCloseTo(0.0545, within(1e-3));
    }

    private static List<Instant> every15Minutes() {
        final List<Instant> times = new ArrayList<>();
        for (Instant t = START; t.isBefore(day(92)); t = t.plus(Duration.ofMinutes(15))) {
            times.add(t);
        }
        return times;
    }
}
