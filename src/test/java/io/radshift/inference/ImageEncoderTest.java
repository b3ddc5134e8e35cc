package io.radshift.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;

import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.Preprocessor;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.demo.model.PhantomGenerator;
import io.radshift.inference.onnx.ExecutionProvider;
import io.radshift.inference.onnx.InferenceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageEncoderTest {

    @TempDir
    static Path dir;

    private static ModelBundle bundle;
    private static ImageEncoder encoder;
    private static final PhantomGenerator PHANTOMS = new PhantomGenerator();

    @BeforeAll
    static void open() throws Exception {
        bundle = DemoBundleBuilder.ensure(dir.resolve("demo"));
        encoder = ImageEncoder.open(bundle, InferenceOptions.cpuDefaults().withIntraOpThreads(2));
    }

    @AfterAll
    static void close() throws Exception {
        encoder.close();
    }

    private static List<float[]> phantoms(final int count, final long seed) {
        final Preprocessor pre = Preprocessor.forBundle(bundle.manifest());
        final List<float[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final Set<String> findings = i % 3 == 0 ? Set.of("Cardiomegaly") : Set.of();
            out.add(pre.toChw(PHANTOMS.render(findings, PhantomGenerator.Acquisition.nominal(), seed + i)));
        }
        return out;
    }

    @Test
    void anImageAloneAndInsideABatchOf32GetsTheSameEmbedding() throws Exception {
        final List<float[]> batch = phantoms(32, 500);
        final EncodedBatch alone = encoder.embedAndScore(List.of(batch.get(17)));
        final EncodedBatch inBatch = encoder.embedAndScore(batch);
        assertThat(alone.size()).isEqualTo(1);
        assertThat(inBatch.size()).isEqualTo(32);
        assertThat(inBatch.embeddings()[17]).containsExactly(alone.embeddings()[0], within(1e-5f));
        assertThat(inBatch.scores()[17]).containsExactly(alone.scores()[0], within(1e-5f));
        assertThat(encoder.provider()).isEqualTo(ExecutionProvider.Kind.CPU);
    }

    @Test
    void embeddingsAreUnitNormAndScoresFollowTheTwoPromptSoftmax() throws Exception {
        final double scale = bundle.manifest().logitScale();
        final EncodedBatch batch = encoder.embedAndScore(phantoms(5, 900));
        for (int i = 0; i < batch.size(); i++) {
            final float[] embedding = batch.embeddings()[i];
            double norm = 0;
            for (final float v : embedding) {
                norm += v * v;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-4));
            assertThat(batch.scores()[i]).hasSize(bundle.labels().size());
            for (int l = 0; l < bundle.labels().size(); l++) {
                final double pos = scale * cosine(embedding, bundle.prompts().positive(l));
                final double neg = scale * cosine(embedding, bundle.prompts().negative(l));
                final double max = Math.max(pos, neg);
                final double expected = Math.exp(pos - max) / (Math.exp(pos - max) + Math.exp(neg - max));
                assertThat((double) batch.scores()[i][l]).isCloseTo(expected, within(1e-5));
            }
        }
    }

    @Test
    void batchesLargerThanTheMaximumAreSplitWithoutChangingResults() throws Exception {
        final List<float[]> images = phantoms(40, 77);
        try (ImageEncoder small = ImageEncoder.open(bundle, new InferenceOptions(ExecutionProvider.cpu(), 1, false, 7))) {
            final EncodedBatch split = small.embedAndScore(images);
            final EncodedBatch whole = encoder.embedAndScore(images);
            assertThat(split.size()).isEqualTo(40);
            for (int i = 0; i < 40; i++) {
                assertThat(split.embeddings()[i]).containsExactly(whole.embeddings()[i], within(1e-5f));
                assertThat(split.scores()[i]).containsExactly(whole.scores()[i], within(1e-5f));
            }
        }
    }

    @Test
    void cudaRequestOnTheGpuBuildRunsAndFallsBackToCpuWhereCudaIsMissing() throws Exception {
        assumeTrue(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "CPU build of ONNX Runtime (no -Pgpu)");
        final List<float[]> images = phantoms(3, 4);
        try (ImageEncoder cuda = ImageEncoder.open(bundle, InferenceOptions.cpuDefaults().withProvider(ExecutionProvider.cuda(0)))) {
            final EncodedBatch viaCuda = cuda.embedAndScore(images);
            final EncodedBatch viaCpu = encoder.embedAndScore(images);
            for (int i = 0; i < images.size(); i++) {
                assertThat(viaCuda.embeddings()[i]).containsExactly(viaCpu.embeddings()[i], within(1e-3f));
            }
            if (!Files.exists(Path.of("/usr/local/cuda")) && System.getenv("CUDA_HOME") == null) {
                assertThat(cuda.provider()).isEqualTo(ExecutionProvider.Kind.CPU);
            }
        }
    }

    @Test
    void cudaRequestOnTheCpuBuildFailsWithOneLineNamingTheGpuBuild() {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "GPU build of ONNX Runtime (-Pgpu)");
        assertThatThrownBy(() -> ImageEncoder.open(bundle, InferenceOptions.cpuDefaults().withProvider(ExecutionProvider.cuda(0))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-Pgpu")
                .hasMessageContaining("model.provider: cpu")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static double cosine(final float[] a, final float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
