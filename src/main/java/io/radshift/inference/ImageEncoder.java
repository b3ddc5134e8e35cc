package io.radshift.inference;

import ai.onnxruntime.OrtException;
import io.radshift.inference.bundle.BundleManifest;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.onnx.ExecutionProvider;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.inference.onnx.OnnxModel;
import java.nio.file.Path;
import java.util.List;

/**
 * Embeds preprocessed images with a bundle's ONNX encoder and scores every label with its prompts.
 * Batches go through ONNX Runtime as one {@code [N,C,H,W]} tensor. Thread-safe: one encoder serves every stream
 * task of a process ({@link SharedEncoder}); model calls take turns, since one call already uses all the
 * session's intra-op threads and concurrent calls would only contend for the same cores.
 */
public final class ImageEncoder implements AutoCloseable {

    private final ModelBundle bundle;
    private final OnnxModel model;
    private final PromptScorer scorer;
    private final int maxBatch;

    private ImageEncoder(final ModelBundle bundle, final OnnxModel model, final int maxBatch) {
        this.bundle = bundle;
        this.model = model;
        this.scorer = new PromptScorer(bundle.prompts(), bundle.manifest().logitScale());
        this.maxBatch = maxBatch;
    }

    /** Opens the bundle's encoder (its fp16 variant when asked for and present). */
    public static ImageEncoder open(final ModelBundle bundle, final InferenceOptions options) throws OrtException {
        final BundleManifest m = bundle.manifest();
        final Path file = options.preferFp16() ? bundle.encoderFp16File().orElse(bundle.encoderFile()) : bundle.encoderFile();
        final long[] sample = {m.inputChannels(), m.inputSize(), m.inputSize()};
        return new ImageEncoder(bundle, OnnxModel.open(file, sample, options.provider(), options.intraOpThreads()), options.maxBatch());
    }

    /** The provider that actually runs the model (CUDA may have fallen back to CPU). */
    public ExecutionProvider.Kind provider() {
        return model.provider();
    }

    /** The bundle this encoder serves. */
    public ModelBundle bundle() {
        return bundle;
    }

    /**
     * Embeds and scores CHW tensors (each {@code C*H*W} floats from {@link io.radshift.inference.decode.Preprocessor}),
     * in input order. Inputs beyond the configured maximum batch are split into several model calls.
     */
    public synchronized EncodedBatch embedAndScore(final List<float[]> chwTensors) throws OrtException {
        final float[][] embeddings = new float[chwTensors.size()][];
        final float[][] scores = new float[chwTensors.size()][];
        for (int start = 0; start < chwTensors.size(); start += maxBatch) {
            final List<float[]> batch = chwTensors.subList(start, Math.min(chwTensors.size(), start + maxBatch));
            final float[][] out = model.run(batch);
            for (int i = 0; i < out.length; i++) {
                embeddings[start + i] = out[i];
                scores[start + i] = scorer.score(out[i]);
            }
        }
        return new EncodedBatch(embeddings, scores);
    }

    @Override
    public synchronized void close() throws OrtException {
        model.close();
    }
}
