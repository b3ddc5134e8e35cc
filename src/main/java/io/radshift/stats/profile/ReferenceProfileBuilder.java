package io.radshift.stats.profile;

import io.radshift.stats.Novelty;
import io.radshift.stats.Observation;
import io.radshift.stats.metrics.GroundTruthAccumulator;
import io.radshift.stats.metrics.GroundTruthSummary;
import io.radshift.stats.metrics.LabelMetricsValue;
import io.radshift.stats.QualityFeatures;
import io.radshift.stats.sketch.CategoryCounts;
import io.radshift.stats.sketch.RandomFourierFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Builds a {@link ReferenceProfile} from reference studies. The reference is split into a fit part (defines
 * the embedding mean and RFF mean) and a held-out calibration part (windows for the null distributions) by
 * hashing a group key (e.g. patient id) so no group lands on both sides: calibrating on the studies that define
 * the reference mean understates the null (an RFF-MMD threshold from subsamples of the reference itself gave a
 * 0.14 false-alarm rate at n = 200 for nominal 0.05; a held-out split gave 0.04). Null windows are drawn WITH
 * replacement, i.e. as i.i.d. samples from the calibration distribution, so large n does not collapse onto
 * the calibration sample. Label, metadata and quality statistics use the whole reference; the quality,
 * score-histogram and metadata tests also get n-calibrated nulls, computed on the same null windows against
 * fit-split versions of those references (see {@link FitPartStatistics}): their analytic nulls assume i.i.d.
 * studies and an exact reference and gave 0.155 false alarms at n = 200 on unseen kermany patients. Comparing
 * held-out windows with the fit split (rather than the whole reference the evaluator uses) makes these nulls
 * slightly conservative. The calibration patients are also split into {@value BetweenGroupTolerances#GROUPS}
 * groups by their group key, whose effects against the fit split give the tolerances derived from the
 * reference's own variation between groups of patients ({@link GroupTolerance}). Not thread-safe.
 */
public final class ReferenceProfileBuilder {

    private final List<String> labels;
    private final String modelId;
    private final String bundleHash;
    private final ProfileSettings settings;
    private final List<Observation> fit = new ArrayList<>();
    private final List<Observation> calibration = new ArrayList<>();
    private final List<List<Observation>> calibrationGroups = new ArrayList<>();
    private final List<Observation> added = new ArrayList<>();
    private final List<String> images = new ArrayList<>();

    /** A builder for the given label order and model bundle. */
    public ReferenceProfileBuilder(final List<String> labels, final String modelId, final String bundleHash,
                                   final ProfileSettings settings) {
        this.labels = List.copyOf(labels);
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.bundleHash = Objects.requireNonNull(bundleHash, "bundleHash");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Adds a study split on its own study id. */
    public ReferenceProfileBuilder add(final Observation observation) {
        return add(observation, null);
    }

    /** Adds a study; studies with the same non-null group key always land in the same split. */
    public ReferenceProfileBuilder add(final Observation observation, final String groupKey) {
        return add(observation, groupKey, null);
    }

    /**
     * Adds a study with where its image is ({@code image}: the file name relative to its data set, shown when the
     * study becomes a reference exemplar; null when unknown, and then the study id is shown).
     */
    public ReferenceProfileBuilder add(final Observation observation, final String groupKey, final String image) {
        if (observation.scores().length != labels.size()) {
            throw new IllegalArgumentException("observation has " + observation.scores().length
                + " scores for " + labels.size() + " labels");
        }
        final String key = groupKey == null ? observation.studyId() : groupKey;
        if (isCalibration(key)) {
            calibration.add(observation);
            toleranceGroup(key).add(observation);
        } else {
            fit.add(observation);
        }
        added.add(observation);
        images.add(image == null ? "study " + observation.studyId() : image);
        return this;
    }

    /** The group of held-out patients a calibration group key belongs to, for the derived tolerances. */
    private List<Observation> toleranceGroup(final String groupKey) {
        while (calibrationGroups.size() < BetweenGroupTolerances.GROUPS) {
            calibrationGroups.add(new ArrayList<>());
        }
        long z = groupKey.hashCode() * 0xD1B54A32D192ED03L + settings.seed();
        z = (z ^ (z >>> 32)) * 0xFF51AFD7ED558CCDL;
        z ^= z >>> 29;
        return calibrationGroups.get((int) Long.remainderUnsigned(z, BetweenGroupTolerances.GROUPS));
    }

    /** Whether a group key goes to the held-out calibration split (deterministic in key and seed). */
    public boolean isCalibration(final String groupKey) {
        long z = groupKey.hashCode() + settings.seed() * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53 < settings.calibrationFraction();
    }

    /** Builds with a random profile id and the current time. */
    public ReferenceProfile build() {
        return build(UUID.randomUUID().toString(), System.currentTimeMillis());
    }

    /** Builds the profile. */
    public ReferenceProfile build(final String profileId, final long createdAtMillis) {
        if (fit.size() < 2 || calibration.size() < 2) {
            throw new IllegalStateException("reference too small to split: fit " + fit.size()
                + ", calibration " + calibration.size() + " studies");
        }
        final List<Observation> all = new ArrayList<>(fit);
        all.addAll(calibration);
        final double[] mean = embeddingMean(fit);
        final double sigma = medianPairwiseDistance(fit);
        final RandomFourierFeatures rff = new RandomFourierFeatures(mean.length, settings.rffFeatures(), sigma,
            settings.seed());
        final double[] rffMean = rffMean(rff, fit);
        final EmbeddingReference embedding = new EmbeddingReference(mean, embeddingVariance(fit, mean),
            settings.rffFeatures(), sigma, settings.seed(), rffMean, fit.size(), calibration.size(),
            rffDiagonal(rff, fit), EmbeddingMaps.build(fit, all, mean, settings.seed()));
        final LabelReference labelReference = labelReference(all);
        final List<MetadataReference> metadataReference = metadataReference(all);
        final FitPartStatistics others = new FitPartStatistics(fit, calibration, labelReference, metadataReference);
        final List<NullDistribution> nulls =
            new NullCalibrator(settings, calibration, rff, mean, rffMean, others).calibrate();
        final ProfileTags tags = new ProfileTags(profileId, modelId, bundleHash, createdAtMillis);
        final ReferenceProfile fitOnly = new ReferenceProfile(tags, embedding, labelReference(fit),
            fitMetadata(metadataReference), qualityReference(fit), List.of(), settings.sketch());
        final List<GroupTolerance> tolerances =
            new BetweenGroupTolerances(fitOnly, labelReference.rareLabels()).derive(calibrationGroups);
        return new ReferenceProfile(tags, embedding, labelReference, metadataReference, qualityReference(all), nulls,
            settings.sketch(), tolerances, explanationReference(mean));
    }

    /**
     * The novelty distribution of the held-out calibration split (the fit split defined the mean, so it would sit
     * closer to it) and the medoids of the whole reference.
     */
    private ExplanationReference explanationReference(final double[] mean) {
        final NoveltyDistribution novelty = NoveltyDistribution.of(calibration.stream()
            .mapToDouble(o -> Novelty.of(o.embedding(), mean)).toArray());
        final List<ExplanationReference.ReferenceMedoid> medoids = new ArrayList<>();
        for (final Medoids.Medoid m : Medoids.select(added.stream().map(Observation::embedding).toList(),
                ExplanationReference.MAX_MEDOIDS, settings.seed(), ExplanationReference.MEDOID_SAMPLE)) {
            final float[] e = added.get(m.index()).embedding();
            final double[] embedding = new double[e.length];
            Arrays.setAll(embedding, i -> e[i]);
            medoids.add(new ExplanationReference.ReferenceMedoid(images.get(m.index()), embedding, m.members()));
        }
        return new ExplanationReference(novelty, medoids);
    }

    /** The fit split's counts over the whole reference's metadata categories. */
    private List<MetadataReference> fitMetadata(final List<MetadataReference> whole) {
        final List<MetadataReference> result = new ArrayList<>();
        for (final MetadataReference m : whole) {
            final long[] counts = new long[m.categories().size()];
            long other = 0;
            for (final Observation o : fit) {
                final int index = m.categories().indexOf(o.metadata().getOrDefault(m.field(), CategoryCounts.MISSING));
                if (index < 0) {
                    other++;
                } else {
                    counts[index]++;
                }
            }
            result.add(new MetadataReference(m.field(), m.categories(), counts, other));
        }
        return result;
    }

    private static double[] embeddingMean(final List<Observation> observations) {
        final double[] mean = new double[observations.get(0).embedding().length];
        for (final Observation o : observations) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += o.embedding()[i];
            }
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= observations.size();
        }
        return mean;
    }

    private static double[] embeddingVariance(final List<Observation> observations, final double[] mean) {
        final double[] variance = new double[mean.length];
        for (final Observation o : observations) {
            for (int i = 0; i < mean.length; i++) {
                final double diff = o.embedding()[i] - mean[i];
                variance[i] += diff * diff;
            }
        }
        for (int i = 0; i < mean.length; i++) {
            variance[i] /= observations.size() - 1;
        }
        return variance;
    }

    /** Median heuristic: median Euclidean distance over all pairs of a seeded subsample of the fit split. */
    private double medianPairwiseDistance(final List<Observation> observations) {
        final List<Observation> sample = new ArrayList<>(observations);
        final SplittableRandom random = new SplittableRandom(settings.seed());
        for (int i = sample.size() - 1; i > 0; i--) {
            Collections.swap(sample, i, random.nextInt(i + 1));
        }
        final int m = Math.min(settings.bandwidthSubsample(), sample.size());
        final double[] distances = new double[m * (m - 1) / 2];
        int k = 0;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                distances[k++] = distance(sample.get(i).embedding(), sample.get(j).embedding());
            }
        }
        Arrays.sort(distances);
        final double median = distances.length % 2 == 1 ? distances[distances.length / 2]
            : 0.5 * (distances[distances.length / 2 - 1] + distances[distances.length / 2]);
        if (!(median > 0)) {
            throw new IllegalStateException("reference embeddings are all identical: no kernel bandwidth");
        }
        return median;
    }

    private static double distance(final float[] a, final float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            final double diff = a[i] - b[i];
            sum += diff * diff;
        }
        return Math.sqrt(sum);
    }

    private static double[] rffMean(final RandomFourierFeatures rff, final List<Observation> observations) {
        final double[] sum = new double[rff.features()];
        observations.forEach(o -> rff.accumulate(o.embedding(), sum));
        for (int j = 0; j < sum.length; j++) {
            sum[j] /= observations.size();
        }
        return sum;
    }

    /** Mean of |phi(x)|^2 over the studies: the RFF kernel's own k(x, x). */
    private static double rffDiagonal(final RandomFourierFeatures rff, final List<Observation> observations) {
        double sum = 0;
        for (final Observation o : observations) {
            for (final double v : rff.transform(o.embedding())) {
                sum += v * v;
            }
        }
        return sum / observations.size();
    }

    private LabelReference labelReference(final List<Observation> all) {
        final int l = labels.size();
        final int bins = settings.histogramBins();
        final long[] positives = new long[l];
        final long[] known = new long[l];
        final long[] high = new long[l];
        final long[] predicted = new long[l];
        final long[][] histograms = new long[l][bins];
        for (final Observation o : all) {
            for (int i = 0; i < l; i++) {
                final double score = Math.min(1, Math.max(0, o.scores()[i]));
                histograms[i][Math.min(bins - 1, (int) (score * bins))]++;
                high[i] += score >= settings.tau() ? 1 : 0;
                predicted[i] += score >= settings.decisionThreshold() ? 1 : 0;
                if (o.hasTruth() && o.known()[i]) {
                    known[i]++;
                    positives[i] += o.positives()[i] ? 1 : 0;
                }
            }
        }
        final List<String> rare = new ArrayList<>();
        for (int i = 0; i < l; i++) {
            final double rate = positives[i] > 0 ? (double) positives[i] / known[i]
                : (double) predicted[i] / all.size();
            if (rate < settings.rareThreshold()) {
                rare.add(labels.get(i));
            }
        }
        final GroundTruthSummary truth = referenceTruth(all);
        return new LabelReference(labels, all.size(), positives, known, high, predicted, histograms,
            settings.tau(), settings.decisionThreshold(), settings.rareThreshold(), rare, overconfidenceGaps(truth),
            truth);
    }

    /** The reference's own ground-truth metrics over its labelled studies; null when none is labelled. */
    private GroundTruthSummary referenceTruth(final List<Observation> all) {
        final GroundTruthAccumulator truth = new GroundTruthAccumulator(labels, settings.decisionThreshold(), 10);
        all.stream().filter(Observation::hasTruth).forEach(o -> truth.add(o.scores(), o.positives(), o.known()));
        return truth.labelledCount() > 0 ? truth.summary() : null;
    }

    /**
     * The reference's own over-confidence gap per label (NaN without labels): a model that was already
     * over-confident in training is judged on how much worse it gets, not on its constant offset.
     */
    private double[] overconfidenceGaps(final GroundTruthSummary truth) {
        final double[] gaps = new double[labels.size()];
        java.util.Arrays.fill(gaps, Double.NaN);
        if (truth != null) {
            final List<LabelMetricsValue> perLabel = truth.perLabel();
            for (int i = 0; i < gaps.length; i++) {
                gaps[i] = perLabel.get(i).overconfidenceGap();
            }
        }
        return gaps;
    }

    private List<MetadataReference> metadataReference(final List<Observation> all) {
        final List<String> fields = settings.metadataFields().isEmpty()
            ? new ArrayList<>(all.stream().flatMap(o -> o.metadata().keySet().stream())
                .collect(Collectors.toCollection(TreeSet::new)))
            : settings.metadataFields();
        final List<MetadataReference> result = new ArrayList<>();
        for (final String field : fields) {
            final Map<String, Long> counts = new TreeMap<>();
            all.forEach(o -> counts.merge(o.metadata().getOrDefault(field, CategoryCounts.MISSING), 1L, Long::sum));
            final List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
            sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
            final int kept = Math.min(settings.maxCategories(), sorted.size());
            final List<String> categories = sorted.subList(0, kept).stream().map(Map.Entry::getKey).toList();
            final long[] keptCounts = sorted.subList(0, kept).stream().mapToLong(Map.Entry::getValue).toArray();
            final long other = sorted.subList(kept, sorted.size()).stream().mapToLong(Map.Entry::getValue).sum();
            result.add(new MetadataReference(field, categories, keptCounts, other));
        }
        return result;
    }

    private static QualityReference qualityReference(final List<Observation> all) {
        final int f = QualityFeatures.COUNT;
        final double[] means = new double[f];
        final double[] sds = new double[f];
        final long[] counts = new long[f];
        for (int k = 0; k < f; k++) {
            final int feature = k;
            final double[] values = all.stream().mapToDouble(o -> o.quality()[feature])
                .filter(Double::isFinite).toArray();
            counts[k] = values.length;
            means[k] = Arrays.stream(values).average().orElse(Double.NaN);
            final double m = means[k];
            sds[k] = values.length < 2 ? Double.NaN
                : Math.sqrt(Arrays.stream(values).map(v -> (v - m) * (v - m)).sum() / (values.length - 1));
        }
        return new QualityReference(means, sds, counts);
    }
}
