package io.radshift.stats.profile;

import io.radshift.stats.Observation;
import io.radshift.stats.QualityFeatures;
import io.radshift.stats.WindowAggregate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives effect tolerances from the reference's own variation between groups of patients ({@link
 * GroupTolerance}): each group of held-out calibration patients is aggregated as a window would be, its effect
 * on every test is computed with {@link WindowEffects} against a reference made of the fit split only (so that
 * no group is compared with a reference it helped to define), and the unbiased squared effects are averaged
 * over the groups. Package-private helper of {@link ReferenceProfileBuilder}.
 */
final class BetweenGroupTolerances {

    /** Groups the calibration patients are split into. */
    static final int GROUPS = 10;
    /** Groups with fewer studies are left out (their label-rate variances are poor approximations). */
    static final int MIN_GROUP_STUDIES = 10;

    private final ReferenceProfile fitOnly;
    private final List<String> rareLabels;
    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private final Map<String, Boolean> linear = new LinkedHashMap<>();

    /**
     * @param fitOnly    the profile with label, metadata and quality references from the fit split only (same
     *                   categories, bins and embedding reference as the real profile)
     * @param rareLabels the real profile's rare labels
     */
    BetweenGroupTolerances(final ReferenceProfile fitOnly, final List<String> rareLabels) {
        this.fitOnly = fitOnly;
        this.rareLabels = List.copyOf(rareLabels);
    }

    /** The derived tolerances from the given groups of calibration studies (groups below the minimum skipped). */
    List<GroupTolerance> derive(final List<List<Observation>> groups) {
        for (final List<Observation> group : groups) {
            if (group.size() >= MIN_GROUP_STUDIES) {
                final WindowAggregate window = WindowAggregate.empty(fitOnly.aggregateSpec());
                group.forEach(window::add);
                addGroup(window);
            }
        }
        final List<GroupTolerance> result = new ArrayList<>();
        sums.forEach((key, sum) -> {
            if (sum[1] >= 2) {
                final double kappa = sum[0] / sum[1];
                result.add(new GroupTolerance(key, kappa, (int) sum[1],
                    GroupTolerance.toleranceOf(kappa, linear.get(key))));
            }
        });
        return result;
    }

    private void addGroup(final WindowAggregate window) {
        final EmbeddingReference embedding = fitOnly.embedding();
        add(WindowEffects.CENTROID_EUCLIDEAN, null, WindowEffects.centroidShift(window, embedding));
        add(WindowEffects.CENTROID_COSINE, null, WindowEffects.cosineDistance(window, embedding));
        add(WindowEffects.MMD2_RFF, null, WindowEffects.mmd2(window, embedding));
        final QualityReference quality = fitOnly.quality();
        for (int f = 0; f < QualityFeatures.COUNT; f++) {
            if (window.qualityCount(f) >= 2 && quality.sds()[f] > 0) {
                final String name = QualityFeatures.NAMES.get(f);
                add(ReferenceProfile.qualityNull(name), name, WindowEffects.qualityShift(window, f, quality));
            }
        }
        final LabelReference labels = fitOnly.labels();
        for (int l = 0; l < labels.labels().size(); l++) {
            final String label = labels.labels().get(l);
            add(WindowEffects.SCORE_HISTOGRAM, label, WindowEffects.scoreHistogram(window, l, labels));
            if (rareLabels.contains(label)) {
                add(WindowEffects.RARE_OVERCONFIDENCE, label, WindowEffects.rareOverconfidence(window, l, labels));
            }
            if (window.truth().known(l) > 0 && labels.known()[l] > 0) {
                add(WindowEffects.LABEL_PRIOR, label, WindowEffects.labelPrior(window, l, labels));
            }
        }
        for (final MetadataReference field : fitOnly.metadata()) {
            add(WindowEffects.METADATA, field.field(), WindowEffects.metadata(window, field));
        }
    }

    private void add(final String test, final String label, final WindowEffects.Effect effect) {
        if (!Double.isFinite(effect.unbiasedSquare())) {
            return;
        }
        final String key = ReferenceProfile.effectKey(test, label);
        final double[] sum = sums.computeIfAbsent(key, k -> new double[2]);
        sum[0] += effect.unbiasedSquare();
        sum[1]++;
        linear.put(key, effect.linear());
    }
}
