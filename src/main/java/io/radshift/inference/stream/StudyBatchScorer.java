package io.radshift.inference.stream;

import ai.onnxruntime.OrtException;
import io.radshift.avro.ImageQuality;
import io.radshift.avro.LabelScore;
import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyInference;
import io.radshift.inference.EncodedStudy;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.decode.DecodedImage;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.decode.Preprocessor;
import io.radshift.inference.onnx.ExecutionProvider;
import io.radshift.ingest.DeadLetters;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Scores one micro-batch of studies: fetches and decodes every image (in parallel on the common fork-join pool,
 * since decoding costs more than the model on a CPU), then embeds all decodable ones in one model call.
 *
 * <p>A study whose image is missing, unreadable or undecodable becomes a {@link Result#failed} entry with a reason
 * code; it never fails the batch. A model failure ({@link OrtException}) does fail the batch: that is not the
 * study's fault, and the caller must retry it. Results keep input order. No Kafka here.
 */
public final class StudyBatchScorer {

    /**
     * One study's result.
     *
     * @param inference the inference; null when the study failed
     * @param reason    the failure reason code; null on success
     * @param message   the failure explanation; null on success
     */
    public record Result(StudyInference inference, String reason, String message) {

        /** A failed study. */
        public static Result failed(final String reason, final String message) {
            return new Result(null, reason, message);
        }

        /** True when the study was scored. */
        public boolean ok() {
            return inference != null;
        }
    }

    private final ImageEncoder encoder;
    private final ImageDecoder decoder;
    private final ImageSource images;
    private final Preprocessor preprocessor;
    private final List<String> labels;
    private final String modelId;
    private final String bundleHash;

    /** Scores with {@code encoder}'s bundle, decoding with {@code decoder}, fetching images with {@code images}. */
    public StudyBatchScorer(final ImageEncoder encoder, final ImageDecoder decoder, final ImageSource images) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.images = images;
        this.preprocessor = Preprocessor.forBundle(encoder.bundle().manifest());
        this.labels = encoder.bundle().labels();
        this.modelId = encoder.bundle().modelId();
        this.bundleHash = encoder.bundle().contentHash();
    }

    /** The provider that runs the model. */
    public ExecutionProvider.Kind provider() {
        return encoder.provider();
    }

    /** Scores {@code studies}; the model time of the batch is reported to {@code modelCall}. */
    public List<Result> score(final List<StudyEvent> studies, final ModelCallListener modelCall) throws OrtException {
        final Prepared[] prepared = new Prepared[studies.size()];
        IntStream.range(0, studies.size()).parallel().forEach(i -> prepared[i] = prepare(studies.get(i)));
        final List<float[]> tensors = new ArrayList<>(studies.size());
        for (final Prepared p : prepared) {
            if (p.tensor != null) {
                tensors.add(p.tensor);
            }
        }
        if (tensors.isEmpty()) {
            return failures(prepared);
        }
        final long start = System.nanoTime();
        final List<EncodedStudy> encoded = encoder.embedAndScore(tensors);
        final long nanos = System.nanoTime() - start;
        modelCall.completed(tensors.size(), nanos);
        return assemble(studies, prepared, encoded, nanos / 1e6, tensors.size());
    }

    /** Told about each model call. */
    @FunctionalInterface
    public interface ModelCallListener {
        /** One model call embedded {@code batchSize} images in {@code nanos} nanoseconds. */
        void completed(int batchSize, long nanos);
    }

    private Prepared prepare(final StudyEvent study) {
        try {
            final CharSequence photometric = study.getMetadata() == null ? null : study.getMetadata().getPhotometricInterpretation();
            final DecodedImage image = decoder.decode(images.bytesOf(study), study.getImageFormat(),
                    photometric == null ? null : photometric.toString());
            return new Prepared(preprocessor.toChw(image.grey()), image.quality(), null, null);
        } catch (final DecodeException e) {
            return new Prepared(null, null, e.reason(), e.getMessage());
        } catch (final RuntimeException e) {
            // A decoder bug on one hostile image must not stop the stream: dead-letter it with the exception type.
            return new Prepared(null, null, DeadLetters.OTHER, "unexpected " + e.getClass().getSimpleName() + " while decoding");
        }
    }

    private static List<Result> failures(final Prepared[] prepared) {
        final List<Result> out = new ArrayList<>(prepared.length);
        for (final Prepared p : prepared) {
            out.add(Result.failed(p.reason, p.message));
        }
        return out;
    }

    private List<Result> assemble(final List<StudyEvent> studies, final Prepared[] prepared, final List<EncodedStudy> encoded,
                                  final double latencyMs, final int modelBatch) {
        final List<Result> out = new ArrayList<>(studies.size());
        int next = 0;
        for (int i = 0; i < prepared.length; i++) {
            final Prepared p = prepared[i];
            out.add(p.tensor == null ? Result.failed(p.reason, p.message)
                    : new Result(inference(studies.get(i), encoded.get(next++), p.quality, latencyMs, modelBatch), null, null));
        }
        return out;
    }

    private StudyInference inference(final StudyEvent study, final EncodedStudy encoded, final ImageQuality quality,
                                     final double latencyMs, final int modelBatch) {
        final List<Float> embedding = new ArrayList<>(encoded.embedding().length);
        for (final float v : encoded.embedding()) {
            embedding.add(v);
        }
        final List<LabelScore> scores = new ArrayList<>(labels.size());
        for (int l = 0; l < labels.size(); l++) {
            scores.add(new LabelScore(labels.get(l), encoded.scores()[l]));
        }
        return StudyInference.newBuilder()
                .setStudyId(study.getStudyId())
                .setSiteId(study.getSiteId())
                .setEventTime(study.getEventTime())
                .setModelId(modelId)
                .setBundleHash(bundleHash)
                .setEmbedding(embedding)
                .setScores(scores)
                .setQuality(quality)
                .setMetadata(study.getMetadata())
                .setExecutionProvider(encoder.provider().name())
                .setInferenceLatencyMs(latencyMs)
                .setBatchSize(modelBatch)
                .build();
    }

    /** One study after decoding: its tensor and quality, or why it has none. */
    private record Prepared(float[] tensor, ImageQuality quality, String reason, String message) {
    }
}
