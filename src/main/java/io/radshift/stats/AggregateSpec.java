package io.radshift.stats;

import io.radshift.stats.sketch.RandomFourierFeatures;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * Everything a {@link WindowAggregate} needs to know to accumulate studies comparably with a reference
 * profile: embedding dimension, label order, the RFF map, the reference mean (for novelty scores), histogram
 * bins, the high-confidence threshold tau, the ground-truth decision threshold and calibration bins, the
 * metadata fields with their known categories, and the caps that bound the state. Normally obtained from
 * {@code ReferenceProfile.aggregateSpec()}; two aggregates merge only if their specs have equal fingerprints.
 *
 * @param dimension embedding dimension d
 * @param labels label names in score order
 * @param rff random Fourier feature map (D features)
 * @param referenceMean reference embedding mean, used for per-study novelty (distance to it)
 * @param histogramBins equal-width score bins over [0,1]
 * @param tau high-confidence score threshold
 * @param decisionThreshold ground-truth decision threshold (precision/recall/F1)
 * @param calibrationBins equal-width bins for the expected calibration error
 * @param knownCategories metadata field -> categories counted exactly (others are novel, bounded)
 * @param maxNovelCategories cap on novel categories kept by name per field
 * @param topK number of most novel study ids kept
 */
public record AggregateSpec(int dimension, List<String> labels, RandomFourierFeatures rff, double[] referenceMean,
                            int histogramBins, double tau, double decisionThreshold, int calibrationBins,
                            Map<String, List<String>> knownCategories, int maxNovelCategories, int topK) {

    private static final Map<AggregateSpec, Long> FINGERPRINTS = Collections.synchronizedMap(new WeakHashMap<>());

    /** Copies collections and checks consistency. */
    public AggregateSpec {
        labels = List.copyOf(labels);
        Objects.requireNonNull(rff, "rff");
        final Map<String, List<String>> copy = new LinkedHashMap<>();
        knownCategories.forEach((field, categories) -> copy.put(field, List.copyOf(categories)));
        knownCategories = Collections.unmodifiableMap(copy);
        if (referenceMean.length != dimension || rff.dimension() != dimension) {
            throw new IllegalArgumentException("reference mean / RFF dimension differ from " + dimension);
        }
        if (histogramBins < 1 || calibrationBins < 1 || topK < 0 || maxNovelCategories < 0) {
            throw new IllegalArgumentException("bins must be >= 1, caps >= 0");
        }
    }

    /**
     * A 64-bit fingerprint of every parameter that changes the meaning of aggregate state, written into the
     * binary codec so that state from an incompatible spec is rejected instead of being silently misread.
     */
    public long fingerprint() {
        // Asked for at every encode, decode and merge of a window aggregate (hashing the reference mean each time
        // was a twentieth of the stream thread); equal specs share their entry, and a spec no longer used goes.
        return FINGERPRINTS.computeIfAbsent(this, AggregateSpec::hash);
    }

    private long hash() {
        long h = 1125899906842597L;
        h = mix(h, dimension);
        h = mix(h, labels.hashCode());
        h = mix(h, rff.features());
        h = mix(h, Double.hashCode(rff.sigma()));
        h = mix(h, Long.hashCode(rff.seed()));
        h = mix(h, Arrays.hashCode(referenceMean));
        h = mix(h, histogramBins);
        h = mix(h, Double.hashCode(tau));
        h = mix(h, Double.hashCode(decisionThreshold));
        h = mix(h, calibrationBins);
        h = mix(h, knownCategories.hashCode());
        h = mix(h, maxNovelCategories);
        return mix(h, topK);
    }

    private static long mix(final long h, final long value) {
        long x = (h ^ value) * 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 31);
    }
}
