package io.radshift.inference;

import ai.onnxruntime.OrtException;
import io.radshift.avro.ImageQuality;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.decode.ImageAnalyzer;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.decode.Preprocessor;
import io.radshift.inference.onnx.ExecutionProvider;
import io.radshift.ingest.DeadLetters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The one scoring path of RadShift, shared by the stream's inference processor, {@code baseline}, {@code assess},
 * the demo reference and the benchmarks: reads and decodes every image of a batch in parallel (on the shared
 * {@link DecodePool}, since decoding costs more than the model on a CPU), then embeds all decodable ones in one
 * model call. {@link #decode} and {@link #embed} are the two halves, so that {@link BatchPipeline} can decode one
 * batch while the model runs the previous one.
 *
 * <p>An image that is missing, unreadable or undecodable becomes a {@link ScoredImage#failed} entry with a reason
 * code; so does an unexpected {@link RuntimeException} while reading or decoding it (reason {@code other}: a decoder
 * bug on one hostile image must not stop the others). A model failure ({@link OrtException}) fails the batch: that
 * is not the image's fault, and the caller must retry or stop. Results keep input order. No Kafka here;
 * thread-safe (the encoder serialises model calls).
 */
public final class ImageScorer {

    /** Told about each model call, e.g. for the inference latency metrics. */
    @FunctionalInterface
    public interface ModelCallListener {
        /** One model call embedded {@code batchSize} images in {@code nanos} nanoseconds. */
        void completed(int batchSize, long nanos);
    }

    /** Receives progress after each batch of {@link #scoreAll}. */
    @FunctionalInterface
    public interface Progress {
        /** {@code done} of {@code total} images processed so far. */
        void update(int done, int total);
    }

    /** A listener that ignores model calls. */
    public static final ModelCallListener UNTIMED = (batchSize, nanos) -> { };

    /**
     * One image ready for the model.
     *
     * @param tensor  the CHW model input
     * @param quality the quality features, measured on the decoded image before resizing
     */
    public record Prepared(float[] tensor, ImageQuality quality) {
    }

    private final ImageEncoder encoder;
    private final ImageDecoder decoder;
    private final Preprocessor preprocessor;

    /** Scores with {@code encoder}'s bundle (and its preprocessing), decoding with {@code decoder}. */
    public ImageScorer(final ImageEncoder encoder, final ImageDecoder decoder) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.preprocessor = Preprocessor.forBundle(encoder.bundle().manifest());
    }

    /** The bundle whose model scores. */
    public ModelBundle bundle() {
        return encoder.bundle();
    }

    /** The provider that runs the model. */
    public ExecutionProvider.Kind provider() {
        return encoder.provider();
    }

    /** Reads, decodes and preprocesses one image: the per-image step {@link #score} runs in parallel. */
    public Prepared prepare(final ImageInput input) throws DecodeException {
        final ImageAnalyzer.Analysis image = decoder.analyze(input.bytes(), input.declaredFormat(),
                input.photometricInterpretation(), preprocessor.inputSize());
        return new Prepared(preprocessor.normalise(image.pixels()), image.quality());
    }

    /**
     * Scores one batch in one model call (split only beyond the encoder's maximum batch); the model time is reported
     * to {@code modelCall}, which is not called when no image of the batch decodes.
     */
    public List<ScoredImage> score(final List<? extends ImageInput> inputs, final ModelCallListener modelCall)
            throws OrtException {
        final ScoredBatch scored = embed(decode(inputs).join());
        if (scored.modelBatch() > 0) {
            modelCall.completed(scored.modelBatch(), scored.modelNanos());
        }
        return scored.results();
    }

    /**
     * Starts reading, decoding and preprocessing every image of a batch on the shared {@link DecodePool}; completes
     * when all are done. Never completes exceptionally: an image that fails becomes a failed entry.
     */
    public CompletableFuture<Decoded> decode(final List<? extends ImageInput> inputs) {
        final List<CompletableFuture<Attempt>> attempts = new ArrayList<>(inputs.size());
        for (final ImageInput input : inputs) {
            attempts.add(CompletableFuture.supplyAsync(() -> attempt(input), DecodePool.shared()));
        }
        return CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
                .thenApply(done -> new Decoded(attempts.stream().map(CompletableFuture::join).toArray(Attempt[]::new)));
    }

    /** Embeds every decoded image of a batch in one model call and assembles the results in input order. */
    public ScoredBatch embed(final Decoded decoded) throws OrtException {
        final List<float[]> tensors = new ArrayList<>(decoded.attempts.length);
        for (final Attempt a : decoded.attempts) {
            if (a.prepared != null) {
                tensors.add(a.prepared.tensor());
            }
        }
        if (tensors.isEmpty()) {
            return new ScoredBatch(assemble(decoded.attempts, null), 0, 0);
        }
        final long start = System.nanoTime();
        final EncodedBatch encoded = encoder.embedAndScore(tensors);
        final long nanos = System.nanoTime() - start;
        return new ScoredBatch(assemble(decoded.attempts, encoded), tensors.size(), nanos);
    }

    /**
     * Embeds and scores model inputs that are already preprocessed (e.g. {@code radshift explain}'s occluded copies
     * of one {@link #prepare prepared} image), in input order, in as few model calls as the encoder allows.
     */
    public EncodedBatch embedPrepared(final List<float[]> tensors) throws OrtException {
        return encoder.embedAndScore(tensors);
    }

    /** A batch after decoding: for each input its model input or its failure, in input order. */
    public static final class Decoded {
        private final Attempt[] attempts;

        private Decoded(final Attempt[] attempts) {
            this.attempts = attempts;
        }
    }

    /**
     * A scored batch.
     *
     * @param results    one result per input, in input order
     * @param modelBatch images in the model call (0 when none decoded and the model was not called)
     * @param modelNanos duration of the model call
     */
    public record ScoredBatch(List<ScoredImage> results, int modelBatch, long modelNanos) {
    }

    /** Scores any number of images in consecutive batches of {@code batchSize}, in input order, untimed. */
    public List<ScoredImage> scoreAll(final List<? extends ImageInput> inputs, final int batchSize,
                                      final Progress progress) throws OrtException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1");
        }
        final List<ScoredImage> out = new ArrayList<>(inputs.size());
        for (int start = 0; start < inputs.size(); start += batchSize) {
            out.addAll(score(inputs.subList(start, Math.min(inputs.size(), start + batchSize)), UNTIMED));
            progress.update(out.size(), inputs.size());
        }
        return out;
    }

    private Attempt attempt(final ImageInput input) {
        try {
            return new Attempt(prepare(input), null);
        } catch (final DecodeException e) {
            return new Attempt(null, ScoredImage.failed(e.reason(), e.getMessage()));
        } catch (final RuntimeException e) {
            // A decoder bug on one hostile image must not fail the batch: that image fails with the exception type.
            return new Attempt(null, ScoredImage.failed(DeadLetters.OTHER,
                    "unexpected " + e.getClass().getSimpleName() + " while decoding"));
        }
    }

    private static List<ScoredImage> assemble(final Attempt[] attempts, final EncodedBatch encoded) {
        final List<ScoredImage> out = new ArrayList<>(attempts.length);
        int next = 0;
        for (final Attempt a : attempts) {
            if (a.prepared == null) {
                out.add(a.failure);
            } else {
                out.add(ScoredImage.scored(encoded.embeddings()[next], encoded.scores()[next], a.prepared.quality()));
                next++;
            }
        }
        return out;
    }

    /** One image after reading and decoding: ready for the model, or failed. */
    private record Attempt(Prepared prepared, ScoredImage failure) {
    }
}
