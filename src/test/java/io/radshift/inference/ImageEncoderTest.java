package io.radshift.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.ImageDecoder;
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
        final EncodedStudy alone = encoder.embedAndScore(List.of(batch.get(17))).get(0);
        final EncodedStudy inBatch = encoder.embedAndScore(batch).get(17);
        assertThat(inBatch.embedding()).containsExactly(alone.embedding(), within(1e-5f));
        assertThat(inBatch.scores()).containsExactly(alone.scores(), within(1e-5f));
        assertThat(encoder.provider()).isEqualTo(ExecutionProvider.Kind.CPU);
    }

    @Test
    void embeddingsAreUnitNormAndScoresFollowTheTwoPromptSoftmax() throws Exception {
        final double scale = bundle.manifest().logitScale();
        for (final EncodedStudy study : encoder.embedAndScore(phantoms(5, 900))) {
            double norm = 0;
            for (final float v : study.embedding()) {
                norm += v * v;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-4));
            for (int l = 0; l < bundle.labels().size(); l++) {
                final double pos = scale * cosine(study.embedding(), bundle.prompts().positive(l));
                final double neg = scale * cosine(study.embedding(), bundle.prompts().negative(l));
                final double max = Math.max(pos, neg);
                final double expected = Math.exp(pos - max) / (Math.exp(pos - max) + Math.exp(neg - max));
                assertThat((double) study.scores()[l]).isCloseTo(expected, within(1e-5));
            }
        }
    }

    @Test
    void batchesLargerThanTheMaximumAreSplitWithoutChangingResults() throws Exception {
        final List<float[]> images = phantoms(40, 77);
        try (ImageEncoder small = ImageEncoder.open(bundle, new InferenceOptions(ExecutionProvider.cpu(), 1, false, 7))) {
            final List<EncodedStudy> split = small.embedAndScore(images);
            final List<EncodedStudy> whole = encoder.embedAndScore(images);
            assertThat(split).hasSize(40);
            for (int i = 0; i < 40; i++) {
                assertThat(split.get(i).embedding()).containsExactly(whole.get(i).embedding(), within(1e-5f));
            }
        }
    }

    @Test
    void cudaRequestRunsAndFallsBackToCpuWhereCudaIsMissing() throws Exception {
        final List<float[]> images = phantoms(3, 4);
        try (ImageEncoder cuda = ImageEncoder.open(bundle, InferenceOptions.cpuDefaults().withProvider(ExecutionProvider.cuda(0)))) {
            final List<EncodedStudy> viaCuda = cuda.embedAndScore(images);
            final List<EncodedStudy> viaCpu = encoder.embedAndScore(images);
            for (int i = 0; i < images.size(); i++) {
                assertThat(viaCuda.get(i).embedding()).containsExactly(viaCpu.get(i).embedding(), within(1e-3f));
            }
            if (!Files.exists(Path.of("/usr/local/cuda")) && System.getenv("CUDA_HOME") == null) {
                assertThat(cuda.provider()).isEqualTo(ExecutionProvider.Kind.CPU);
            }
        }
    }

    @Test
    void offlineScorerKeepsOrderReportsFailuresAndProgress(@TempDir final Path images) throws Exception {
        final List<Path> files = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            final Path file = images.resolve("p" + i + ".png");
            Files.write(file, PHANTOMS.png(Set.of(), PhantomGenerator.Acquisition.nominal(), i));
            files.add(file);
        }
        final Path broken = images.resolve("broken.png");
        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0});
        files.add(2, broken);
        final List<int[]> updates = new ArrayList<>();
        final List<ScoredImage> results = new OfflineScorer(encoder, new ImageDecoder(), 4)
                .scoreFiles(files, (done, total) -> updates.add(new int[] {done, total}));
        assertThat(results).extracting(ScoredImage::file).containsExactlyElementsOf(files);
        assertThat(results.get(2).ok()).isFalse();
        assertThat(results.get(2).failureReason()).isEqualTo("corrupt-image");
        assertThat(results.stream().filter(ScoredImage::ok).count()).isEqualTo(5);
        assertThat(updates).extracting(u -> u[0]).containsExactly(4, 6);
        final EncodedStudy direct = encoder.embedAndScore(List.of(Preprocessor.forBundle(bundle.manifest())
                .toChw(new ImageDecoder().decode(Files.readAllBytes(files.get(3))).grey()))).get(0);
        assertThat(results.get(3).encoded().orElseThrow().embedding()).containsExactly(direct.embedding(), within(1e-5f));
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
