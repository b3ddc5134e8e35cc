package io.radshift.inference.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code tools/export_biomedclip.py --package-only} (numpy only, no model download) on an ONNX encoder built
 * here and loads the result with {@link ModelBundle#load(Path)}: the script and the loader agree on file names,
 * prompt encoding and content hash. Skipped where python3 with numpy is not installed.
 */
class ExportScriptLayoutTest {

    private static final Path SCRIPT = Path.of("tools", "export_biomedclip.py");

    @Test
    void scriptPackagedBundleLoadsInJava(@TempDir final Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "tools/export_biomedclip.py not found from " + Path.of("").toAbsolutePath());
        Assumptions.assumeTrue(run(List.of("python3", "-c", "import numpy")).exit == 0, "python3 with numpy is not installed");
        Files.write(dir.resolve("encoder.onnx"), TestBundles.encoder(32, 8));
        final Random random = new Random(8);
        final double[][] positive = raw(random, 3, 8);
        final double[][] negative = raw(random, 3, 8);
        final Path json = dir.resolve("prompts.json");
        new ObjectMapper().writeValue(json.toFile(), Map.of("labels", List.of("Edema", "Fracture", "No Finding"),
                "positive", positive, "negative", negative, "logitScale", 44.5));

        final Result result = run(List.of("python3", SCRIPT.toString(), "--out", dir.toString(), "--package-only",
                "--prompts-json", json.toString(), "--input-size", "32", "--input-channels", "1", "--mean", "0.5",
                "--std", "0.25", "--model-id", "script-test", "--version", "v1"));
        assertThat(result.exit).as(result.output).isZero();

        final ModelBundle bundle = ModelBundle.load(dir);
        assertThat(bundle.labels()).containsExactly("Edema", "Fracture", "No Finding");
        assertThat(bundle.manifest().logitScale()).isEqualTo(44.5);
        assertThat(bundle.contentHash()).isEqualTo(BundleHash.compute(dir, List.of("encoder.onnx", "prompts.bin")));
        for (int l = 0; l < 3; l++) {
            assertThat(bundle.prompts().positive(l)).containsExactly(VectorMath.normalised(positive[l]), within(1e-6f));
            assertThat(bundle.prompts().negative(l)).containsExactly(VectorMath.normalised(negative[l]), within(1e-6f));
        }
    }

    @Test
    void scriptHelpDescribesTheBundle() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "tools/export_biomedclip.py not found");
        Assumptions.assumeTrue(run(List.of("python3", "--version")).exit == 0, "python3 is not installed");
        final Result help = run(List.of("python3", SCRIPT.toString(), "--help"));
        assertThat(help.exit).isZero();
        assertThat(help.output).contains("--out", "--package-only", "bundle.json", "prompts.bin");
    }

    private static double[][] raw(final Random random, final int rows, final int dim) {
        final double[][] out = new double[rows][dim];
        for (final double[] row : out) {
            for (int d = 0; d < dim; d++) {
                row[d] = random.nextGaussian() * 3;
            }
        }
        return out;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(final List<String> command) throws InterruptedException {
        try {
            final Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, output);
            }
            return new Result(process.exitValue(), output);
        } catch (final IOException e) {
            return new Result(-1, e.getMessage());
        }
    }
}
