package io.radshift.offline;

import ai.onnxruntime.OrtException;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.ImageInput;
import io.radshift.inference.ImageScorer;
import io.radshift.inference.ScoredImage;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.onnx.ExecutionProvider;
import io.radshift.inference.onnx.InferenceOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The production {@link StudyScorer}: a validated model bundle run by ONNX Runtime through the stream's own
 * {@link ImageScorer} (parallel decode, batched model calls), so an offline profile and streamed windows measure
 * the same thing.
 */
public final class BundleStudyScorer implements StudyScorer {

    private final ModelBundle bundle;
    private final ImageEncoder encoder;
    private final ImageScorer scorer;
    private final int batchSize;

    private BundleStudyScorer(final ModelBundle bundle, final ImageEncoder encoder, final int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1");
        }
        this.bundle = bundle;
        this.encoder = encoder;
        this.scorer = new ImageScorer(encoder, new ImageDecoder());
        this.batchSize = batchSize;
    }

    /**
     * Loads and validates the bundle in {@code dir} and opens its encoder on {@code provider} ("cpu", "cuda" or
     * "cuda:N"; CUDA falls back to CPU when unavailable).
     *
     * @param intraOpThreads ONNX Runtime threads, 0 = all cores
     * @param batchSize images per model call
     */
    public static BundleStudyScorer open(final Path dir, final String provider, final int intraOpThreads,
                                         final int batchSize) throws IOException {
        final ModelBundle bundle = ModelBundle.load(dir);
        final InferenceOptions options = InferenceOptions.cpuDefaults()
            .withProvider(ExecutionProvider.parse(provider)).withIntraOpThreads(intraOpThreads);
        try {
            return new BundleStudyScorer(bundle, ImageEncoder.open(bundle, options), batchSize);
        } catch (final OrtException e) {
            throw new IOException("bundle " + dir + ": ONNX Runtime cannot open the encoder: " + e.getMessage(), e);
        }
    }

    /** Opens a bundle on the CPU with all cores and batches of 32. */
    public static BundleStudyScorer open(final Path dir) throws IOException {
        return open(dir, "cpu", 0, 32);
    }

    /** The loaded bundle. */
    public ModelBundle bundle() {
        return bundle;
    }

    /** The one scoring path this scorer runs, for callers that score prepared images themselves (explain). */
    public ImageScorer imageScorer() {
        return scorer;
    }

    @Override
    public String modelId() {
        return bundle.modelId();
    }

    @Override
    public String bundleHash() {
        return bundle.contentHash();
    }

    @Override
    public List<String> labels() {
        return bundle.labels();
    }

    @Override
    public List<ScoredImage> score(final List<Path> files, final ImageScorer.Progress progress) throws IOException {
        try {
            return scorer.scoreAll(files.stream().map(ImageInput::ofFile).toList(), batchSize, progress);
        } catch (final OrtException e) {
            throw new IOException("ONNX Runtime failed while scoring: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            encoder.close();
        } catch (final OrtException e) {
            throw new IOException("cannot close the encoder: " + e.getMessage(), e);
        }
    }
}
