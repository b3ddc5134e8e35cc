package io.radshift.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radshift.stats.Observation;
import io.radshift.stats.SyntheticStudies;
import io.radshift.stats.SyntheticStudies.Shift;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statistical validation on synthetic studies whose truth is known: null windows (fresh draws from the
 * reference distribution, never seen by the profile) must raise DRIFT at most at rate alpha plus a binomial
 * tolerance; obvious shifts must be detected with power near 1 and by the right test.
 */
class WindowEvaluatorValidationTest {

    private static final int NULL_WINDOWS = 500;
    /** 0.05 + 3 binomial standard deviations over 500 windows (sqrt(0.05 * 0.95 / 500) = 0.0097). */
    private static final double FALSE_ALARM_LIMIT = 0.05 + 3 * Math.sqrt(0.05 * 0.95 / NULL_WINDOWS);
    private static SyntheticStudies generator;
    private static ReferenceProfile profile;

    @BeforeAll
    static void buildProfile() {
        generator = new SyntheticStudies(32, 5);
        final List<Observation> reference = generator.draw(6000, Shift.NONE, new SplittableRandom(1), "r");
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(SyntheticStudies.LABELS, "toy", "h",
            ProfileSettings.defaults().withNullWindows(600));
        for (int i = 0; i < reference.size(); i++) {
            builder.add(reference.get(i), "patient" + i / 3);
        }
        profile = builder.build("synthetic", 0L);
    }

    private static WindowAggregate window(final int n, final Shift shift, final SplittableRandom random) {
        final WindowAggregate aggregate = WindowAggregate.empty(profile.aggregateSpec());
        generator.draw(n, shift, random, "w").forEach(aggregate::add);
        return aggregate;
    }

    private static double rate(final int windows, final int n, final Shift shift, final EvaluatorConfig config,
                               final long seed, final Predicate<Evaluation> event) {
        final WindowEvaluator evaluator = new WindowEvaluator(profile, config);
        final SplittableRandom random = new SplittableRandom(seed);
        int hits = 0;
        for (int w = 0; w < windows; w++) {
            hits += event.test(evaluator.evaluate(window(n, shift, random))) ? 1 : 0;
        }
        return (double) hits / windows;
    }

    private static boolean drift(final Evaluation e) {
        return e.verdict() == Verdict.DRIFT;
    }

    @Test
    void fullEvaluatorFalseAlarmRateOnNullWindowsIsAtMostAlpha() {
        for (final int n : new int[] {30, 100, 400}) {
            final double falseAlarms = rate(NULL_WINDOWS, n, Shift.NONE, EvaluatorConfig.defaults(), n,
                WindowEvaluatorValidationTest::drift);
            System.out.printf("synthetic null, Holm, n=%d: false-alarm rate %.3f over %d windows%n", n, falseAlarms,
                NULL_WINDOWS);
            assertThat(falseAlarms).as("n=%d", n).isLessThanOrEqualTo(FALSE_ALARM_LIMIT);
        }
    }

    @Test
    void benjaminiHochbergFalseAlarmRateOnNullWindowsIsAtMostAlpha() {
        final EvaluatorConfig bh = EvaluatorConfig.defaults().withCorrection(MultipleTesting.Correction.BH);
        final double falseAlarms = rate(NULL_WINDOWS, 50, Shift.NONE, bh, 77, WindowEvaluatorValidationTest::drift);
        System.out.printf("synthetic null, BH, n=50: false-alarm rate %.3f%n", falseAlarms);
        assertThat(falseAlarms).isLessThanOrEqualTo(FALSE_ALARM_LIMIT);
    }

    @Test
    void calibratedEmbeddingTestsHaveNominalSizeNotJustConservativeSize() {
        // Unadjusted: fraction of null windows with p < 0.05 must be near 0.05 (neither inflated nor ~0).
        for (final String test : new String[] {"centroid-euclidean", "centroid-cosine", "mmd2-rff"}) {
            final double size = rate(NULL_WINDOWS, 75, Shift.NONE, EvaluatorConfig.defaults(), 99,
                e -> e.tests().stream().anyMatch(t -> t.test().equals(test) && t.pValue() < 0.05));
            System.out.printf("synthetic null, n=75: unadjusted size of %s at 0.05 = %.3f%n", test, size);
            assertThat(size).as(test).isBetween(0.02, FALSE_ALARM_LIMIT);
        }
    }

    @Test
    void obviousEmbeddingShiftIsDetectedWithPowerNearOne() {
        final double power = rate(200, 50, Shift.EMBEDDING, EvaluatorConfig.defaults(), 3,
            e -> drift(e) && e.drifted().stream().anyMatch(t -> t.test().equals("mmd2-rff")));
        System.out.printf("synthetic embedding shift, n=50: power %.3f%n", power);
        assertThat(power).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void qualityMetadataAndRareOverconfidenceShiftsAreAttributedToTheRightTest() {
        assertThat(rate(100, 50, Shift.QUALITY, EvaluatorConfig.defaults(), 4,
            e -> e.drifted().stream().anyMatch(t -> t.test().equals("quality-sharpness")))).isGreaterThan(0.95);
        assertThat(rate(100, 50, Shift.METADATA, EvaluatorConfig.defaults(), 5,
            e -> e.drifted().stream().anyMatch(t -> t.test().equals("metadata-chi2")
                && t.label().equals("viewPosition")))).isGreaterThan(0.95);
        assertThat(rate(100, 100, Shift.RARE_OVERCONFIDENT, EvaluatorConfig.defaults(), 6,
            e -> e.drifted().stream().anyMatch(t -> t.test().equals("rare-overconfidence")
                && t.label().equals("rare") && t.effectSize() > 0))).isGreaterThan(0.9);
    }

    @Test
    void labelPriorOfAVeryRareLabelIsFiniteWithANonDegenerateInterval() {
        // Reference: 20 positives of 3,818 labelled studies (prevalence 0.0052), as for a rare real label.
        final var labels = profile.labels();
        final long[] positives = labels.positives().clone();
        final long[] known = labels.known().clone();
        positives[3] = 20;
        known[3] = 3818;
        final ReferenceProfile rare = new ReferenceProfile(profile.tags(), profile.embedding(),
            new io.radshift.stats.profile.LabelReference(labels.labels(), labels.studies(), positives, known,
                labels.highConfidence(), labels.predictedPositive(), labels.histograms(), labels.tau(),
                labels.decisionThreshold(), labels.rareThreshold(), labels.rareLabels(), labels.overconfidenceGap()),
            profile.metadata(), profile.quality(), profile.nulls(), profile.sketch());
        final Evaluation evaluation = new WindowEvaluator(rare, EvaluatorConfig.defaults())
            .evaluate(window(100, Shift.NONE, new SplittableRandom(9)));
        final TestOutcome prior = evaluation.tests().stream()
            .filter(t -> t.test().equals("label-prior") && t.label().equals("rare")).findFirst().orElseThrow();
        assertThat(prior.pValue()).isBetween(0.0, 1.0);
        assertThat(prior.details().get("windowRateUpper")).isGreaterThan(prior.details().get("windowRateLower"));
        final double p0 = (20 + 0.5) / (3818 + 1.0);
        assertThat(prior.details().get("rateDifference")).isEqualTo(prior.statistic() - p0);
        // Cohen's h (Anscombe's arcsine of the count) shrunk by its sampling variance, sign kept.
        final double labelled = prior.details().get("known");
        final double h = 2 * Math.asin(Math.sqrt((prior.statistic() * labelled + 0.375) / (labelled + 0.75)))
            - 2 * Math.asin(Math.sqrt(p0));
        final double variance = 1.0 / (labelled + 0.5) + 1.0 / 3818;
        assertThat(prior.effectSize()).isCloseTo(
            h * h <= variance ? 0 : Math.copySign(Math.sqrt(h * h - variance), h), within(1e-12));
    }

    @Test
    void smallWindowsAreInsufficientAndOutcomesCarryEffectSizes() {
        final WindowEvaluator evaluator = new WindowEvaluator(profile, EvaluatorConfig.defaults());
        final SplittableRandom random = new SplittableRandom(8);
        assertThat(evaluator.evaluate(window(19, Shift.NONE, random)).verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        final Evaluation evaluation = evaluator.evaluate(window(60, Shift.EMBEDDING, random));
        assertThat(evaluation.tests()).allSatisfy(t -> {
            assertThat(t.effectSizeName()).isNotBlank();
            assertThat(t.pValue()).isBetween(0.0, 1.0);
            assertThat(t.adjustedPValue()).isGreaterThanOrEqualTo(t.pValue());
            assertThat(Double.isFinite(t.effectSize())).isTrue();
        });
        assertThat(evaluation.groundTruth()).isPresent();
        assertThat(evaluation.tests()).extracting(TestOutcome::test)
            .contains("centroid-euclidean", "centroid-cosine", "mmd2-rff", "label-prior", "rare-overconfidence",
                "score-chi2", "metadata-chi2", "quality-contrast");
    }
}
