package io.radshift.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.avro.AlertKind;
import io.radshift.avro.AlertState;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.tools.bench.AlertEvent;
import io.radshift.tools.bench.AlertQuality;
import io.radshift.tools.bench.AlertsBenchmark;
import io.radshift.tools.bench.BenchSite;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertsMarkdownTest {

    private static final Instant CHANGE = Instant.parse("2026-02-04T09:00:00Z");

    private static String render(final int stablePages, final int incidentPages, final Duration delay) {
        final RadShiftConfig config = new ConfigLoader().load(Path.of("topologies/bench-alerts.yaml"));
        final AlertQuality.Rate rate = new AlertQuality.Rate(2, 2000, 100_000, 24);
        final List<AlertQuality.SiteResult> sites = List.of(
            new AlertQuality.SiteResult(new BenchSite("phantoms", "phantom-n50", 50, null, "stable"), 90, rate,
                stablePages, 0, null, null, 0, stablePages == 0 ? Map.of() : Map.of(AlertKind.CALIBRATION, stablePages),
                Collections.nCopies(stablePages, new AlertEvent("phantom-n50", AlertState.FIRING, true, CHANGE,
                    AlertKind.CALIBRATION, "phantom-n50: calibration-gap Pneumothorax 0.21 (tolerance 0.15)"))),
            new AlertQuality.SiteResult(new BenchSite("phantoms", "phantom-rare", 100, CHANGE, "rare x10"), 90,
                AlertQuality.Rate.NONE, 0, incidentPages, delay, Duration.ofHours(13), 0, Map.of(), List.of()),
            new AlertQuality.SiteResult(new BenchSite("phantoms", "*", 0, CHANGE, "all sites"), 90,
                AlertQuality.Rate.NONE, 0, 0, null, null, 0, Map.of(), List.of()));
        final AlertsBenchmark.Settings settings = new AlertsBenchmark.Settings(Optional.empty(), 90, new int[] {50},
            100, "hannover", 0.3, 2000, 7, Duration.ofMinutes(5));
        return AlertsMarkdown.render(new AlertsBenchmark.Result(settings, config, "demo (sha256:x)",
            List.of(new AlertsBenchmark.ReplayReport("phantoms", "2000 phantoms", 1000, 500, Duration.ofSeconds(150),
                sites)), AlertQuality.summarise(sites, 0.01)));
    }

    @Test
    void goalsAreMarkedMetOnlyWhenTheMeasureReachesThem() {
        final String met = render(0, 1, Duration.ofHours(12));

        assertThat(met).contains("| pages per stable site per 30 days | 0.000 (0 pages in 3.0 site-months; "
            + "95% upper bound 1.00) | <= 0.1 | yes |");
        assertThat(met).contains("| window false-alarm rate, n = 50 | 0.0010 (2 of 2000 windows, mean n 50.0; 95% "
            + "upper bound over 83 non-overlapping windows");
        assertThat(met).containsPattern("\\| pages per incident \\| 1.00 \\(1 pages for 1 of 1 changes; [^|]+\\| 1 \\| yes \\|");
        assertThat(met).containsPattern("\\| detection delay, worst site \\| 12.0 h [^|]+\\| [^|]+\\| yes \\|");
        assertThat(met).contains("| phantoms | phantom-rare | 100 | rare x10 | 0 | nan | 0 | 1 | 12.0 | 13.0 | 0 |");
        assertThat(met).contains("Pages at the stable sites by alert kind: none.");
    }

    @Test
    void missedGoalsAreBoldAndFalsePagesNameTheirKinds() {
        final String missed = render(3, 2, Duration.ofHours(20));

        assertThat(missed).containsPattern("\\| pages per stable site per 30 days \\| 1.000 [^|]+\\| <= 0.1 \\| \\*\\*no\\*\\* \\|");
        assertThat(missed).containsPattern("\\| pages per incident \\| 2.00 [^|]+\\| 1 \\| \\*\\*no\\*\\* \\|");
        assertThat(missed).containsPattern("\\| detection delay, worst site \\| 20.0 h [^|]+\\| [^|]+\\| \\*\\*no\\*\\* \\|");
        assertThat(missed).contains("| 3 (CALIBRATION 3) |");
        assertThat(missed).contains("Pages at the stable sites by alert kind: CALIBRATION 3.");
        assertThat(missed).contains("| phantoms | phantom-n50 | 2026-02-04T09:00:00Z | yes | CALIBRATION | "
            + "phantom-n50: calibration-gap Pneumothorax 0.21 (tolerance 0.15) |");
        assertThat(missed).contains("advancing 1 h").contains("alpha 0.01").contains("2 of 3");
    }
}
