package io.radshift.offline;

import ai.onnxruntime.OrtException;
import io.radshift.inference.EncodedStudy;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.OfflineScorer;
import io.radshift.inference.ScoredImage;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.onnx.ExecutionProvider;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.window.StudyObservations;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The production {@link StudyScorer}: a validated model bundle run by ONNX Runtime through the inference
 * module's {@link OfflineScorer} (parallel decode, batched model calls). The quality features come from the
 * decoder and are converted by {@link StudyObservations#quality}, exactly as in the streaming path, so an
 * offline profile and streamed windows measure the same thing.
 */
public final class BundleStudyScorer implements StudyScorer {

    private final ModelBundle bundle;
    private final ImageEncoder encoder;
    private final OfflineScorer scorer;

    private BundleStudyScorer(final ModelBundle bundle, final ImageEncoder encoder, final int batchSize) {
        this.bundle = bundle;
        this.encoder = encoder;
        this.scorer = new OfflineScorer(encoder, new ImageDecoder(), batchSize);
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
    public List<ScoredStudy> score(final List<Path> files, final Progress progress) throws IOException {
        try {
            return scorer.scoreFiles(files, progress::update).stream().map(BundleStudyScorer::convert).toList();
        } catch (final OrtException e) {
            throw new IOException("ONNX Runtime failed while scoring: " + e.getMessage(), e);
        }
    }

    private static ScoredStudy convert(final ScoredImage image) {
        if (!image.ok()) {
            return ScoredStudy.failed(image.file(), image.failureReason() + ": " + image.failureMessage());
        }
        final EncodedStudy encoded = image.encoded().orElseThrow();
        return ScoredStudy.scored(image.file(), encoded.embedding(), encoded.scores(),
            StudyObservations.quality(image.quality().orElseThrow()));
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
