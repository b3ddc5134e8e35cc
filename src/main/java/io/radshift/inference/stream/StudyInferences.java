package io.radshift.inference.stream;

import io.radshift.avro.LabelScore;
import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyInference;
import io.radshift.inference.ScoredImage;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.onnx.ExecutionProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place a {@link ScoredImage} becomes the Avro {@link StudyInference} of {@code study-inferences}: the
 * study's ids, event time and metadata, the bundle's model id, hash and labels, the provider that ran the model and
 * the model call the image was part of.
 */
public final class StudyInferences {

    private final String modelId;
    private final String bundleHash;
    private final List<String> labels;
    private final String provider;

    /** Inferences of {@code bundle}'s model run on {@code provider}. */
    public StudyInferences(final ModelBundle bundle, final ExecutionProvider.Kind provider) {
        this.modelId = bundle.modelId();
        this.bundleHash = bundle.contentHash();
        this.labels = bundle.labels();
        this.provider = provider.name();
    }

    /**
     * The inference of {@code study}, scored as {@code image} in a model call of {@code modelBatch} images that took
     * {@code latencyMs}.
     *
     * @throws IllegalArgumentException when the image was not scored (a failure is a dead letter, not an inference)
     */
    public StudyInference of(final StudyEvent study, final ScoredImage image, final int modelBatch, final double latencyMs) {
        if (!image.ok()) {
            throw new IllegalArgumentException("study was not scored (" + image.failureReason() + "): no inference");
        }
        return StudyInference.newBuilder()
                .setStudyId(study.getStudyId())
                .setSiteId(study.getSiteId())
                .setEventTime(study.getEventTime())
                .setModelId(modelId)
                .setBundleHash(bundleHash)
                .setEmbedding(embedding(image.embedding()))
                .setScores(scores(image.scores()))
                .setQuality(image.quality())
                .setMetadata(study.getMetadata())
                .setExecutionProvider(provider)
                .setInferenceLatencyMs(latencyMs)
                .setBatchSize(modelBatch)
                .build();
    }

    private static List<Float> embedding(final float[] values) {
        final List<Float> out = new ArrayList<>(values.length);
        for (final float v : values) {
            out.add(v);
        }
        return out;
    }

    private List<LabelScore> scores(final float[] values) {
        final List<LabelScore> out = new ArrayList<>(labels.size());
        for (int l = 0; l < labels.size(); l++) {
            out.add(new LabelScore(labels.get(l), values[l]));
        }
        return out;
    }
}
