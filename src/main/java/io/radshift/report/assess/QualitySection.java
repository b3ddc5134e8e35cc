package io.radshift.report.assess;

import io.radshift.report.chart.Axis;
import io.radshift.report.chart.Chart;
import io.radshift.report.chart.Series;
import io.radshift.report.chart.Table;
import io.radshift.stats.Observation;
import io.radshift.stats.QualityFeatures;
import io.radshift.stats.drift.Evaluation;
import io.radshift.stats.profile.QualityReference;
import io.radshift.stats.profile.ReferenceProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The image-quality features of the archive against the reference: each feature's mean shift in reference
 * standard deviations (the scale the quality tests measure effects in), and a table of both means and spreads with
 * the windows in which the feature's test drifted.
 */
final class QualitySection {

    /** Largest shift drawn, in reference standard deviations. */
    static final double CLIP = 10;

    private final QualityReference reference;
    private final double[] means = new double[QualityFeatures.COUNT];
    private final double[] sds = new double[QualityFeatures.COUNT];

    QualitySection(final QualityReference reference, final List<Observation> archive) {
        this.reference = reference;
        for (int k = 0; k < QualityFeatures.COUNT; k++) {
            final int feature = k;
            final double[] values = archive.stream().mapToDouble(o -> o.quality()[feature]).filter(Double::isFinite)
                .toArray();
            means[k] = Arrays.stream(values).average().orElse(Double.NaN);
            final double m = means[k];
            sds[k] = values.length < 2 ? Double.NaN
                : Math.sqrt(Arrays.stream(values).map(v -> (v - m) * (v - m)).sum() / (values.length - 1));
        }
    }

    /** The archive mean minus the reference mean of feature k, in the reference's standard deviations. */
    double shift(final int k) {
        return (means[k] - reference.means()[k]) / reference.scale(k);
    }

    /**
     * The shifts, clipped at {@value #CLIP} reference standard deviations: one feature that is constant in the
     * reference (every Kermany image is 224 px) can shift by a hundred and would flatten the others' bars. The table
     * has the exact values.
     */
    Chart chart() {
        final List<Series.Point> shifts = new ArrayList<>();
        for (int k = 0; k < QualityFeatures.COUNT; k++) {
            shifts.add(new Series.Point(k, Math.max(-CLIP, Math.min(CLIP, shift(k)))));
        }
        return new Chart("assess-quality", "Image quality: shift of the archive's mean from the reference's",
            Axis.categories("quality feature", "", QualityFeatures.NAMES, Set.of()),
            Axis.number("archive mean - reference mean", "reference standard deviations"),
            List.of(Series.of("this archive (clipped at +-10 sd; exact shifts in the table)", shifts,
                Series.Style.BAR)), List.of());
    }

    Table table(final List<Evaluation> evaluations) {
        final List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k < QualityFeatures.COUNT; k++) {
            final String test = ReferenceProfile.qualityNull(QualityFeatures.NAMES.get(k));
            final long drifted = evaluations.stream()
                .filter(e -> e.drifted().stream().anyMatch(t -> t.test().equals(test))).count();
            rows.add(List.of(QualityFeatures.NAMES.get(k), LabelSection.number(reference.means()[k]),
                LabelSection.number(reference.sds()[k]), LabelSection.number(means[k]), LabelSection.number(sds[k]),
                LabelSection.number(shift(k)), Long.toString(drifted)));
        }
        return new Table("assess-quality-table", "Image quality features", List.of("feature", "reference mean",
            "reference sd", "archive mean", "archive sd", "shift [reference sd]", "windows drifted"), rows);
    }
}
