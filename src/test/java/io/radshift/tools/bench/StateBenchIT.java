package io.radshift.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.window.PaneAggregatorProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code radshift bench state} at a tiny size on the real in-process broker: the per-(site, window) state does not
 * grow between checkpoints once the windows are in steady state, the scrape stays bounded, and a restart that lost
 * its state folder restores from the changelogs.
 */
class StateBenchIT {

    @TempDir
    Path dir;

    @Test
    void stateBytesPerSiteWindowDoNotGrowWithStudiesAndARestartRestoresFromTheChangelogs() throws Exception {
        final RadShiftConfig config = new ConfigLoader().load(Path.of("topologies/bench-alerts.yaml"));
        final ModelBundle bundle = DemoBundleBuilder.ensure(dir.resolve("bundle"));
        // 30 sites at 4 studies a day: 1,200 studies span 10 days of event time, so from the second checkpoint on
        // (day 5) every site's 24 h windows close hourly and its state is in steady state. The stall timeout is
        // generous: on a loaded machine an exactly-once producer can be fenced and its task take a while to return.
        final StateBenchmark.Settings settings = new StateBenchmark.Settings(30, 1200, 4.0, 4, new int[] {10}, 10, 3,
            Duration.ofSeconds(240));
        final StateBenchmark.Result result = new StateBenchmark(config, bundle, settings, BenchListener.notesTo(System.out)).run();

        final List<StateBenchmark.Checkpoint> checkpoints = result.checkpoints();
        assertThat(checkpoints).hasSize(4);
        assertThat(checkpoints.get(3).state().byScheme()).containsOnlyKeys("oncall-24h", "weekly");
        assertThat(checkpoints.get(3).state().byScheme().get("oncall-24h").pairs()).isEqualTo(30);
        // Pane journals rise and fall with the studies since each pane's last fold: bounded by the fold, not compared.
        final double mid = checkpoints.get(1).state().bytesPerSiteWindowWithoutJournals();
        assertThat(mid).isPositive();
        assertThat(checkpoints.get(2).state().bytesPerSiteWindowWithoutJournals()).isLessThanOrEqualTo(mid * 1.1);
        assertThat(checkpoints.get(3).state().bytesPerSiteWindowWithoutJournals()).isLessThanOrEqualTo(mid * 1.1);
        assertThat(checkpoints).allSatisfy(c -> assertThat(c.state().longestJournal())
                .isBetween(0, PaneAggregatorProcessor.JOURNAL_LIMIT));
        assertThat(checkpoints.get(3).state().longestJournal()).as("journals are in use").isPositive();
        // The first ISO week closes on day 7 (between the second and third checkpoints) and brings the weekly
        // window's series for the first time; from then on the scrape holds still.
        assertThat(checkpoints.get(3).scrapeBytes()).isLessThanOrEqualTo((long) (checkpoints.get(2).scrapeBytes() * 1.1));
        assertThat(result.restores()).singleElement().satisfies(r -> {
            assertThat(r.restoredRecords()).isPositive();
            assertThat(r.untilRunning()).isPositive();
        });
        // Every checkpoint waited for the all-sites view to commit its whole topic (awaitAllSites throws on a stall).
        assertThat(result.benchLine()).startsWith("BENCH state sites=30 studies=1200 ").contains(" restore_s_10=")
            .contains(" all_sites_behind_max=");
    }
}
