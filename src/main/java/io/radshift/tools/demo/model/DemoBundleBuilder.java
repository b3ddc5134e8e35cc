package io.radshift.tools.demo.model;

import ai.onnxruntime.OrtException;
import io.radshift.inference.bundle.BundleFiles;
import io.radshift.inference.bundle.BundleManifest;
import io.radshift.inference.bundle.BundleWriter;
import io.radshift.inference.bundle.InvalidBundleException;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.bundle.PromptEmbeddings;
import io.radshift.inference.onnx.ExecutionProvider;
import io.radshift.inference.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the demo model bundle: the untrained convolutional encoder of {@link ConvEncoderGraph} plus prompt
 * embeddings computed as class prototypes from labelled reference images, so the whole pipeline runs without
 * downloading BiomedCLIP.
 *
 * <p>Steps: render (or decode) the reference images and resize them to the input size (128 px by default: a 1x128x128
 * input keeps the CPU cost per image small while the four stride-2 blocks still see lung-scale structure); set the
 * input mean/std to the reference pixels' mean/std; run the feature graph to measure each pooled feature's mean and
 * std; build the final encoder with that standardisation folded into its Gemm; embed the references with ONNX
 * Runtime; positive prompt of a label = normalised mean embedding of the images with it, negative = of those without.
 * The logit scale is {@code ln(9) / median |cos(e, pos) - cos(e, neg)|} over all references and labels (clamped to
 * [1, 100]), so a typical margin maps to a score of 0.9 or 0.1 and scores spread over (0, 1) instead of sitting at 0.5.
 * Everything is seeded: the same options give byte-identical files and the same content hash.
 */
public final class DemoBundleBuilder {

    /** Model id written into the demo bundle's {@code bundle.json}. */
    public static final String MODEL_ID = "radshift-demo-conv";

    private static final Logger LOG = LoggerFactory.getLogger(DemoBundleBuilder.class);
    private static final int BATCH = 64;

    /**
     * Build options.
     *
     * @param seed         seed of the encoder weights and of the phantom reference set
     * @param inputSize    square input size of the encoder
     * @param embeddingDim output dimension
     * @param phantomCount number of phantom reference images (ignored with real references)
     * @param reference    real labelled images to use instead of phantoms
     */
    public record Options(long seed, int inputSize, int embeddingDim, int phantomCount, Optional<LabelledImages> reference) {

        /** Seed 20261127, 128 px, 128-d, 600 phantoms. */
        public static Options defaults() {
            return new Options(20_261_127L, 128, 128, 600, Optional.empty());
        }

        /** The same options with another seed. */
        public Options withSeed(final long newSeed) {
            return new Options(newSeed, inputSize, embeddingDim, phantomCount, reference);
        }

        /** The same options with real labelled reference images. */
        public Options withReference(final LabelledImages images) {
            return new Options(seed, inputSize, embeddingDim, phantomCount, Optional.of(images));
        }
    }

    private DemoBundleBuilder() {
    }

    /**
     * Returns the demo bundle in {@code dir}, building it with {@link Options#defaults()} when it is absent or
     * invalid. Refuses to overwrite a valid bundle of another model.
     */
    public static ModelBundle ensure(final Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(BundleManifest.FILE_NAME))) {
            try {
                final ModelBundle existing = ModelBundle.load(dir);
                if (!existing.modelId().equals(MODEL_ID)) {
                    throw new IOException("bundle " + dir + " holds model " + existing.modelId() + ", not the demo bundle; not overwriting it");
                }
                return existing;
            } catch (final InvalidBundleException e) {
                LOG.warn("Rebuilding the demo bundle: {}", e.getMessage());
            }
        }
        return build(dir, Options.defaults());
    }

    /** Builds the bundle into {@code dir} and loads it back (which validates it). */
    public static ModelBundle build(final Path dir, final Options options) throws IOException {
        final ReferenceSet reference = options.reference().isPresent()
                ? ReferenceSet.fromImages(options.reference().get(), options.inputSize())
                : ReferenceSet.fromPhantoms(options.phantomCount(), options.inputSize(), options.seed());
        final ConvEncoderGraph graph = new ConvEncoderGraph(options.inputSize(), options.embeddingDim(), options.seed());
        try {
            final float[][] features = run(graph.features().toByteArray(), reference);
            final byte[] encoder = graph.encoder(columnMean(features), columnStd(features)).toByteArray();
            final float[][] embeddings = run(encoder, reference);
            final PromptEmbeddings prompts = Prototypes.fromEmbeddings(embeddings, reference.positives());
            final double logitScale = Prototypes.logitScale(embeddings, prompts);
            final BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, MODEL_ID, "seed-" + options.seed(),
                    options.inputSize(), 1, new double[] {reference.pixelMean()}, new double[] {reference.pixelStd()},
                    options.embeddingDim(), logitScale, reference.labels(), BundleFiles.defaults(), "sha256:pending");
            BundleWriter.write(dir, manifest, encoder, Optional.empty(), prompts);
        } catch (final OrtException e) {
            throw new IOException("ONNX Runtime failed while building the demo bundle: " + e.getMessage(), e);
        }
        LOG.info("Built demo bundle in {} from {} reference images", dir, reference.size());
        return ModelBundle.load(dir);
    }

    private static float[][] run(final byte[] model, final ReferenceSet reference) throws OrtException {
        final int s = reference.inputSize();
        try (OnnxModel onnx = OnnxModel.open(model, new long[] {1, s, s}, ExecutionProvider.cpu(), 0)) {
            final float[][] out = new float[reference.size()][];
            for (int start = 0; start < reference.size(); start += BATCH) {
                final int end = Math.min(reference.size(), start + BATCH);
                System.arraycopy(onnx.run(reference.tensors().subList(start, end)), 0, out, start, end - start);
            }
            return out;
        }
    }

    private static double[] columnMean(final float[][] rows) {
        final double[] mean = new double[rows[0].length];
        for (final float[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                mean[j] += row[j] / (double) rows.length;
            }
        }
        return mean;
    }

    private static double[] columnStd(final float[][] rows) {
        final double[] mean = columnMean(rows);
        final double[] var = new double[mean.length];
        for (final float[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                var[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / rows.length;
            }
        }
        for (int j = 0; j < var.length; j++) {
            var[j] = Math.sqrt(var[j]);
        }
        return var;
    }
}
