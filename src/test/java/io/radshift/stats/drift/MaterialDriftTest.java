package io.radshift.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.stats.Observation;
import io.radshift.stats.SyntheticStudies;
import io.radshift.stats.SyntheticStudies.Shift;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.profile.GroupTolerance;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Material drift on synthetic studies whose truth is known: effect sizes that do not grow by themselves as the
 * window shrinks; a shift that is significant but within the tolerance is not drift; severity follows the size
 * of the effect; tolerances come from the family band, the reference and the per-label overrides.
 */
class MaterialDriftTest {

    private static final int SHARPNESS = 2;
    private static SyntheticStudies generator;
    private static ReferenceProfile profile;
    private static double sharpnessSd;

    @BeforeAll
    static void buildProfile() {
        generator = new SyntheticStudies(32, 5);
        final List<Observation> reference = generator.draw(6000, Shift.NONE, new SplittableRandom(1), "r");
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(SyntheticStudies.LABELS, "toy", "h",
            ProfileSettings.defaults().withNullWindows(300));
        for (int i = 0; i < reference.size(); i++) {
            builder.add(reference.get(i), "patient" + i / 3);
        }
        profile = builder.build("synthetic", 0L);
        sharpnessSd = profile.quality().sds()[SHARPNESS];
    }

    private static WindowAggregate window(final int n, final SplittableRandom random,
                                          final UnaryOperator<Observation> change) {
        final WindowAggregate aggregate = WindowAggregate.empty(profile.aggregateSpec());
        generator.draw(n, Shift.NONE, random, "w").stream().map(change).forEach(aggregate::add);
        return aggregate;
    }

    /** The study with its sharpness moved by {@code sds} reference standard deviations. */
    private static UnaryOperator<Observation> sharpnessShift(final double sds) {
        return o -> {
            final double[] quality = o.quality().clone();
            quality[SHARPNESS] += sds * sharpnessSd;
            return new Observation(o.studyId(), o.embedding(), o.scores(), quality, o.metadata(), o.positives(),
                o.known());
        };
    }

    private static TestOutcome outcome(final Evaluation evaluation, final String test, final String label) {
        return evaluation.tests().stream().filter(t -> t.test().equals(test) && Objects.equals(t.label(), label))
            .findFirst().orElseThrow();
    }

    @Test
    void effectSizesDoNotGrowAsTheWindowShrinksUnderTheNull() {
        final WindowEvaluator evaluator = new WindowEvaluator(profile, EvaluatorConfig.defaults());
        final int[] sizes = {20, 50, 200};
        final List<Map<String, Double>> means = new ArrayList<>();
        final double[] plugInPsi = new double[sizes.length];
        final int windows = 300;
        for (int s = 0; s < sizes.length; s++) {
            final SplittableRandom random = new SplittableRandom(100 + s);
            final Map<String, Double> sum = new TreeMap<>();
            for (int w = 0; w < windows; w++) {
                for (final TestOutcome t : evaluator.evaluate(window(sizes[s], random, o -> o)).tests()) {
                    sum.merge(ReferenceProfile.effectKey(t.test(), t.label()), t.effectSize() / windows, Double::sum);
                    if (t.test().equals("score-chi2") && t.label().equals("effusion")) {
                        plugInPsi[s] += t.details().get("psiPlugIn") / windows;
                    }
                }
            }
            means.add(sum);
        }
        final Tolerances tolerances = Tolerances.defaults();
        means.get(0).forEach((key, small) -> {
            final EffectFamily family = family(key);
            final double band = tolerances.families().get(family).band().tolerance();
            final double large = means.get(2).get(key);
            System.out.printf("null mean effect %-34s n=20 %+.5f n=50 %+.5f n=200 %+.5f (tolerance %.3f)%n", key,
                small, means.get(1).get(key), large, band);
            // About 0 at every n, far below the tolerance; and not larger at n = 20 than at n = 200 beyond noise.
            assertThat(Math.abs(small)).as(key).isLessThan(band / 3);
            assertThat(small).as(key).isLessThan(large + band / 5);
        });
        // The plug-in PSI of the same windows grows like (cells - 1) / n.
        System.out.printf("plug-in PSI of effusion: n=20 %.3f, n=200 %.3f%n", plugInPsi[0], plugInPsi[2]);
        assertThat(plugInPsi[0]).isGreaterThan(3 * plugInPsi[2]).isGreaterThan(0.1);
    }

    private static EffectFamily family(final String key) {
        final String test = key.contains(":") ? key.substring(0, key.indexOf(':')) : key;
        return switch (test) {
            case "centroid-euclidean" -> EffectFamily.CENTROID_EUCLIDEAN;
            case "centroid-cosine" -> EffectFamily.CENTROID_COSINE;
            case "mmd2-rff" -> EffectFamily.MMD;
            case "label-prior" -> EffectFamily.LABEL_PRIOR;
            case "rare-overconfidence" -> EffectFamily.RARE_OVERCONFIDENCE;
            case "score-chi2" -> EffectFamily.SCORE_HISTOGRAM;
            case "metadata-chi2" -> EffectFamily.METADATA;
            default -> EffectFamily.QUALITY;
        };
    }

    /**
     * The standard error a window reports is the spread of its effect's estimate: over 300 null windows of 100
     * studies, the sd of each squared-scale effect (centroid, cosine, MMD, PSI) and of the plug-in standardised
     * difference of each quality feature matches the mean reported standard error. (The reported linear effects
     * are shrunk towards 0 by their variance, so their own spread is smaller.)
     */
    @Test
    void reportedStandardErrorsMatchTheSpreadOfTheEstimatesUnderTheNull() {
        final WindowEvaluator evaluator = new WindowEvaluator(profile, EvaluatorConfig.defaults());
        final SplittableRandom random = new SplittableRandom(77);
        final Map<String, List<double[]>> byKey = new TreeMap<>();
        for (int w = 0; w < 300; w++) {
            for (final TestOutcome t : evaluator.evaluate(window(100, random, o -> o)).tests()) {
                final Double estimate = t.test().startsWith("quality-")
                    ? t.details().get("standardisedMeanDifferencePlugIn")
                    : t.effectSizeName().equals("cohens-h") ? null : t.effectSize();
                if (estimate != null && t.effectStandardError() != null) {
                    byKey.computeIfAbsent(ReferenceProfile.effectKey(t.test(), t.label()), k -> new ArrayList<>())
                        .add(new double[] {estimate, t.effectStandardError()});
                }
            }
        }
        assertThat(byKey).containsKeys("centroid-euclidean", "centroid-cosine", "mmd2-rff",
            "quality-sharpness:sharpness", "score-chi2:effusion", "metadata-chi2:viewPosition");
        byKey.forEach((key, values) -> {
            final double mean = values.stream().mapToDouble(v -> v[0]).average().orElseThrow();
            final double spread = Math.sqrt(values.stream().mapToDouble(v -> (v[0] - mean) * (v[0] - mean))
                .sum() / (values.size() - 1));
            final double reported = values.stream().mapToDouble(v -> v[1]).average().orElseThrow();
            System.out.printf("n=100 %-34s sd of estimate %.5f, mean reported standard error %.5f%n", key, spread,
                reported);
            assertThat(reported).as(key).isBetween(0.7 * spread, 1.5 * spread);
        });
    }

    /**
     * Under a change the reported standard error is still the spread of the estimate: in 300 windows of 200
     * studies of which a fifth moved in embedding and a tenth had their effusion score raised, each squared-scale effect
     * clearly beyond zero spreads about as wide as its reported standard error (a PSI's exactly, an embedding
     * statistic's within a factor of two), while the null's spread, which the standard error used to be, is too
     * narrow for several of them. The null's spread is what a null window
     * reports when its estimate is not positive.
     */
    @Test
    void reportedStandardErrorsMatchTheSpreadOfTheEstimatesUnderAChange() {
        final WindowEvaluator evaluator = new WindowEvaluator(profile, EvaluatorConfig.defaults());
        final SplittableRandom random = new SplittableRandom(78);
        final Map<String, Double> nullSpread = new TreeMap<>();
        for (int w = 0; w < 100; w++) {
            for (final TestOutcome t : evaluator.evaluate(window(200, random, o -> o)).tests()) {
                if (t.effectSize() <= 0 && t.effectStandardError() != null) {
                    nullSpread.put(ReferenceProfile.effectKey(t.test(), t.label()), t.effectStandardError());
                }
            }
        }
        final Map<String, List<double[]>> byKey = new TreeMap<>();
        for (int w = 0; w < 300; w++) {
            for (final TestOutcome t : evaluator.evaluate(partlyMoved(200, 0.2, random)).tests()) {
                final String key = ReferenceProfile.effectKey(t.test(), t.label());
                if (nullSpread.containsKey(key) && !t.effectSizeName().equals("cohens-h")
                    && !t.test().startsWith("quality-")) {
                    byKey.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new double[] {t.effectSize(), t.effectStandardError()});
                }
            }
        }
        assertThat(byKey).containsKeys("centroid-euclidean", "centroid-cosine", "mmd2-rff", "score-chi2:effusion");
        final List<String> checked = new ArrayList<>();
        int tooNarrowAtNull = 0;
        for (final Map.Entry<String, List<double[]>> entry : byKey.entrySet()) {
            final List<double[]> values = entry.getValue();
            final double mean = values.stream().mapToDouble(v -> v[0]).average().orElseThrow();
            final double spread = Math.sqrt(values.stream().mapToDouble(v -> (v[0] - mean) * (v[0] - mean))
                .sum() / (values.size() - 1));
            final double reported = values.stream().mapToDouble(v -> v[1]).average().orElseThrow();
            final double atNull = nullSpread.get(entry.getKey());
            System.out.printf("changed n=200 %-34s mean effect %.5f, sd %.5f, reported %.5f, null's %.5f%n",
                entry.getKey(), mean, spread, reported, atNull);
            if (mean > 3 * atNull) {
                // Exact for a chi-squared statistic; for the embedding statistics it depends on how the shift lies
                // in the data's variation (here along one random direction), so only "not narrower, not absurdly
                // wider" is asked: a margin may be conservative, it must not be too short.
                final double widest = entry.getKey().startsWith("score-chi2") ? 1.3 : 2.0;
                assertThat(reported).as(entry.getKey()).isBetween(0.8 * spread, widest * spread);
                tooNarrowAtNull += atNull < 0.7 * spread ? 1 : 0;
                checked.add(entry.getKey());
            }
        }
        assertThat(checked).contains("centroid-euclidean", "mmd2-rff", "score-chi2:effusion");
        assertThat(tooNarrowAtNull).as("effects whose null spread is too narrow under the change")
            .isGreaterThanOrEqualTo(3);
    }

    /**
     * A window of n studies, each with its embedding moved with probability {@code fraction} and, independently,
     * its effusion score raised by 0.3 with half that probability.
     */
    private static WindowAggregate partlyMoved(final int n, final double fraction, final SplittableRandom random) {
        final WindowAggregate aggregate = WindowAggregate.empty(profile.aggregateSpec());
        final int effusion = SyntheticStudies.LABELS.indexOf("effusion");
        for (int i = 0; i < n; i++) {
            final Shift shift = random.nextDouble() < fraction ? Shift.EMBEDDING : Shift.NONE;
            final Observation o = generator.draw(1, shift, random, "w" + i).get(0);
            if (random.nextDouble() < fraction / 2) {
                final float[] scores = o.scores().clone();
                scores[effusion] = Math.min(0.999f, scores[effusion] + 0.3f);
                aggregate.add(new Observation(o.studyId(), o.embedding(), scores, o.quality(), o.metadata(),
                    o.positives(), o.known()));
            } else {
                aggregate.add(o);
            }
        }
        return aggregate;
    }

    @Test
    void significantButImmaterialShiftIsNotDriftAndSeverityFollowsTheEffect() {
        final WindowEvaluator evaluator = new WindowEvaluator(profile, EvaluatorConfig.defaults()
            .withTests(EnumSet.of(DriftTest.QUALITY)));
        final SplittableRandom random = new SplittableRandom(21);
        // 0.15 sd in 3,000 studies: z about 8, clearly significant, but below the 0.35 tolerance.
        final TestOutcome small = outcome(evaluator.evaluate(window(3000, random, sharpnessShift(0.15))),
            "quality-sharpness", "sharpness");
        assertThat(small.significant()).isTrue();
        assertThat(small.effectSize()).isBetween(0.1, 0.2);
        assertThat(small.drift()).isFalse();
        assertThat(small.severity()).isEqualTo(EffectSeverity.NONE);
        assertThat(small.effectTolerance()).isEqualTo(0.35);

        final Evaluation moderate = evaluator.evaluate(window(300, random, sharpnessShift(0.6)));
        assertThat(outcome(moderate, "quality-sharpness", "sharpness").severity()).isEqualTo(EffectSeverity.WARNING);
        assertThat(moderate.verdict()).isEqualTo(Verdict.DRIFT);
        assertThat(outcome(evaluator.evaluate(window(300, random, sharpnessShift(-1.5))), "quality-sharpness",
            "sharpness").severity()).isEqualTo(EffectSeverity.CRITICAL);
    }

    @Test
    void aLargeEffectThatIsNotSignificantIsNotDrift() {
        final WindowEvaluator evaluator = new WindowEvaluator(profile, EvaluatorConfig.defaults()
            .withTests(EnumSet.of(DriftTest.QUALITY)));
        // 0.5 sd in 20 studies: beyond the tolerance on average, but z about 2.2 is not significant after Holm.
        final TestOutcome outcome = outcome(evaluator.evaluate(window(20, new SplittableRandom(22),
            sharpnessShift(0.5))), "quality-sharpness", "sharpness");
        assertThat(outcome.significant()).isFalse();
        assertThat(outcome.drift()).isFalse();
        assertThat(outcome.severity()).isEqualTo(EffectSeverity.NONE);
    }

    @Test
    void perLabelOverridesAndReferenceDerivedTolerancesApply() {
        final WindowAggregate shifted = window(300, new SplittableRandom(23), sharpnessShift(0.6));
        final EvaluatorConfig quality = EvaluatorConfig.defaults().withTests(EnumSet.of(DriftTest.QUALITY));
        final Tolerances sharpnessAtOne = Tolerances.defaults().with(EffectFamily.QUALITY,
            new Tolerances.Family(new Tolerance(0.35, 0.8), true, Map.of("sharpness", new Tolerance(1.0, 2.0))));
        final TestOutcome overridden = outcome(new WindowEvaluator(profile, quality.withTolerances(sharpnessAtOne))
            .evaluate(shifted), "quality-sharpness", "sharpness");
        assertThat(overridden.significant()).isTrue();
        assertThat(overridden.effectTolerance()).isEqualTo(1.0);
        assertThat(overridden.drift()).isFalse();

        // A reference whose groups of patients differ by 0.5 sd in sharpness: derived tolerance 1.0 raises the band.
        final ReferenceProfile heterogeneous = withTolerances(List.of(
            new GroupTolerance("quality-sharpness:sharpness", 0.25, 10, GroupTolerance.toleranceOf(0.25, true))));
        final TestOutcome raised = outcome(new WindowEvaluator(heterogeneous, quality).evaluate(shifted),
            "quality-sharpness", "sharpness");
        assertThat(raised.effectTolerance()).isEqualTo(1.0);
        assertThat(raised.drift()).isFalse();
        final Tolerances notFromReference = Tolerances.defaults().with(EffectFamily.QUALITY,
            new Tolerances.Family(new Tolerance(0.35, 0.8), false, Map.of()));
        final TestOutcome bandOnly = outcome(new WindowEvaluator(heterogeneous,
            quality.withTolerances(notFromReference)).evaluate(shifted), "quality-sharpness", "sharpness");
        assertThat(bandOnly.effectTolerance()).isEqualTo(0.35);
        assertThat(bandOnly.drift()).isTrue();
    }

    @Test
    void everyOutcomeCarriesTolerancesAndAConsistentVerdict() {
        final Evaluation evaluation = new WindowEvaluator(profile, EvaluatorConfig.defaults())
            .evaluate(window(100, new SplittableRandom(24), sharpnessShift(1.0)));
        assertThat(evaluation.tests()).isNotEmpty().allSatisfy(t -> {
            assertThat(t.effectTolerance()).isNotNull().isGreaterThanOrEqualTo(0);
            assertThat(t.significant()).isEqualTo(t.adjustedPValue() <= 0.05);
            assertThat(t.drift()).isEqualTo(t.significant() && t.severity() != EffectSeverity.NONE);
        });
        assertThat(evaluation.verdict()).isEqualTo(Verdict.DRIFT);
        assertThat(evaluation.drifted()).extracting(TestOutcome::test).contains("quality-sharpness");
    }

    private static ReferenceProfile withTolerances(final List<GroupTolerance> tolerances) {
        return new ReferenceProfile(profile.tags(), profile.embedding(), profile.labels(), profile.metadata(),
            profile.quality(), profile.nulls(), profile.sketch(), tolerances);
    }
}
