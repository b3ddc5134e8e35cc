package io.radshift.stats.profile;

import io.radshift.stats.Observation;
import io.radshift.stats.sketch.RandomFourierFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws null windows of each grid size from the held-out calibration split (i.i.d., with replacement) and
 * records the distribution of the squared Euclidean centroid distance, the cosine centroid distance and the
 * RFF-MMD^2 against the fit-split reference, and, on the same windows, of the quality, score-histogram and
 * metadata statistics of {@link FitPartStatistics}: their analytic nulls assume i.i.d. studies and an exact
 * reference, which real hospital data (patients, batches) violates more the larger the window. Package-private
 * helper of {@link ReferenceProfileBuilder}.
 */
final class NullCalibrator {

    private final ProfileSettings settings;
    private final float[][] embeddings;
    private final double[][] features;
    private final double[] referenceMean;
    private final double[] referenceRff;
    private final FitPartStatistics others;

    NullCalibrator(final ProfileSettings settings, final List<Observation> calibration,
                   final RandomFourierFeatures rff, final double[] referenceMean, final double[] referenceRff,
                   final FitPartStatistics others) {
        this.settings = settings;
        this.others = others;
        this.embeddings = calibration.stream().map(Observation::embedding).toArray(float[][]::new);
        this.features = calibration.stream().map(o -> rff.transform(o.embedding())).toArray(double[][]::new);
        this.referenceMean = referenceMean;
        this.referenceRff = referenceRff;
    }

    List<NullDistribution> calibrate() {
        final int[] sizes = settings.nullSizes();
        final int windows = settings.nullWindows();
        final List<String> names = new ArrayList<>(List.of(ReferenceProfile.CENTROID_EUCLIDEAN2,
            ReferenceProfile.CENTROID_COSINE, ReferenceProfile.MMD2_RFF));
        names.addAll(others.names());
        final double[][][] samples = new double[names.size()][sizes.length][windows];
        final SplittableRandom random = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
        for (int s = 0; s < sizes.length; s++) {
            for (int w = 0; w < windows; w++) {
                final int[] picks = drawWindow(sizes[s], random);
                final double[] embedding = embeddingStatistics(picks);
                final double[] other = others.statistics(picks);
                for (int k = 0; k < names.size(); k++) {
                    samples[k][s][w] = k < embedding.length ? embedding[k] : other[k - embedding.length];
                }
            }
        }
        final List<NullDistribution> result = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            result.add(summarise(names.get(k), samples[k]));
        }
        return result;
    }

    /** Indices of n calibration studies drawn with replacement (same draws as before the other nulls). */
    private int[] drawWindow(final int n, final SplittableRandom random) {
        final int[] picks = new int[n];
        for (int i = 0; i < n; i++) {
            picks[i] = random.nextInt(embeddings.length);
        }
        return picks;
    }

    private double[] embeddingStatistics(final int[] picks) {
        final int n = picks.length;
        final double[] sum = new double[referenceMean.length];
        final double[] rffSum = new double[referenceRff.length];
        for (final int pick : picks) {
            final float[] e = embeddings[pick];
            for (int d = 0; d < sum.length; d++) {
                sum[d] += e[d];
            }
            final double[] phi = features[pick];
            for (int j = 0; j < rffSum.length; j++) {
                rffSum[j] += phi[j];
            }
        }
        for (int d = 0; d < sum.length; d++) {
            sum[d] /= n;
        }
        return new double[] {
            CentroidStatistics.squaredEuclidean(sum, referenceMean),
            CentroidStatistics.cosineDistance(sum, referenceMean),
            RandomFourierFeatures.mmd2(rffSum, n, referenceRff, 1)};
    }

    private NullDistribution summarise(final String name, final double[][] perSize) {
        final int sizes = perSize.length;
        final double[] means = new double[sizes];
        final double[] variances = new double[sizes];
        final double[][] quantiles = new double[sizes][NullDistribution.LEVELS.length];
        for (int s = 0; s < sizes; s++) {
            final double[] values = perSize[s].clone();
            Arrays.sort(values);
            means[s] = Arrays.stream(values).average().orElseThrow();
            final double m = means[s];
            variances[s] = Arrays.stream(values).map(v -> (v - m) * (v - m)).sum() / (values.length - 1);
            for (int q = 0; q < NullDistribution.LEVELS.length; q++) {
                quantiles[s][q] = values[Math.min(values.length - 1,
                    (int) Math.ceil(NullDistribution.LEVELS[q] * values.length) - 1)];
            }
        }
        return new NullDistribution(name, settings.nullSizes().clone(), means, variances, quantiles,
            settings.nullWindows());
    }
}
