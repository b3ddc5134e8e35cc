package io.radshift.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.stats.Observation;
import io.radshift.stats.QualityBounds;
import io.radshift.stats.QualityFeatures;
import io.radshift.stats.SyntheticStudies;
import io.radshift.stats.SyntheticStudies.Shift;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Heavy-tailed quality features (the saturated fraction of real X-rays is near 0 for most images and large for a
 * few): winsorising to the reference's 1% / 99% quantiles bounds what one extreme image can do to a window's mean,
 * keeps a stable site's windows quiet and still finds a change of the bulk of the distribution.
 */
class WinsorisedQualityTest {

    private static final int SATURATED = QualityFeatures.NAMES.indexOf("saturatedFraction");
    private static final String TEST = "quality-saturatedFraction";
    private static final int WINDOWS = 400;
    private static final int N = 50;
    private static final double ALPHA = 0.01;

    private static SyntheticStudies generator;
    private static ReferenceProfile profile;

    /** Most images 0, 3% of them Pareto-tailed (shape 1.2, from 0.02), capped at 1: heavier than any normal. */
    private static double heavyTailed(final SplittableRandom random, final double tailShare) {
        if (random.nextDouble() >= tailShare) {
            return 0.001 * random.nextDouble();
        }
        return Math.min(1, 0.02 * Math.pow(1 - random.nextDouble(), -1 / 1.2));
    }

    private static List<Observation> draw(final int n, final SplittableRandom random, final DoubleSupplier saturated,
                                          final String prefix) {
        final List<Observation> out = new ArrayList<>();
        for (final Observation o : generator.draw(n, Shift.NONE, random, prefix)) {
            final double[] quality = o.quality().clone();
            quality[SATURATED] = saturated.getAsDouble();
            out.add(new Observation(o.studyId(), o.embedding(), o.scores(), quality, o.metadata(), o.positives(),
                o.known()));
        }
        return out;
    }

    @BeforeAll
    static void buildProfile() {
        generator = new SyntheticStudies(16, 3);
        final SplittableRandom random = new SplittableRandom(11);
        final List<Observation> reference = draw(6000, random, () -> heavyTailed(random, 0.03), "r");
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(SyntheticStudies.LABELS, "toy", "h",
            ProfileSettings.defaults().withNullWindows(300));
        for (int i = 0; i < reference.size(); i++) {
            builder.add(reference.get(i), "patient" + i / 3);
        }
        profile = builder.build("heavy-tailed", 0L);
    }

    @Test
    void theBoundsAreTheReferenceQuantilesAndClipBothSidesButKeepMissingValues() {
        final QualityBounds bounds = profile.quality().bounds();
        assertThat(bounds.upper()[SATURATED]).isBetween(0.02, 0.2);
        assertThat(bounds.lower()[SATURATED]).isBetween(0.0, 0.001);
        assertThat(bounds.clip(SATURATED, 1.0)).isEqualTo(bounds.upper()[SATURATED]);
        assertThat(bounds.clip(SATURATED, -1.0)).isEqualTo(bounds.lower()[SATURATED]);
        assertThat(bounds.clip(SATURATED, Double.NaN)).isNaN();
        assertThat(profile.aggregateSpec().qualityBounds()).isEqualTo(bounds);
        // The reference moments are those of the winsorised values.
        assertThat(profile.quality().means()[SATURATED]).isLessThanOrEqualTo(bounds.upper()[SATURATED]);
    }

    @Test
    void oneExtremeImageMovesAWindowMeanByAtMostTheRangeOverN() {
        final SplittableRandom random = new SplittableRandom(3);
        final List<Observation> studies = draw(N, random, () -> 0.0, "w");
        final WindowAggregate clean = WindowAggregate.of(profile.aggregateSpec(), studies);
        studies.set(0, draw(1, random, () -> 1.0, "x").get(0));
        final WindowAggregate extreme = WindowAggregate.of(profile.aggregateSpec(), studies);
        final QualityBounds bounds = profile.quality().bounds();
        assertThat(extreme.qualityMean(SATURATED) - clean.qualityMean(SATURATED))
            .isLessThanOrEqualTo((bounds.upper()[SATURATED] - bounds.lower()[SATURATED]) / N + 1e-12);
    }

    @Test
    void stableWindowsOfAHeavyTailedFeatureStayQuietAndABulkChangeIsFound() {
        final SplittableRandom random = new SplittableRandom(5);
        final WindowEvaluator evaluator = new WindowEvaluator(profile, EvaluatorConfig.defaults().withAlpha(ALPHA));
        final double stable = materialRate(evaluator, random, 0.03);
        // A quarter of the images saturated instead of 3% (a detector or exposure change) is a change of the bulk.
        final double changed = materialRate(evaluator, random, 0.25);
        assertThat(stable).isLessThanOrEqualTo(ALPHA);
        assertThat(changed).isGreaterThan(0.8);
    }

    private static double materialRate(final WindowEvaluator evaluator, final SplittableRandom random,
                                       final double tailShare) {
        int material = 0;
        for (int w = 0; w < WINDOWS; w++) {
            final List<Observation> studies = draw(N, random, () -> heavyTailed(random, tailShare), "w" + w);
            material += material(evaluator.evaluate(WindowAggregate.of(profile.aggregateSpec(), studies)));
        }
        return (double) material / WINDOWS;
    }

    private static int material(final Evaluation evaluation) {
        return evaluation.tests().stream().anyMatch(o -> o.test().equals(TEST) && o.drift()) ? 1 : 0;
    }
}
