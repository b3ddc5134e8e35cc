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
 * {@code radshift bench topology} at a tiny size on the real in-process broker and registry with the demo bundle:
 * the pass-through and RadShift's topology each consume every record, and the BENCH line has its keys. It checks
 * that the benchmark runs, not its numbers.
 */
class TopologyBenchIT {

    @TempDir
    Path dir;

    @Test
    void bothApplicationsConsumeEveryRecordAndTheRunEndsWithTheBenchLine() throws Exception {
        final RadShiftConfig config = new ConfigLoader().load(Path.of("topologies/bench-alerts.yaml"));
        final ModelBundle bundle = DemoBundleBuilder.ensure(dir.resolve("bundle"));
        final TopologyBenchmark.Result result = new TopologyBenchmark(config, bundle,
            new TopologyBenchmark.Settings(2_000, 4, 2, 7, Duration.ofSeconds(240)), BenchListener.notesTo(System.out)).run();

        System.out.println(result.benchLine());
        assertThat(result.passThrough().records()).isEqualTo(2_000);
        assertThat(result.radshift().records()).isEqualTo(2_000);
        assertThat(result.passThrough().perSecond()).isPositive();
        assertThat(result.radshift().perSecond()).isPositive();
        assertThat(result.benchLine()).matches("BENCH topology records=2000 passthrough_rps=\\d+ radshift_rps=\\d+ "
            + "ratio=\\d+\\.\\d\\d goal=0\\.70 load=-?\\d+\\.\\d");
    }
}
