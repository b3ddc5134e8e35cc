package io.radshift.tools.bench;

import io.radshift.avro.AcquisitionMetadata;
import io.radshift.avro.ImageQuality;
import io.radshift.avro.LabelScore;
import io.radshift.avro.StudyInference;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import io.radshift.window.StudyObservations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cheap pre-scored studies in a model bundle's shape (its embedding dimension, labels, model id and hash): random
 * unit embeddings, random label scores, plausible quality features and metadata. They cost microseconds to make,
 * so a benchmark fed with them measures the stream and its state, not scoring; a reference profile built from the
 * same distribution keeps the detector's work representative.
 */
public final class SyntheticInferences {

    private static final String[] VIEWS = {"PA", "AP"};
    private static final String[] SEXES = {"M", "F"};

    private final ModelBundle bundle;
    private final int dimension;
    private final SplittableRandom random;

    /** Studies in {@code bundle}'s shape, drawn from {@code seed}. */
    public SyntheticInferences(final ModelBundle bundle, final long seed) {
        this.bundle = bundle;
        this.dimension = bundle.manifest().embeddingDim();
        this.random = new SplittableRandom(seed);
    }

    /** A reference profile of {@code studies} studies from the same distribution, with 200 null windows per size. */
    public ReferenceProfile profile(final int studies) {
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(bundle.labels(), bundle.modelId(),
            bundle.contentHash(), ProfileSettings.defaults().withSeed(random.nextLong()).withNullWindows(200));
        for (int i = 0; i < studies; i++) {
            final StudyInference study = next("reference", "ref-" + i, 0L);
            builder.add(StudyObservations.of(study), study.getStudyId());
        }
        return builder.build("bench-state-synthetic", 0L);
    }

    /** One study of {@code site} acquired at {@code eventTime}. */
    public StudyInference next(final String site, final String studyId, final long eventTime) {
        return StudyInference.newBuilder()
            .setStudyId(studyId).setSiteId(site).setEventTime(Instant.ofEpochMilli(eventTime))
            .setModelId(bundle.modelId()).setBundleHash(bundle.contentHash())
            .setEmbedding(embedding()).setScores(scores()).setQuality(quality())
            .setMetadata(AcquisitionMetadata.newBuilder().setViewPosition(VIEWS[random.nextInt(VIEWS.length)])
                .setSex(SEXES[random.nextInt(SEXES.length)]).build())
            .setExecutionProvider("CPU").setInferenceLatencyMs(1.0).setBatchSize(1).build();
    }

    /** A uniformly random direction (normalized Gaussian), as a contrastive encoder's unit embeddings are. */
    private List<Float> embedding() {
        final double[] v = new double[dimension];
        double norm = 0;
        for (int i = 0; i < dimension; i++) {
            v[i] = random.nextGaussian();
            norm += v[i] * v[i];
        }
        final double scale = 1 / Math.sqrt(norm);
        final List<Float> out = new ArrayList<>(dimension);
        for (final double x : v) {
            out.add((float) (x * scale));
        }
        return out;
    }

    /** Each label's score a logistic of a Gaussian logit, mostly low as for rare findings. */
    private List<LabelScore> scores() {
        final List<LabelScore> scores = new ArrayList<>(bundle.labels().size());
        for (final String label : bundle.labels()) {
            final double logit = -1.5 + 1.5 * random.nextGaussian();
            scores.add(new LabelScore(label, (float) (1 / (1 + Math.exp(-logit)))));
        }
        return scores;
    }

    private ImageQuality quality() {
        final int side = random.nextBoolean() ? 2048 : 2500;
        return new ImageQuality(0.5 + 0.05 * random.nextGaussian(), 0.2 + 0.02 * random.nextGaussian(),
            0.1 + 0.01 * random.nextGaussian(), 0.02 + 0.002 * random.nextGaussian(), 0.01 * random.nextDouble(),
            side, side, 12);
    }
}
