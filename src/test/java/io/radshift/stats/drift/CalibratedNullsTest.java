package io.radshift.stats.drift;

import io.radshift.stats.math.Distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radshift.stats.Observation;
import io.radshift.stats.QualityFeatures;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.profile.NullDistribution;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileAvro;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import io.radshift.stats.profile.SketchSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quality and score-histogram tests with n-calibrated nulls on data with patient structure: every patient
 * has its own offset of image contrast and of the label's score, so the reference mean is known only to the
 * precision of its number of patients, not of its number of studies. The analytic z / chi-squared tests assume
 * i.i.d. studies and false-alarm far above alpha on windows of unseen patients from the same population; the
 * nulls calibrated on the held-out patients must bring the rate back to about alpha. Also checks the evaluator
 * uses exactly the stored null, and falls back to the analytic null for a profile without it.
 */
class CalibratedNullsTest {

    private static final int CONTRAST = QualityFeatures.NAMES.indexOf("contrast");
    private static final List<String> LABELS = List.of("finding");
    private static final int PATIENTS = 100;
    private static final int IMAGES_PER_PATIENT = 20;
    private static final int WINDOW = 200;
    private static final double ALPHA = 0.05;
    private static final EvaluatorConfig CONFIG = EvaluatorConfig.defaults()
        .withTests(EnumSet.of(DriftTest.QUALITY, DriftTest.SCORE_HISTOGRAM));

    @Test
    void calibratedNullsKeepTheFalseAlarmRateThatAnalyticNullsExceed() {
        final int references = 10;
        final int windows = 100;
        int calibratedAlarms = 0;
        int analyticAlarms = 0;
        for (int r = 0; r < references; r++) {
            final SplittableRandom random = new SplittableRandom(1000 + r);
            final ReferenceProfile profile = profile(random);
            final WindowEvaluator calibrated = new WindowEvaluator(profile, CONFIG);
            final WindowEvaluator analytic = new WindowEvaluator(withoutSecondaryNulls(profile), CONFIG);
            for (int w = 0; w < windows; w++) {
                final WindowAggregate window = unseenPatientsWindow(profile, random);
                calibratedAlarms += significant(calibrated.evaluate(window)) ? 1 : 0;
                analyticAlarms += significant(analytic.evaluate(window)) ? 1 : 0;
            }
        }
        final double total = references * windows;
        System.out.printf("false alarms at n=%d: analytic %.3f, calibrated %.3f%n", WINDOW,
            analyticAlarms / total, calibratedAlarms / total);
        assertThat(analyticAlarms / total).isGreaterThan(2 * ALPHA);
        assertThat(calibratedAlarms / total).isLessThanOrEqualTo(ALPHA + 0.02);
    }

    /**
     * Whether some test is significant after correction: the p-values' own false-alarm rate, before the effect
     * tolerances (which would hide a too narrow null behind an immaterial effect).
     */
    private static boolean significant(final Evaluation evaluation) {
        return evaluation.tests().stream().anyMatch(TestOutcome::significant);
    }

    @Test
    void evaluatorUsesTheStoredNullAndFallsBackToTheAnalyticOneWithoutIt() {
        final SplittableRandom random = new SplittableRandom(7);
        final ReferenceProfile profile = profile(random);
        final WindowAggregate window = unseenPatientsWindow(profile, random);
        final TestOutcome calibrated = outcome(new WindowEvaluator(profile, CONFIG).evaluate(window),
            "quality-contrast");
        final NullDistribution contrastNull = profile.nullDistribution(ReferenceProfile.qualityNull("contrast"));
        final double difference = window.qualityMean(CONTRAST) - profile.quality().means()[CONTRAST];
        assertThat(calibrated.details()).containsEntry("nullCalibrated", 1.0);
        assertThat(calibrated.pValue()).isEqualTo(contrastNull.pValueWithEmpiricalFloor(difference * difference, WINDOW));

        final TestOutcome analytic = outcome(new WindowEvaluator(withoutSecondaryNulls(profile), CONFIG)
            .evaluate(window), "quality-contrast");
        assertThat(analytic.details()).containsEntry("nullCalibrated", 0.0);
        assertThat(analytic.statistic()).isEqualTo(calibrated.statistic());
        assertThat(analytic.pValue()).isCloseTo(Distributions.normalTwoSided(analytic.statistic()), within(1e-15));

        final TestOutcome histogram = outcome(new WindowEvaluator(profile, CONFIG).evaluate(window), "score-chi2");
        final NullDistribution scoreNull = profile.nullDistribution(ReferenceProfile.scoreHistogramNull("finding"));
        assertThat(histogram.pValue()).isEqualTo(scoreNull.pValueWithEmpiricalFloor(histogram.statistic() / WINDOW, WINDOW));
        assertThat(histogram.threshold()).isCloseTo(scoreNull.threshold(ALPHA, WINDOW) * WINDOW, within(1e-9));
    }

    @Test
    void nullsExistForEveryVaryingQualityFeatureAndEveryLabelButNotForConstantFeatures() {
        final ReferenceProfile profile = profile(new SplittableRandom(3));
        assertThat(profile.findNull(ReferenceProfile.qualityNull("contrast"))).isPresent();
        assertThat(profile.findNull(ReferenceProfile.scoreHistogramNull("finding"))).isPresent();
        // Every other quality feature is constant 0 here: no null, and the evaluator runs no test on it.
        assertThat(profile.findNull(ReferenceProfile.qualityNull("noise"))).isEmpty();
        final double[] means = profile.nullDistribution(ReferenceProfile.qualityNull("contrast")).means();
        // Null of (window mean - reference mean)^2: at least the i.i.d. variance of a window mean, sd^2 / n.
        final double sd = profile.quality().sds()[CONTRAST];
        assertThat(means[0]).isGreaterThan(sd * sd / 50);
    }

    @Test
    void profileFilesKeepTheNewNullsAndFilesWithoutThemStillLoad(@TempDir final Path dir) throws IOException {
        final SplittableRandom random = new SplittableRandom(5);
        final ReferenceProfile profile = profile(random);
        final WindowAggregate window = unseenPatientsWindow(profile, random);
        final Path current = dir.resolve("current.avro");
        ReferenceProfileAvro.write(profile, current);
        final ReferenceProfile read = ReferenceProfileAvro.read(current);
        assertThat(read.nullDistribution(ReferenceProfile.qualityNull("contrast")).threshold(ALPHA, 77))
            .isEqualTo(profile.nullDistribution(ReferenceProfile.qualityNull("contrast")).threshold(ALPHA, 77));
        // The file format did not change (nulls are a list by name): an older profile is one without them.
        final Path older = dir.resolve("older.avro");
        ReferenceProfileAvro.write(withoutSecondaryNulls(profile), older);
        final Evaluation evaluation = new WindowEvaluator(ReferenceProfileAvro.read(older), CONFIG).evaluate(window);
        assertThat(evaluation.tests()).isNotEmpty()
            .allSatisfy(t -> assertThat(t.details()).containsEntry("nullCalibrated", 0.0));
    }

    private static TestOutcome outcome(final Evaluation evaluation, final String test) {
        return evaluation.tests().stream().filter(o -> o.test().equals(test)).findFirst().orElseThrow();
    }

    /** The profile as an older build would have written it: only the embedding nulls. */
    private static ReferenceProfile withoutSecondaryNulls(final ReferenceProfile p) {
        final List<NullDistribution> embeddingOnly = p.nulls().stream()
            .filter(d -> List.of(ReferenceProfile.CENTROID_EUCLIDEAN2, ReferenceProfile.CENTROID_COSINE,
                ReferenceProfile.MMD2_RFF).contains(d.statistic())).toList();
        return new ReferenceProfile(p.tags(), p.embedding(), p.labels(), p.metadata(), p.quality(), embeddingOnly,
            p.sketch());
    }

    private static ReferenceProfile profile(final SplittableRandom random) {
        final ProfileSettings settings = new ProfileSettings(16, random.nextLong(), 0.3, 10, 0.8, 0.5, 0.05,
            List.of(), 8, new int[] {50, 100, 200, 400}, 400, 200, new SketchSettings(10, 10, 16));
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(LABELS, "toy", "hash", settings);
        for (int p = 0; p < PATIENTS; p++) {
            final double[] offsets = patientOffsets(random);
            for (int i = 0; i < IMAGES_PER_PATIENT; i++) {
                builder.add(study("ref-" + p + "-" + i, offsets, random), "patient-" + p);
            }
        }
        return builder.build("profile", 0L);
    }

    /** WINDOW studies, one from each of WINDOW patients never seen in the reference. */
    private static WindowAggregate unseenPatientsWindow(final ReferenceProfile profile,
                                                        final SplittableRandom random) {
        final WindowAggregate window = WindowAggregate.empty(profile.aggregateSpec());
        for (int i = 0; i < WINDOW; i++) {
            window.add(study("new-" + i, patientOffsets(random), random));
        }
        return window;
    }

    /** Patient offsets of contrast and of the score logit; as large as the study-level noise. */
    private static double[] patientOffsets(final SplittableRandom random) {
        return new double[] {0.05 * gaussian(random), gaussian(random)};
    }

    private static Observation study(final String id, final double[] offsets, final SplittableRandom random) {
        final float[] embedding = new float[4];
        for (int d = 0; d < embedding.length; d++) {
            embedding[d] = (float) gaussian(random);
        }
        final double logit = offsets[1] + gaussian(random);
        final float[] scores = {(float) (1 / (1 + Math.exp(-logit)))};
        final double[] quality = new double[QualityFeatures.COUNT];
        quality[CONTRAST] = 0.5 + offsets[0] + 0.05 * gaussian(random);
        return new Observation(id, embedding, scores, quality, Map.of());
    }

    private static double gaussian(final SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
