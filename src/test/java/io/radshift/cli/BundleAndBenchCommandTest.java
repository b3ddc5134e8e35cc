package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.inference.bundle.ModelBundle;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleAndBenchCommandTest {

    @TempDir
    Path dir;

    private String out = "";
    private String err = "";

    @Test
    void bundleDemoBuildsALoadableBundleWithTheGivenSeed() throws Exception {
        final int code = run("bundle", "demo", "--out", dir.resolve("bundle").toString(), "--seed", "7");

        assertThat(code).as(err).isZero();
        final ModelBundle bundle = ModelBundle.load(dir.resolve("bundle"));
        assertThat(bundle.modelId()).isEqualTo(DemoBundleBuilder.MODEL_ID);
        assertThat(bundle.manifest().version()).isEqualTo("seed-7");
        assertThat(out).contains("600 phantoms").contains(bundle.contentHash());
    }

    @Test
    void bundleDemoRefusesTwoReferenceSources() {
        final int code = run("bundle", "demo", "--out", dir.toString(), "--images", dir.toString(), "--manifest", "m.csv");
        assertThat(code).isEqualTo(2);
        assertThat(err).contains("either --images or --manifest");
    }

    @Test
    void helpListsTheNewCommands() {
        assertThat(run("bundle", "demo", "--help")).isZero();
        assertThat(out).contains("--out").contains("--manifest").contains("--label-column");
        assertThat(run("bench", "inference", "--help")).isZero();
        assertThat(out).contains("--batch").contains("--seconds").contains("--data");
    }

    @Test
    void benchInferencePrintsAllThreeThroughputs() {
        final int code = run("bench", "inference", "--batch", "4", "--seconds", "0.3", "--images", "8");

        assertThat(code).as(err).isZero();
        assertThat(rate("bare ONNX Runtime loop")).isPositive();
        assertThat(rate("processor drain path")).isPositive();
        assertThat(rate("decode \\+ preprocess")).isPositive();
        final String bench = out.lines().filter(l -> l.startsWith("BENCH ")).reduce((a, b) -> b).orElse("");
        assertThat(bench).as("exactly one closing BENCH line").startsWith("BENCH inference ")
                .containsPattern("ratio_to_ceiling=[0-9.]+").containsPattern("own_sessions_threads=\\d+");
        assertThat(out.lines().filter(l -> l.startsWith("BENCH ")).count()).isEqualTo(1);
    }

    @Test
    void benchDecodeComparesWithTheNativeReferenceOrSaysWhyNot() {
        final int code = run("bench", "decode", "--images", "8", "--full-images", "0", "--seconds", "0.2");

        assertThat(code).as(err).isZero();
        final String bench = out.lines().filter(l -> l.startsWith("BENCH ")).reduce((a, b) -> b).orElse("");
        assertThat(bench).startsWith("BENCH decode images=8 ").containsPattern("per_core=[0-9.]+");
        if (bench.contains("native=absent")) {
            assertThat(bench).contains("ratio_to_native=NA");
            assertThat(out).contains("apt-get install -y python3-pil");
        } else {
            assertThat(bench).containsPattern("ratio_to_native=[0-9.]+ ");
        }
    }

    private double rate(final String row) {
        final Matcher m = Pattern.compile("\\| " + row + "[^|]*\\| ([0-9.]+) \\|").matcher(out);
        assertThat(m.find()).as("row " + row + " in\n" + out).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private int run(final String... args) {
        final CliRun run = CliRun.of(args);
        out = run.out();
        err = run.err();
        return run.exitCode();
    }
}
