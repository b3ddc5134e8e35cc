package io.radshift.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.data.Manifest;
import io.radshift.data.SharedData;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.inference.onnx.InferenceOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the benchmark briefly on the demo bundle (and the real X-rays when present) and prints its table. */
class InferenceBenchmarkIT {

    @Test
    void benchmarkMeasuresModelAndDecodeThroughput(@TempDir final Path dir) throws Exception {
        final ModelBundle bundle = DemoBundleBuilder.ensure(dir.resolve("demo"));
        final List<Manifest.Row> rows = SharedData.cxr().isPresent()
                ? Manifest.read(SharedData.cxr().get().resolve("manifest.csv")).rows() : List.of();
        final List<InferenceBenchmark.Result> results =
                InferenceBenchmark.run(bundle, InferenceOptions.cpuDefaults(), 32, rows, 200, 5, System.out);
        assertThat(results.get(0).stage()).isEqualTo("model");
        assertThat(results).allSatisfy(r -> assertThat(r.imagesPerSecond()).isPositive());
        if (!rows.isEmpty()) {
            assertThat(results).extracting(InferenceBenchmark.Result::stage).contains("decode+preprocess");
        }
    }
}
