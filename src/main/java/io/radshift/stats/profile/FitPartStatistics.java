package io.radshift.stats.profile;

import io.radshift.stats.Observation;
import io.radshift.stats.QualityFeatures;
import io.radshift.stats.sketch.CategoryCounts;
import io.radshift.stats.math.GoodnessOfFit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The window statistics of the quality, score-histogram and metadata tests, computed for a null window of
 * calibration studies against references built from the fit split only (as the embedding nulls are), so that
 * the calibration windows are never compared with a reference they helped to define. Statistics are put on
 * the scale of a quadratic form of a window mean, which is what {@link NullDistribution} interpolates and
 * extrapolates in n:
 * <ul>
 *   <li>quality feature f: (window mean - reference mean)^2 over the finite values (0 for a window without one);
 *   <li>score histogram of a label, metadata field: the {@link GoodnessOfFit#chiSquared} statistic divided by
 *       the window size n, i.e. the Pearson divergence of the window's cell proportions (0 when fewer than two
 *       merged cells remain, where the evaluator runs no test either).
 * </ul>
 * Package-private helper of {@link NullCalibrator}.
 */
final class FitPartStatistics {

    /** One chi-squared statistic: each calibration study's cell and the fit split's counts per cell. */
    private record CellTest(int[] cellOfStudy, long[] fitCounts) {
    }

    private final List<String> names = new ArrayList<>();
    private final int[] qualityFeatures;
    private final double[] fitQualityMeans;
    private final double[][] calibrationQuality;
    private final List<CellTest> cellTests = new ArrayList<>();

    FitPartStatistics(final List<Observation> fit, final List<Observation> calibration, final LabelReference labels,
                      final List<MetadataReference> metadata) {
        qualityFeatures = qualityFeatures(fit);
        fitQualityMeans = new double[qualityFeatures.length];
        for (int k = 0; k < qualityFeatures.length; k++) {
            fitQualityMeans[k] = finiteMean(fit, qualityFeatures[k]);
            names.add(ReferenceProfile.qualityNull(QualityFeatures.NAMES.get(qualityFeatures[k])));
        }
        calibrationQuality = calibration.stream().map(Observation::quality).toArray(double[][]::new);
        final int bins = labels.histogramBins();
        for (int l = 0; l < labels.labels().size(); l++) {
            final int label = l;
            addCellTest(ReferenceProfile.scoreHistogramNull(labels.labels().get(l)), bins, fit, calibration,
                o -> scoreBin(o.scores()[label], bins));
        }
        for (final MetadataReference m : metadata) {
            addCellTest(ReferenceProfile.metadataNull(m.field()), m.categories().size() + 1, fit, calibration,
                o -> categoryCell(m, o));
        }
    }

    /** Statistic names, in the order of {@link #statistics}. */
    List<String> names() {
        return List.copyOf(names);
    }

    /** The statistics of the window made of calibration studies {@code picks} (indices, repeats allowed). */
    double[] statistics(final int[] picks) {
        final double[] result = new double[names.size()];
        for (int k = 0; k < qualityFeatures.length; k++) {
            result[k] = squaredMeanDifference(picks, qualityFeatures[k], fitQualityMeans[k]);
        }
        for (int t = 0; t < cellTests.size(); t++) {
            final CellTest test = cellTests.get(t);
            final long[] counts = new long[test.fitCounts().length];
            for (final int pick : picks) {
                counts[test.cellOfStudy()[pick]]++;
            }
            result[qualityFeatures.length + t] = GoodnessOfFit.chiSquared(counts, test.fitCounts())
                .map(r -> r.statistic() / picks.length).orElse(0.0);
        }
        return result;
    }

    private double squaredMeanDifference(final int[] picks, final int feature, final double referenceMean) {
        double sum = 0;
        int count = 0;
        for (final int pick : picks) {
            final double value = calibrationQuality[pick][feature];
            if (Double.isFinite(value)) {
                sum += value;
                count++;
            }
        }
        if (count == 0) {
            return 0;
        }
        final double difference = sum / count - referenceMean;
        return difference * difference;
    }

    private void addCellTest(final String name, final int cells, final List<Observation> fit,
                             final List<Observation> calibration, final CellOf cellOf) {
        final long[] fitCounts = new long[cells];
        fit.forEach(o -> fitCounts[cellOf.cell(o)]++);
        final int[] cellOfStudy = calibration.stream().mapToInt(cellOf::cell).toArray();
        names.add(name);
        cellTests.add(new CellTest(cellOfStudy, fitCounts));
    }

    /** Same binning as the window aggregate's score histograms. */
    private static int scoreBin(final float score, final int bins) {
        final double clamped = Math.min(1, Math.max(0, score));
        return Math.min(bins - 1, (int) (clamped * bins));
    }

    /** Same cells as the evaluator's metadata test: the reference's categories, then everything else. */
    private static int categoryCell(final MetadataReference reference, final Observation o) {
        final int index = reference.categories().indexOf(
            o.metadata().getOrDefault(reference.field(), CategoryCounts.MISSING));
        return index < 0 ? reference.categories().size() : index;
    }

    /**
     * Quality features that vary in the fit split. A constant feature (e.g. one resolution) gets no null: its
     * "squared differences" would be rounding noise (~1e-29) that makes any real difference look infinitely
     * significant; the evaluator runs no test on a feature with zero reference sd either way.
     */
    private static int[] qualityFeatures(final List<Observation> fit) {
        final List<Integer> features = new ArrayList<>();
        for (int f = 0; f < QualityFeatures.COUNT; f++) {
            final int feature = f;
            final double[] values = fit.stream().mapToDouble(o -> o.quality()[feature]).filter(Double::isFinite)
                .toArray();
            if (values.length > 1 && Arrays.stream(values).anyMatch(v -> v != values[0])) {
                features.add(f);
            }
        }
        return features.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double finiteMean(final List<Observation> observations, final int feature) {
        return observations.stream().mapToDouble(o -> o.quality()[feature]).filter(Double::isFinite)
            .average().orElse(Double.NaN);
    }

    /** The cell of one study in a chi-squared test. */
    @FunctionalInterface
    private interface CellOf {
        int cell(Observation observation);
    }
}
