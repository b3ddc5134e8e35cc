package io.radshift.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code radshift bench e2e} at a tiny size on the real in-process broker and registry with the demo bundle: the
 * backlog's windows account for their studies, live and quiet windows are measured, and the BENCH line has its keys.
 */
class E2eBenchIT {

    @TempDir
    Path dir;

    @Test
    void measuresThroughputAndLatenciesAndEndsWithTheBenchLine() throws Exception {
        final RadShiftConfig config = new ConfigLoader().load(Path.of("topologies/bench-e2e.yaml"));
        final ModelBundle bundle = DemoBundleBuilder.ensure(dir.resolve("bundle"));
        // 2 sites, 200 backlog studies (four 10 s windows each), 25 s live at 4 studies/s: two live windows a site.
        final E2eBenchmark.Result result = new E2eBenchmark(config, bundle,
            new E2eBenchmark.Settings(2, 200, 25, 4, 7, Duration.ofSeconds(240)), BenchListener.notesTo(System.out)).run();

        System.out.println(result.benchLine());
        assertThat(result.backlogStudies()).isEqualTo(150);
        assertThat(result.studiesPerSecond()).isPositive();
        assertThat(result.liveWindows()).isNotEmpty().allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(0));
        assertThat(result.quietWindows()).isNotEmpty();
        assertThat(result.benchLine()).startsWith("BENCH e2e studies_per_s=")
            .containsPattern(" alert_latency_p99_live_ms=(\\d+|NA) ")
            .containsPattern(" alert_latency_p99_quiet_ms=(\\d+|NA) ")
            .contains(" window_latency_p99_live_ms=", " idle_timeout_ms=2000 ");
    }
}
