package io.radshift.stats.profile;

import io.radshift.stats.Observation;
import io.radshift.stats.sketch.RandomFourierFeatures;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws null windows of each grid size from the held-out calibration split (i.i.d., with replacement) and
 * records the distribution of the squared Euclidean centroid distance, the cosine centroid distance and the
 * RFF-MMD^2 against the fit-split reference. Package-private helper of {@link ReferenceProfileBuilder}.
 */
final class NullCalibrator {

    private final ProfileSettings settings;
    private final float[][] embeddings;
    private final double[][] features;
    private final double[] referenceMean;
    private final double[] referenceRff;

    NullCalibrator(final ProfileSettings settings, final List<Observation> calibration,
                   final RandomFourierFeatures rff, final double[] referenceMean, final double[] referenceRff) {
        this.settings = settings;
        this.embeddings = calibration.stream().map(Observation::embedding).toArray(float[][]::new);
        this.features = calibration.stream().map(o -> rff.transform(o.embedding())).toArray(double[][]::new);
        this.referenceMean = referenceMean;
        this.referenceRff = referenceRff;
    }

    List<NullDistribution> calibrate() {
        final int[] sizes = settings.nullSizes();
        final int windows = settings.nullWindows();
        final double[][][] samples = new double[3][sizes.length][windows];
        final SplittableRandom random = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
        for (int s = 0; s < sizes.length; s++) {
            for (int w = 0; w < windows; w++) {
                final double[] statistics = drawWindow(sizes[s], random);
                for (int k = 0; k < 3; k++) {
                    samples[k][s][w] = statistics[k];
                }
            }
        }
        return List.of(summarise(ReferenceProfile.CENTROID_EUCLIDEAN2, samples[0]),
            summarise(ReferenceProfile.CENTROID_COSINE, samples[1]),
            summarise(ReferenceProfile.MMD2_RFF, samples[2]));
    }

    private double[] drawWindow(final int n, final SplittableRandom random) {
        final double[] sum = new double[referenceMean.length];
        final double[] rffSum = new double[referenceRff.length];
        for (int i = 0; i < n; i++) {
            final int pick = random.nextInt(embeddings.length);
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
