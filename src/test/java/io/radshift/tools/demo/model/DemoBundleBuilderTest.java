package io.radshift.tools.demo.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.inference.EncodedBatch;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.bundle.BundleManifest;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.Preprocessor;
import io.radshift.inference.onnx.InferenceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoBundleBuilderTest {

    @TempDir
    static Path shared;

    private static ModelBundle bundle;

    @BeforeAll
    static void buildOnce() throws Exception {
        bundle = DemoBundleBuilder.ensure(shared.resolve("demo"));
    }

    @Test
    void demoBundleIsARealOnnxEncoderWithChexpertLabels() {
        final BundleManifest m = bundle.manifest();
        assertThat(m.modelId()).isEqualTo(DemoBundleBuilder.MODEL_ID);
        assertThat(m.labels()).isEqualTo(ChexpertLabels.ALL);
        assertThat(m.inputChannels()).isEqualTo(1);
        assertThat(m.inputSize()).isEqualTo(128);
        assertThat(m.logitScale()).isBetween(1.0, 100.0);
    }

    @Test
    void sameSeedGivesSameContentHashAndAnotherSeedAnother(@TempDir final Path dir) throws Exception {
        final ModelBundle again = DemoBundleBuilder.build(dir.resolve("again"), DemoBundleBuilder.Options.defaults());
        assertThat(again.contentHash()).isEqualTo(bundle.contentHash());
        final ModelBundle other = DemoBundleBuilder.build(dir.resolve("other"), DemoBundleBuilder.Options.defaults().withSeed(7));
        assertThat(other.contentHash()).isNotEqualTo(bundle.contentHash());
    }

    @Test
    void ensureReusesAValidBundleAndRebuildsADamagedOne(@TempDir final Path dir) throws Exception {
        final Path target = dir.resolve("b");
        final ModelBundle first = DemoBundleBuilder.ensure(target);
        final long modified = Files.getLastModifiedTime(target.resolve("encoder.onnx")).toMillis();
        Thread.sleep(20);
        assertThat(DemoBundleBuilder.ensure(target).contentHash()).isEqualTo(first.contentHash());
        assertThat(Files.getLastModifiedTime(target.resolve("encoder.onnx")).toMillis()).isEqualTo(modified);

        Files.write(target.resolve("prompts.bin"), new byte[] {1, 2, 3});
        assertThat(DemoBundleBuilder.ensure(target).contentHash()).isEqualTo(first.contentHash());
    }

    @Test
    void freshPhantomsWithAFindingScoreHigherThanWithout() throws Exception {
        final PhantomGenerator generator = new PhantomGenerator();
        final Preprocessor preprocessor = Preprocessor.forBundle(bundle.manifest());
        try (ImageEncoder encoder = ImageEncoder.open(bundle, InferenceOptions.cpuDefaults())) {
            for (final String finding : List.of("Cardiomegaly", "Pleural Effusion", "Support Devices")) {
                final int label = bundle.labels().indexOf(finding);
                final List<float[]> with = new ArrayList<>();
                final List<float[]> without = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    with.add(preprocessor.toChw(generator.render(Set.of(finding), PhantomGenerator.Acquisition.nominal(), 1000 + i)));
                    without.add(preprocessor.toChw(generator.render(Set.of(), PhantomGenerator.Acquisition.nominal(), 1000 + i)));
                }
                final double meanWith = meanScore(encoder.embedAndScore(with), label);
                final double meanWithout = meanScore(encoder.embedAndScore(without), label);
                assertThat(meanWith).as(finding).isGreaterThan(meanWithout + 0.1);
            }
        }
    }

    private static double meanScore(final EncodedBatch studies, final int label) {
        return Arrays.stream(studies.scores()).mapToDouble(s -> s[label]).average().orElseThrow();
    }
}
