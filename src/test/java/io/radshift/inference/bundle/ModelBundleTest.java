package io.radshift.inference.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

    @TempDir
    Path dir;

    @Test
    void validBundleLoadsWithItsManifestPromptsAndHash() throws Exception {
        final BundleManifest written = TestBundles.write(dir);
        final ModelBundle bundle = ModelBundle.load(dir);
        assertThat(bundle.labels()).isEqualTo(TestBundles.LABELS);
        assertThat(bundle.contentHash()).isEqualTo(written.contentHash()).startsWith("sha256:").hasSize(71);
        assertThat(bundle.prompts().positive(1)).containsExactly(TestBundles.prompts(3, TestBundles.DIM).positive(1));
    }

    @Test
    void missingDirectoryManifestOrListedFileIsNamed() throws Exception {
        assertThatThrownBy(() -> ModelBundle.load(dir.resolve("nope"))).hasMessageContaining("not a directory");
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessage("bundle " + dir + ": missing file bundle.json");
        TestBundles.write(dir);
        Files.delete(dir.resolve("prompts.bin"));
        assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(InvalidBundleException.class)
                .hasMessage("bundle " + dir + ": missing file prompts.bin (listed in bundle.json)");
    }

    @Test
    void malformedJsonAndMissingFieldsAreReported() throws Exception {
        TestBundles.write(dir);
        final String json = Files.readString(dir.resolve("bundle.json"));
        Files.writeString(dir.resolve("bundle.json"), json.substring(0, json.length() / 2));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("bundle.json is not valid JSON");
        Files.writeString(dir.resolve("bundle.json"), json.replace("\"logitScale\"", "\"logitScal\""));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("missing field 'logitScale'");
        Files.writeString(dir.resolve("bundle.json"), json.replace("\"inputChannels\" : 1", "\"inputChannels\" : 2"));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("inputChannels must be 1 or 3, got 2");
    }

    @Test
    void contentHashMismatchSaysBothHashes() throws Exception {
        final BundleManifest written = TestBundles.write(dir);
        final byte[] encoder = Files.readAllBytes(dir.resolve("encoder.onnx"));
        encoder[encoder.length - 1] ^= 1;
        Files.write(dir.resolve("encoder.onnx"), encoder);
        final String actual = BundleHash.compute(dir, written.files().hashedFiles());
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessage("bundle " + dir + ": content hash mismatch: bundle.json says "
                + written.contentHash() + ", files hash to " + actual);
    }

    @Test
    void inputShapeMismatchWithTheOnnxModelIsReported() throws Exception {
        BundleWriter.write(dir, TestBundles.manifest(64, TestBundles.DIM), TestBundles.encoder(32, TestBundles.DIM),
                Optional.empty(), TestBundles.prompts(3, TestBundles.DIM));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("shape mismatch: encoder.onnx declares input [-1, 1, 32, 32]")
                .hasMessageContaining("expects [N, 1, 64, 64]");
    }

    @Test
    void outputDimensionMismatchWithTheOnnxModelIsReported() throws Exception {
        BundleWriter.write(dir, TestBundles.manifest(32, 16), TestBundles.encoder(32, 8), Optional.empty(), TestBundles.prompts(3, 16));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("shape mismatch: encoder.onnx declares output [-1, 8]")
                .hasMessageContaining("expects [N, 16]");
    }

    @Test
    void promptFileOfTheWrongSizeIsReported() throws Exception {
        BundleWriter.write(dir, TestBundles.manifest(32, 8), TestBundles.encoder(32, 8), Optional.empty(), TestBundles.prompts(2, 8));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("prompts.bin has 128 bytes, expected 192 (3 labels x 2 prompts x 8 float32)");
    }

    @Test
    void nonNormalisedPromptIsReported() throws Exception {
        final float[][] pos = TestBundles.unitVectors(new Random(1), 3, 8);
        final float[][] neg = TestBundles.unitVectors(new Random(2), 3, 8);
        neg[2][0] *= 3;
        BundleWriter.write(dir, TestBundles.manifest(32, 8), TestBundles.encoder(32, 8), Optional.empty(), new PromptEmbeddings(pos, neg));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("negative prompt of label 2 is not L2-normalised");
    }

    @Test
    void garbageEncoderIsNotALoadableModel() throws Exception {
        BundleWriter.write(dir, TestBundles.manifest(32, 8), "not onnx".getBytes(StandardCharsets.US_ASCII), Optional.empty(),
                TestBundles.prompts(3, 8));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("encoder.onnx is not a loadable ONNX model");
    }

    /**
     * Writes a bundle the way tools/export_biomedclip.py does (hand-written JSON, numpy-style little-endian prompt
     * file with an fp16 variant listed, hash computed here independently of BundleHash) and loads it.
     */
    @Test
    void bundleInTheExportScriptLayoutLoads() throws Exception {
        final byte[] encoder = TestBundles.encoder(32, 8);
        Files.write(dir.resolve("encoder.onnx"), encoder);
        Files.write(dir.resolve("encoder-fp16.onnx"), encoder);
        final float[][] vectors = TestBundles.unitVectors(new Random(5), 6, 8);
        final ByteBuffer prompts = ByteBuffer.allocate(6 * 8 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (final float[] v : vectors) {
            for (final float x : v) {
                prompts.putFloat(x);
            }
        }
        Files.write(dir.resolve("prompts.bin"), prompts.array());
        final String hash = pythonStyleHash("encoder.onnx", "encoder-fp16.onnx", "prompts.bin");
        Files.writeString(dir.resolve("bundle.json"), """
                {"formatVersion": 1, "modelId": "biomedclip-test", "version": "export-1", "inputSize": 32,
                 "inputChannels": 1, "mean": [0.48145466], "std": [0.26862954], "embeddingDim": 8,
                 "logitScale": 54.6, "labels": ["Atelectasis", "Cardiomegaly", "Edema"],
                 "files": {"encoder": "encoder.onnx", "encoderFp16": "encoder-fp16.onnx", "prompts": "prompts.bin"},
                 "contentHash": "%s"}
                """.formatted(hash));
        final ModelBundle bundle = ModelBundle.load(dir);
        assertThat(bundle.contentHash()).isEqualTo(hash);
        assertThat(bundle.encoderFp16File()).contains(dir.resolve("encoder-fp16.onnx"));
        assertThat(bundle.prompts().positive(1)).containsExactly(vectors[2]);
        assertThat(bundle.prompts().negative(2)).containsExactly(vectors[5]);
    }

    private String pythonStyleHash(final String... names) throws Exception {
        final MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (final String name : names) {
            final byte[] content = Files.readAllBytes(dir.resolve(name));
            final ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(name.getBytes(StandardCharsets.UTF_8));
            frame.write(0);
            frame.write(ByteBuffer.allocate(8).putLong(content.length).array());
            frame.write(content);
            sha.update(frame.toByteArray());
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }
}
