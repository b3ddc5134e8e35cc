package io.radshift.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small round of {@code radshift bench chaos}, so that CI proves crash safety with real processes: the monitor
 * (a child JVM) is killed with SIGKILL twice (after a model batch, after a window close) and restarted, while the
 * sandbox's broker restarts under load and its registry is down for two seconds; what it committed must equal the
 * uninterrupted run's and the published studies, study for study. (The start with the registry down is
 * RegistryCheckTest's, and the full benchmark's, to keep this lean.)
 */
class ChaosIT {

    @TempDir
    Path work;

    @Test
    void killedAndRestartedMonitorCommitsExactlyWhatAnUninterruptedOneDoes() throws Exception {
        final ChaosBenchmark.Options options = new ChaosBenchmark.Options(6, 3, 2, 5L, true, Duration.ofSeconds(2),
                false, Duration.ofSeconds(180), work);

        final ChaosBenchmark.Result result = new ChaosBenchmark(options, System.out::println).run((done, total) -> { });

        System.out.println(result.benchLine());
        final ChaosComparison c = result.comparison();
        assertThat(result.killCount()).isEqualTo(2);
        assertThat(result.killsMissed()).as("every kill found the monitor at its moment").isZero();
        assertThat(c.windows()).as("site windows expected from the published studies").isGreaterThan(20);
        assertThat(c.baselineLost()).isZero();
        assertThat(c.lost()).isZero();
        assertThat(c.doubled()).isZero();
        assertThat(c.unexpectedWindows()).isZero();
        assertThat(c.windowsEqual()).isEqualTo(c.windows());
        assertThat(c.duplicateAlerts()).isZero();
        assertThat(c.lostAlerts()).isZero();
        assertThat(c.allSitesWindows()).as("all-sites windows").isGreaterThan(5);
        assertThat(c.allSitesEqual()).as("the all-sites view, deterministic across kills").isEqualTo(c.allSitesWindows());
        assertThat(c.allSitesAlertsDiffering()).isZero();
        assertThat(result.passed()).isTrue();
    }
}
