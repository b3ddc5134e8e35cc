package io.radshift.inference;

import ai.onnxruntime.OrtException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Overlaps decoding with the model: a submitted batch is decoded on the shared {@link DecodePool} and then embedded
 * on this pipeline's model thread, so batch k+1 decodes while batch k runs in ONNX Runtime. Model calls run one at a
 * time in submission order. The pipeline holds no record of what was submitted: callers keep their inputs where
 * they are safe (the inference processor in its changelogged buffer store) and only the derived results here.
 */
public final class BatchPipeline implements AutoCloseable {

    private final ImageScorer scorer;
    private final ExecutorService model;

    /** A pipeline with its own model thread named {@code radshift-model-N}. */
    public BatchPipeline(final ImageScorer scorer) {
        this.scorer = scorer;
        this.model = Executors.newSingleThreadExecutor(DecodePool.daemonThreads("radshift-model-"));
    }

    /** Starts decoding {@code inputs} now and embedding them once decoded and the previous batch's model call is done. */
    public CompletableFuture<ImageScorer.ScoredBatch> submit(final List<? extends ImageInput> inputs) {
        return scorer.decode(inputs).thenApplyAsync(decoded -> {
            try {
                return scorer.embed(decoded);
            } catch (final OrtException e) {
                throw new CompletionException(e);
            }
        }, model);
    }

    /**
     * Waits for a submitted batch.
     *
     * @throws OrtException when its model call failed
     */
    public static ImageScorer.ScoredBatch await(final CompletableFuture<ImageScorer.ScoredBatch> batch) throws OrtException {
        try {
            return batch.get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a model call", e);
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof OrtException ort) {
                throw ort;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Lets the model call in progress finish (at most 30 s) and stops the model thread. */
    @Override
    public void close() {
        model.shutdown();
        try {
            if (!model.awaitTermination(30, TimeUnit.SECONDS)) {
                model.shutdownNow();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            model.shutdownNow();
        }
    }
}
