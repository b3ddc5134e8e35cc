package io.radshift.stats;

import io.radshift.stats.metrics.GroundTruthAccumulator;
import io.radshift.stats.sketch.CategoryCounts;
import io.radshift.stats.sketch.TopKNovel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mergeable summary of the studies of one window: count; embedding sum and sum of squares per dimension; the
 * sum of random Fourier feature vectors (MMD sketch); per-label score histograms, score sums and
 * high-confidence counts (score >= tau); ground-truth state ({@link GroundTruthAccumulator}, which also gives
 * the positives/known counts of the prior-shift test); bounded metadata category counts; dead-letter counts by
 * reason; the top-k most novel study ids; quality feature counts, sums and sums of squares.
 *
 * <p>Every component is a sum, a bounded deterministic sketch, or a top-k with total order, so
 * {@link #merge} is associative and commutative with identity {@link #empty}; merging equals aggregating the
 * concatenated studies (double sums up to rounding). The state size does not depend on the number of studies.
 * Instances are mutable accumulators ({@link #add}) for use inside a stream aggregator; {@link #merge}
 * returns a new instance and leaves both inputs untouched, {@link #absorb} adds another aggregate into this one
 * (the same sums in the same order, so {@code a.copy().absorb(b)} equals {@code a.merge(b)} exactly) without
 * allocating a new aggregate per pane when a window is merged from many panes.
 */
public final class WindowAggregate {

    private final AggregateSpec spec;
    long count;
    final double[] embeddingSum;
    final double[] embeddingSumSquares;
    final double[] rffSum;
    final long[][] histograms;
    final double[] scoreSums;
    final long[] highConfidence;
    final GroundTruthAccumulator truth;
    final Map<String, CategoryCounts> metadata;
    final TreeMap<String, Long> deadLetters = new TreeMap<>();
    final TopKNovel novel;
    final long[] qualityCounts = new long[QualityFeatures.COUNT];
    final double[] qualitySums = new double[QualityFeatures.COUNT];
    final double[] qualitySumSquares = new double[QualityFeatures.COUNT];

    private WindowAggregate(final AggregateSpec spec) {
        this.spec = spec;
        final int labels = spec.labels().size();
        embeddingSum = new double[spec.dimension()];
        embeddingSumSquares = new double[spec.dimension()];
        rffSum = new double[spec.rff().features()];
        histograms = new long[labels][spec.histogramBins()];
        scoreSums = new double[labels];
        highConfidence = new long[labels];
        truth = new GroundTruthAccumulator(spec.labels(), spec.decisionThreshold(), spec.calibrationBins());
        metadata = new LinkedHashMap<>();
        spec.knownCategories().forEach((field, known) ->
            metadata.put(field, new CategoryCounts(known, spec.maxNovelCategories())));
        novel = new TopKNovel(spec.topK());
    }

    /** The identity element of {@link #merge} for this spec. */
    public static WindowAggregate empty(final AggregateSpec spec) {
        return new WindowAggregate(spec);
    }

    /**
     * The aggregate of a window given as a list of studies, each added in order to {@link #empty}: how the offline
     * check and the benchmarks build the window the stream would have built study by study.
     */
    public static WindowAggregate of(final AggregateSpec spec, final Iterable<Observation> studies) {
        final WindowAggregate aggregate = new WindowAggregate(spec);
        studies.forEach(aggregate::add);
        return aggregate;
    }

    /** Adds one study (mutates this aggregate) and returns this. */
    public WindowAggregate add(final Observation observation) {
        checkShape(observation);
        count++;
        addEmbedding(observation.embedding());
        spec.rff().accumulate(observation.embedding(), rffSum);
        addScores(observation.scores());
        if (observation.hasTruth()) {
            truth.add(observation.scores(), observation.positives(), observation.known());
        }
        metadata.forEach((field, counts) -> counts.add(observation.metadata().get(field)));
        novel.offer(observation.studyId(), distanceToReference(observation.embedding()));
        addQuality(observation.quality());
        return this;
    }

    /** Counts one study of this window that was dead-lettered for {@code reason}; returns this. */
    public WindowAggregate addDeadLetter(final String reason) {
        deadLetters.merge(reason, 1L, Long::sum);
        return this;
    }

    private void checkShape(final Observation observation) {
        if (observation.embedding().length != spec.dimension()) {
            throw new IllegalArgumentException("embedding dimension " + observation.embedding().length
                + " differs from profile dimension " + spec.dimension());
        }
        if (observation.scores().length != spec.labels().size()) {
            throw new IllegalArgumentException("got " + observation.scores().length + " scores for "
                + spec.labels().size() + " labels");
        }
        if (observation.quality().length != QualityFeatures.COUNT) {
            throw new IllegalArgumentException("expected " + QualityFeatures.COUNT + " quality features");
        }
    }

    private void addEmbedding(final float[] embedding) {
        for (int i = 0; i < embedding.length; i++) {
            embeddingSum[i] += embedding[i];
            embeddingSumSquares[i] += (double) embedding[i] * embedding[i];
        }
    }

    private void addScores(final float[] scores) {
        final int bins = spec.histogramBins();
        for (int l = 0; l < scores.length; l++) {
            final double score = Math.min(1, Math.max(0, scores[l]));
            histograms[l][Math.min(bins - 1, (int) (score * bins))]++;
            scoreSums[l] += score;
            highConfidence[l] += score >= spec.tau() ? 1 : 0;
        }
    }

    private void addQuality(final double[] quality) {
        for (int f = 0; f < quality.length; f++) {
            if (Double.isFinite(quality[f])) {
                qualityCounts[f]++;
                qualitySums[f] += quality[f];
                qualitySumSquares[f] += quality[f] * quality[f];
            }
        }
    }

    private double distanceToReference(final float[] embedding) {
        return Novelty.of(embedding, spec.referenceMean());
    }

    /** A new aggregate holding the studies of both; neither input is changed. */
    public WindowAggregate merge(final WindowAggregate other) {
        return copy().absorb(other);
    }

    /**
     * Adds the studies of {@code other} into this aggregate (mutates this, leaves {@code other} untouched) and
     * returns this: {@link #merge} without the copy, for merging many panes or site windows into one.
     */
    public WindowAggregate absorb(final WindowAggregate other) {
        if (other.spec.fingerprint() != spec.fingerprint()) {
            throw new IllegalArgumentException("cannot merge aggregates built for different profiles/specs");
        }
        if (other == this) {
            throw new IllegalArgumentException("an aggregate cannot absorb itself; absorb a copy");
        }
        mergeFrom(other);
        return this;
    }

    /** A deep copy. */
    public WindowAggregate copy() {
        final WindowAggregate copy = new WindowAggregate(spec);
        copy.mergeFrom(this);
        return copy;
    }

    private void mergeFrom(final WindowAggregate other) {
        count += other.count;
        addInto(embeddingSum, other.embeddingSum);
        addInto(embeddingSumSquares, other.embeddingSumSquares);
        addInto(rffSum, other.rffSum);
        for (int l = 0; l < histograms.length; l++) {
            for (int b = 0; b < histograms[l].length; b++) {
                histograms[l][b] += other.histograms[l][b];
            }
            highConfidence[l] += other.highConfidence[l];
        }
        addInto(scoreSums, other.scoreSums);
        truth.mergeFrom(other.truth);
        metadata.forEach((field, counts) -> counts.mergeFrom(other.metadata.get(field)));
        other.deadLetters.forEach((reason, n) -> deadLetters.merge(reason, n, Long::sum));
        novel.mergeFrom(other.novel);
        for (int f = 0; f < QualityFeatures.COUNT; f++) {
            qualityCounts[f] += other.qualityCounts[f];
        }
        addInto(qualitySums, other.qualitySums);
        addInto(qualitySumSquares, other.qualitySumSquares);
    }

    private static void addInto(final double[] target, final double[] source) {
        for (int i = 0; i < target.length; i++) {
            target[i] += source[i];
        }
    }

    /** The spec this aggregate was built with. */
    public AggregateSpec spec() {
        return spec;
    }

    /** Number of studies. */
    public long count() {
        return count;
    }

    /** Window mean embedding (zeros when empty). */
    public double[] meanEmbedding() {
        final double[] mean = new double[embeddingSum.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = count == 0 ? 0 : embeddingSum[i] / count;
        }
        return mean;
    }

    /** Per-dimension sum of squares of the embeddings (copy). */
    public double[] embeddingSumSquares() {
        return embeddingSumSquares.clone();
    }

    /** Sum of RFF feature vectors (copy). */
    public double[] rffSum() {
        return rffSum.clone();
    }

    /** Score histogram counts of label l (copy). */
    public long[] histogram(final int label) {
        return histograms[label].clone();
    }

    /** Mean score of label l. */
    public double meanScore(final int label) {
        return count == 0 ? 0 : scoreSums[label] / count;
    }

    /** Studies with score >= tau for label l. */
    public long highConfidenceCount(final int label) {
        return highConfidence[label];
    }

    /** Ground-truth state (live view; do not mutate). */
    public GroundTruthAccumulator truth() {
        return truth;
    }

    /** Category counts of a metadata field (live view; do not mutate). */
    public CategoryCounts metadata(final String field) {
        return metadata.get(field);
    }

    /** Dead-letter counts by reason. */
    public Map<String, Long> deadLetters() {
        return Collections.unmodifiableMap(deadLetters);
    }

    /** Most novel studies, most novel first. */
    public List<TopKNovel.Entry> mostNovel() {
        return novel.mostNovelFirst();
    }

    /** Studies with a finite value of quality feature f. */
    public long qualityCount(final int feature) {
        return qualityCounts[feature];
    }

    /** Mean of quality feature f over studies where it is finite (NaN when none). */
    public double qualityMean(final int feature) {
        return qualityCounts[feature] == 0 ? Double.NaN : qualitySums[feature] / qualityCounts[feature];
    }

    /** Sum of squares of quality feature f. */
    public double qualitySumSquares(final int feature) {
        return qualitySumSquares[feature];
    }
}
