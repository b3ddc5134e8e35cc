package io.radshift.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The {@code site} tag stays bounded however many sites send ({@link SiteTags}), and a site's series go once it is
 * stale, through {@link RadShiftMetrics} and a real Prometheus scrape.
 */
class SiteTagsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void sitesBeyondTheCapShareOtherAndAreCounted() {
        final RadShiftMetrics metrics = new RadShiftMetrics(registry, new SiteTags(Set.of(), 3, Duration.ofDays(1), clock));

        for (int i = 0; i < 50; i++) {
            metrics.studyReceived("site-" + i);
        }
        metrics.windowEvaluated("site-49", "daily", "OK", 40);
        metrics.windowEvaluated("site-0", "daily", "OK", 30);
        metrics.allSitesLate("daily", 2);

        final String scrape = registry.scrape();
        assertThat(siteValues(scrape, "radshift_studies_received_total")).containsExactlyInAnyOrder("site-0", "site-1", "site-2", "_other");
        assertThat(scrape).contains("radshift_studies_received_total{site=\"_other\"} 47.0")
                .contains("radshift_windows_evaluated_total{site=\"_other\",verdict=\"OK\",window=\"daily\"} 1.0")
                .contains("radshift_window_studies{site=\"site-0\",window=\"daily\"} 30.0")
                .contains("radshift_studies_late_dropped_total{site=\"*\",window=\"daily\"} 2.0")
                .contains("radshift_metrics_sites_folded_total 48.0");
    }

    @Test
    void theLastWindowOfAFoldedSiteKeepsNoGaugeOfItsOwn() {
        final RadShiftMetrics metrics = new RadShiftMetrics(registry, new SiteTags(Set.of(), 1, Duration.ofDays(1), clock));
        metrics.studyReceived("site-a");

        metrics.windowEvaluated("site-b", "daily", "DRIFT", 40);
        metrics.driftStatistic("site-b", "daily", "mmd2-rff", null, 0.3, 0.02);
        metrics.scoreHistogram("site-b", "daily", "Edema", new long[] {30, 10});

        final String scrape = registry.scrape();
        assertThat(scrape).contains("radshift_windows_evaluated_total{site=\"_other\",verdict=\"DRIFT\",window=\"daily\"} 1.0")
                .doesNotContain("radshift_window_studies{").doesNotContain("radshift_drift_statistic{")
                .doesNotContain("radshift_score_histogram{");
    }

    @Test
    void otherFiresWhileAnyFoldedSiteHasAPagingIncidentOpen() {
        final RadShiftMetrics metrics = new RadShiftMetrics(registry, new SiteTags(Set.of(), 1, Duration.ofDays(1), clock));
        metrics.studyReceived("site-a");

        metrics.incident("site-b", "daily", true, 1, Map.of("EMBEDDING_DRIFT", 2));
        assertThat(registry.scrape()).contains("radshift_incident_firing{site=\"_other\",window=\"daily\"} 1.0");
        // A quiet folded site's window must not close the other's incident on the shared series.
        metrics.incident("site-c", "daily", false, 0, Map.of());
        assertThat(registry.scrape()).contains("radshift_incident_firing{site=\"_other\",window=\"daily\"} 1.0");

        metrics.incident("site-c", "daily", true, 2, Map.of("EMBEDDING_DRIFT", 1, "CALIBRATION", 1));
        assertThat(registry.scrape()).contains("radshift_incident_firing{site=\"_other\",window=\"daily\"} 2.0")
                .contains("radshift_incident_severity{site=\"_other\",window=\"daily\"} 2.0")
                .contains("radshift_incident_evidence{kind=\"EMBEDDING_DRIFT\",site=\"_other\",window=\"daily\"} 3.0")
                .contains("radshift_incident_evidence{kind=\"CALIBRATION\",site=\"_other\",window=\"daily\"} 1.0");

        metrics.incident("site-b", "daily", false, 0, Map.of());
        assertThat(registry.scrape()).contains("radshift_incident_firing{site=\"_other\",window=\"daily\"} 1.0")
                .contains("radshift_incident_evidence{kind=\"EMBEDDING_DRIFT\",site=\"_other\",window=\"daily\"} 1.0");

        // A folded site forgotten with its incident open takes it along.
        metrics.siteForgotten("site-c");
        assertThat(registry.scrape()).contains("radshift_incident_firing{site=\"_other\",window=\"daily\"} 0.0")
                .contains("radshift_incident_severity{site=\"_other\",window=\"daily\"} 0.0")
                .contains("radshift_incident_evidence{kind=\"CALIBRATION\",site=\"_other\",window=\"daily\"} 0.0");
    }

    @Test
    void aSlotFreedByAnExpiredOrForgottenSiteGoesToTheNextNewSite() {
        final SiteTags tags = new SiteTags(Set.of(), 2, Duration.ofHours(1), clock);
        assertThat(tags.of("site-a")).isEqualTo("site-a");
        assertThat(tags.of("site-b")).isEqualTo("site-b");
        assertThat(tags.of("site-c")).isEqualTo(SiteTags.OTHER);
        assertThat(tags.forget("site-a")).isTrue();
        assertThat(tags.forget("site-c")).as("a folded site holds no slot").isFalse();
        assertThat(tags.of("site-c")).isEqualTo("site-c");
        assertThat(tags.of("site-d")).isEqualTo(SiteTags.OTHER);
        clock.set(T0.plus(Duration.ofHours(2)));
        assertThat(tags.expire()).containsExactlyInAnyOrder("site-b", "site-c", SiteTags.OTHER);
        assertThat(tags.of("site-d")).isEqualTo("site-d");
        assertThat(tags.of("site-e")).isEqualTo("site-e");
        assertThat(tags.of("site-f")).isEqualTo(SiteTags.OTHER);
    }

    @Test
    void aConfiguredListIsTheOnlySitesWithTheirOwnSeries() {
        final RadShiftMetrics metrics = new RadShiftMetrics(registry,
                new SiteTags(Set.of("hospital-a", "hospital-b"), 100, Duration.ofDays(1), clock));

        metrics.studyScored("hospital-b");
        metrics.studyScored("unexpected-site");
        metrics.studyScored("hospital-a");

        assertThat(siteValues(registry.scrape(), "radshift_studies_scored_total"))
                .containsExactlyInAnyOrder("hospital-a", "hospital-b", "_other");
    }

    @Test
    void everySeriesOfAStaleSiteIsRemovedAndItsSlotGoesToANewSite() {
        final RadShiftMetrics metrics = new RadShiftMetrics(registry, new SiteTags(Set.of(), 2, Duration.ofHours(6), clock));
        metrics.studyReceived("closed-site");
        metrics.windowEvaluated("closed-site", "daily", "OK", 30);
        metrics.driftStatistic("closed-site", "daily", "mmd2-rff", null, 0.01, 0.02);
        metrics.incident("closed-site", "daily", true, 2, Map.of("EMBEDDING_DRIFT", 1));
        metrics.studyReceived("busy-site");
        metrics.studyReceived("newcomer");
        assertThat(siteValues(registry.scrape(), "radshift_studies_received_total")).contains("_other");

        clock.set(T0.plus(Duration.ofHours(4)));
        metrics.studyReceived("busy-site");
        clock.set(T0.plus(Duration.ofHours(7)));
        metrics.studyReceived("busy-site");
        assertThat(registry.scrape()).doesNotContain("closed-site").doesNotContain("site=\"_other\"");

        metrics.studyReceived("newcomer");
        metrics.incident("newcomer", "daily", false, 0, Map.of());
        final String scrape = registry.scrape();
        assertThat(siteValues(scrape, "radshift_studies_received_total")).containsExactlyInAnyOrder("busy-site", "newcomer");
        assertThat(scrape).contains("radshift_incident_firing{site=\"newcomer\",window=\"daily\"} 0.0");
    }

    @Test
    void aForgottenSiteLosesItsSeriesAndItsSlotAtOnce() {
        final RadShiftMetrics metrics = new RadShiftMetrics(registry, new SiteTags(Set.of(), 1, Duration.ofDays(7), clock));
        metrics.studyReceived("expired-site");
        metrics.incident("expired-site", "daily", true, 2, Map.of("SITE_SILENT", 1));
        metrics.studyReceived("waiting-site");
        assertThat(siteValues(registry.scrape(), "radshift_studies_received_total")).containsExactlyInAnyOrder("expired-site", "_other");

        metrics.siteForgotten("expired-site");
        metrics.siteForgotten(SiteTags.OTHER);
        assertThat(registry.scrape()).doesNotContain("expired-site");
        metrics.studyReceived("waiting-site");
        assertThat(siteValues(registry.scrape(), "radshift_studies_received_total")).containsExactlyInAnyOrder("waiting-site", "_other");
    }

    @Test
    void theAllSitesViewNeverTakesASlot() {
        final SiteTags tags = new SiteTags(Set.of(), 1, Duration.ofDays(1), clock);

        assertThat(tags.of(SiteTags.ALL_SITES)).isEqualTo("*");
        assertThat(tags.of("site-a")).isEqualTo("site-a");
        assertThat(tags.of("site-b")).isEqualTo(SiteTags.OTHER);
        assertThat(tags.of(SiteTags.ALL_SITES)).isEqualTo("*");
    }

    /** The distinct values of the site label of {@code metric} in a scrape. */
    private static Set<String> siteValues(final String scrape, final String metric) {
        return scrape.lines().filter(l -> l.startsWith(metric + "{"))
                .map(l -> l.replaceAll(".*site=\"([^\"]*)\".*", "$1"))
                .collect(Collectors.toSet());
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(final Instant now) {
            this.now = now;
        }

        void set(final Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
