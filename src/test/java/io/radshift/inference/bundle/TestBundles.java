package io.radshift.inference.bundle;

import io.radshift.tools.demo.model.ConvEncoderGraph;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Small real bundles for loader tests: a 32x32 demo-style ONNX encoder and random unit prompts. */
final class TestBundles {

    static final int SIZE = 32;
    static final int DIM = 8;
    static final List<String> LABELS = List.of("Cardiomegaly", "Pneumothorax", "No Finding");

    private TestBundles() {
    }

    static byte[] encoder(final int size, final int dim) {
        final int f = ConvEncoderGraph.featureCount();
        final double[] mean = new double[f];
        final double[] std = new double[f];
        java.util.Arrays.fill(std, 1.0);
        return new ConvEncoderGraph(size, dim, 3).encoder(mean, std).toByteArray();
    }

    static float[][] unitVectors(final Random random, final int count, final int dim) {
        final float[][] out = new float[count][];
        for (int i = 0; i < count; i++) {
            final double[] v = new double[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = random.nextGaussian();
            }
            out[i] = VectorMath.normalised(v);
        }
        return out;
    }

    static PromptEmbeddings prompts(final int labels, final int dim) {
        final Random random = new Random(11);
        return new PromptEmbeddings(unitVectors(random, labels, dim), unitVectors(random, labels, dim));
    }

    static BundleManifest manifest(final int size, final int dim) {
        return new BundleManifest(1, "test-model", "1", size, 1, new double[] {0.5}, new double[] {0.25}, dim, 20.0,
                LABELS, BundleFiles.defaults(), "sha256:pending");
    }

    static BundleManifest write(final java.nio.file.Path dir) throws java.io.IOException {
        return BundleWriter.write(dir, manifest(SIZE, DIM), encoder(SIZE, DIM), Optional.empty(), prompts(LABELS.size(), DIM));
    }
}
