package io.radshift.stats.profile;

import io.radshift.stats.AggregateSpec;
import io.radshift.stats.sketch.RandomFourierFeatures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The reference (training-distribution) profile a window is compared with: tags identifying the model bundle,
 * embedding mean/variance and RFF sketch parameters, per-label prevalence, score histograms and rare labels,
 * metadata frequencies, quality feature moments, and the n-calibrated null distributions of the
 * whole-embedding statistics and (since the per-statistic nulls below) of the quality, score-histogram and
 * metadata statistics. Built by {@link ReferenceProfileBuilder}, stored by {@link ReferenceProfileAvro}.
 *
 * @param tags profile id, model id, bundle hash, creation time
 * @param embedding embedding reference (fit split)
 * @param labels label reference (whole reference)
 * @param metadata metadata frequencies per field
 * @param quality quality feature moments
 * @param nulls null distributions by statistic name
 * @param sketch sizes of bounded aggregate parts
 * @param tolerances effect tolerances derived from the variation between groups of reference patients, by test
 *                   key (empty in profiles built before they existed: the evaluator then uses fixed defaults)
 * @param explanation what {@code radshift explain} needs: the reference's novelty distribution and medoids
 *                    ({@link ExplanationReference#NONE} in profiles built before it existed)
 */
public record ReferenceProfile(ProfileTags tags, EmbeddingReference embedding, LabelReference labels,
                               List<MetadataReference> metadata, QualityReference quality,
                               List<NullDistribution> nulls, SketchSettings sketch,
                               List<GroupTolerance> tolerances, ExplanationReference explanation) {

    /** Statistic name of the squared Euclidean centroid distance null. */
    public static final String CENTROID_EUCLIDEAN2 = "centroid-euclidean2";
    /** Statistic name of the cosine centroid distance null. */
    public static final String CENTROID_COSINE = "centroid-cosine";
    /** Statistic name of the RFF-MMD^2 null. */
    public static final String MMD2_RFF = "mmd2-rff";

    /**
     * Null name of a quality feature's squared mean difference (window mean minus reference mean)^2. Profiles
     * written before these nulls existed lack them; the evaluator then uses the analytic z-test.
     */
    public static String qualityNull(final String feature) {
        return "quality-" + feature;
    }

    /** Null name of a label's score-histogram chi-squared statistic divided by the window size. */
    public static String scoreHistogramNull(final String label) {
        return "score-chi2:" + label;
    }

    /** Null name of a metadata field's chi-squared statistic divided by the window size. */
    public static String metadataNull(final String field) {
        return "metadata-chi2:" + field;
    }

    /** Copies lists. */
    public ReferenceProfile {
        Objects.requireNonNull(tags, "tags");
        metadata = List.copyOf(metadata);
        nulls = List.copyOf(nulls);
        tolerances = List.copyOf(tolerances);
        explanation = explanation == null ? ExplanationReference.NONE : explanation;
    }

    /** A profile without the explanation part (as built before it existed). */
    public ReferenceProfile(final ProfileTags tags, final EmbeddingReference embedding, final LabelReference labels,
                            final List<MetadataReference> metadata, final QualityReference quality,
                            final List<NullDistribution> nulls, final SketchSettings sketch,
                            final List<GroupTolerance> tolerances) {
        this(tags, embedding, labels, metadata, quality, nulls, sketch, tolerances, ExplanationReference.NONE);
    }

    /** A profile without derived tolerances (as built before they existed). */
    public ReferenceProfile(final ProfileTags tags, final EmbeddingReference embedding, final LabelReference labels,
                            final List<MetadataReference> metadata, final QualityReference quality,
                            final List<NullDistribution> nulls, final SketchSettings sketch) {
        this(tags, embedding, labels, metadata, quality, nulls, sketch, List.of());
    }

    /** Key of a test's derived tolerance: the test name, then {@code :label} for a test about a label. */
    public static String effectKey(final String test, final String label) {
        return label == null ? test : test + ":" + label;
    }

    /** The tolerance derived from the reference for a test key, empty when the profile has none. */
    public OptionalDouble derivedTolerance(final String key) {
        return tolerances.stream().filter(t -> t.key().equals(key)).mapToDouble(GroupTolerance::tolerance)
            .findFirst();
    }

    /**
     * Fails unless windows from (modelId, bundleHash) may be compared with this profile: embeddings and scores
     * of a different bundle live in a different space, so every test would fire.
     */
    public void requireBundle(final String modelId, final String bundleHash) {
        if (!tags.modelId().equals(modelId) || !tags.bundleHash().equals(bundleHash)) {
            throw new IllegalStateException("profile " + tags.profileId() + " was built for model "
                + tags.modelId() + " (bundle " + tags.bundleHash() + ") but windows come from bundle "
                + bundleHash + (tags.modelId().equals(modelId) ? "" : " of model " + modelId)
                + ": rebuild the profile with radshift baseline");
        }
    }

    /** The null distribution of a statistic. */
    public NullDistribution nullDistribution(final String statistic) {
        return nulls.stream().filter(d -> d.statistic().equals(statistic)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("profile has no null distribution for " + statistic));
    }

    /** The null distribution of a statistic, empty when the profile has none (e.g. an older profile). */
    public Optional<NullDistribution> findNull(final String statistic) {
        return nulls.stream().filter(d -> d.statistic().equals(statistic)).findFirst();
    }

    /** Reconstructs the RFF map (frequencies are regenerated from the seed). */
    public RandomFourierFeatures randomFourierFeatures() {
        return new RandomFourierFeatures(embedding.mean().length, embedding.rffFeatures(), embedding.rffSigma(),
            embedding.rffSeed());
    }

    /** The spec window aggregates must be built with to be evaluated against this profile. */
    public AggregateSpec aggregateSpec() {
        final Map<String, List<String>> known = new LinkedHashMap<>();
        metadata.forEach(m -> known.put(m.field(), m.categories()));
        return new AggregateSpec(embedding.mean().length, labels.labels(), randomFourierFeatures(),
            embedding.mean(), labels.histogramBins(), labels.tau(), labels.decisionThreshold(),
            sketch.calibrationBins(), known, sketch.maxNovelCategories(), sketch.topK());
    }
}
