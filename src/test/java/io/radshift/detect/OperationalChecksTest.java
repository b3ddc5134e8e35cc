package io.radshift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.config.RadShiftConfig;
import io.radshift.stats.metrics.GroundTruthAccumulator;
import io.radshift.stats.drift.EffectSeverity;
import io.radshift.stats.drift.TestOutcome;
import io.radshift.stats.math.Distributions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperationalChecksTest {

    private static final RadShiftConfig.Detection SETTINGS = new RadShiftConfig.Detection(0.01, "holm", 30, 2, 3,
            Duration.ofHours(6), Duration.ofDays(30), 0.05, 0.15, Duration.ofSeconds(5));
    private static final List<String> LABELS = List.of("Pneumothorax");

    @Test
    void deadLetterRateIsTheShareOfStudiesDeadLettered() {
        final List<TestOutcome> outcomes = checks(0.0).check(SETTINGS.alpha(), 90, Map.of("corrupt-image", 6L, "too-large", 4L), -1,
                Optional.empty(), new GroundTruthAccumulator(LABELS, 0.5, 10));
        assertThat(outcomes).singleElement().satisfies(t -> {
            assertThat(t.test()).isEqualTo(OperationalChecks.DEAD_LETTER_RATE);
            assertThat(t.statistic()).isEqualTo(0.1);
            assertThat(t.drift()).isTrue();
            // The same model as the tests: effect = the share, tolerance = the limit, critical beyond twice it.
            assertThat(t.effectSize()).isEqualTo(0.1);
            assertThat(t.effectTolerance()).isEqualTo(0.05);
            assertThat(t.significant()).isTrue();
            assertThat(t.severity()).isEqualTo(EffectSeverity.WARNING);
        });
        final TestOutcome severe = checks(0.0).check(SETTINGS.alpha(), 70, Map.of("corrupt-image", 30L), -1, Optional.empty(),
                new GroundTruthAccumulator(LABELS, 0.5, 10)).get(0);
        assertThat(severe.severity()).isEqualTo(EffectSeverity.CRITICAL);
    }

    @Test
    void siteSilenceIsMeasuredInHours() {
        final TestOutcome silent = checks(0.0).check(SETTINGS.alpha(), 0, Map.of(), Duration.ofHours(7).toMillis(), Optional.empty(),
                new GroundTruthAccumulator(LABELS, 0.5, 10)).get(0);
        assertThat(silent.statistic()).isEqualTo(7.0);
        assertThat(silent.drift()).isTrue();
        final TestOutcome recent = checks(0.0).check(SETTINGS.alpha(), 50, Map.of(), Duration.ofHours(1).toMillis(), Optional.empty(),
                new GroundTruthAccumulator(LABELS, 0.5, 10)).get(0);
        assertThat(recent.drift()).isFalse();
        assertThat(recent.severity()).isEqualTo(EffectSeverity.NONE);
        assertThat(silent.effectTolerance()).isEqualTo(6.0);
        assertThat(silent.severity()).isEqualTo(EffectSeverity.WARNING);
        assertThat(checks(0.0).check(SETTINGS.alpha(), 0, Map.of(), Duration.ofHours(13).toMillis(), Optional.empty(),
                new GroundTruthAccumulator(LABELS, 0.5, 10)).get(0).severity()).isEqualTo(EffectSeverity.CRITICAL);
    }

    @Test
    void calibrationNeedsALargeAndSignificantGrowthOverTheReferenceGap() {
        // 200 predicted positives scored 0.95, of which 40% are true: gap 0.55; the reference gap was 0.10.
        final TestOutcome worse = calibration(checks(0.10), 200, 0.95f, 0.4);
        assertThat(worse.statistic()).isCloseTo(0.45, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(worse.pValue()).isLessThan(1e-6);
        assertThat(worse.drift()).isTrue();
        // Tolerance = maxOverconfidenceGap (0.15), critical = twice it: a growth of 0.45 is critical.
        assertThat(worse.effectTolerance()).isEqualTo(0.15);
        assertThat(worse.significant()).isTrue();
        assertThat(worse.severity()).isEqualTo(EffectSeverity.CRITICAL);
        // A significant growth of 0.10 is within the tolerance: significant, not drift.
        final TestOutcome small = calibration(checks(0.45), 200, 0.95f, 0.4);
        assertThat(small.statistic()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(small.significant()).isTrue();
        assertThat(small.drift()).isFalse();
        assertThat(small.severity()).isEqualTo(EffectSeverity.NONE);
        // The same model, already this over-confident in the reference: no alert.
        assertThat(calibration(checks(0.55), 200, 0.95f, 0.4).drift()).isFalse();
        // Five predicted positives of a rare label: too few to test at all.
        assertThat(calibrationOutcomes(checks(0.10), 5, 0.95f, 0.4)).isEmpty();
    }

    @Test
    void calibrationVarianceIsTheNullsNotTheWindowsOwn() {
        // Twelve predicted positives scored 0.6, none true: gap 0.60 against a reference gap of 0.45. With the
        // window's own precision (0) the variance vanishes and any growth looks certain; under the null the
        // precision would be 0.6 - 0.45 = 0.15, and a growth of 0.15 from 12 studies is z = 1.46, p = 0.07.
        final TestOutcome allWrong = calibration(checks(0.45), 12, 0.6f, 0.0);
        assertThat(allWrong.statistic()).isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(allWrong.pValue()).isCloseTo(0.073, org.assertj.core.data.Offset.offset(0.002));
        assertThat(allWrong.significant()).isFalse();
        assertThat(allWrong.drift()).isFalse();
    }

    /**
     * The check is tested at the window's level, as the statistical tests are: a sliding 24 h window advancing by
     * 1 h shares each study with 23 others, so a growth significant at 0.01 (z = 3.16, p = 7.9e-4) is not at
     * 0.01 / 24.
     */
    @Test
    void calibrationIsTestedAtTheWindowsLevel() {
        final TestOutcome nominal = calibrationOutcomes(checks(0.10), SETTINGS.alpha(), 40, 0.9f, 0.6).get(0);
        assertThat(nominal.pValue()).isCloseTo(7.9e-4, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(nominal.significant()).isTrue();
        final TestOutcome perWindow = calibrationOutcomes(checks(0.10), SETTINGS.alpha() / 24, 40, 0.9f, 0.6).get(0);
        assertThat(perWindow.significant()).isFalse();
        assertThat(perWindow.drift()).isFalse();
    }

    @Test
    void calibrationReportsTheStandardErrorOfTheGrowthSoIncidentsAskForAMargin() {
        // 40 predicted positives scored 0.9, 60% true: gap 0.30 against 0.10, a growth of 0.20 beyond the 0.15
        // limit. The z-test uses the null's precision, 0.8 (standard error sqrt(0.8 * 0.2 / 40) = 0.063); the margin
        // asks for the spread at the estimate, the window's precision 0.6: sqrt(0.6 * 0.4 / 40) = 0.077. The growth
        // does not clear the limit by one standard error and opens no incident on its own.
        final TestOutcome growth = calibration(checks(0.10), 40, 0.9f, 0.6);
        assertThat(growth.effectStandardError()).isCloseTo(0.0775, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(growth.pValue()).isCloseTo(Distributions.normalSurvival(0.20 / 0.0632),
            org.assertj.core.data.Offset.offset(1e-4));
        assertThat(growth.drift()).isTrue();
        assertThat(growth.effectSize() - growth.effectStandardError()).isLessThan(growth.effectTolerance());
    }

    private static OperationalChecks checks(final double referenceGap) {
        return new OperationalChecks(SETTINGS, Map.of("Pneumothorax", referenceGap));
    }

    private static TestOutcome calibration(final OperationalChecks checks, final int predicted, final float score,
                                           final double precision) {
        return calibrationOutcomes(checks, predicted, score, precision).stream().findFirst().orElseThrow();
    }

    private static List<TestOutcome> calibrationOutcomes(final OperationalChecks checks, final int predicted,
                                                         final float score, final double precision) {
        return calibrationOutcomes(checks, SETTINGS.alpha(), predicted, score, precision);
    }

    private static List<TestOutcome> calibrationOutcomes(final OperationalChecks checks, final double alpha,
                                                         final int predicted, final float score,
                                                         final double precision) {
        final GroundTruthAccumulator truth = new GroundTruthAccumulator(LABELS, 0.5, 10);
        final int truePositives = (int) Math.round(predicted * precision);
        for (int i = 0; i < Math.max(predicted, 40); i++) {
            final boolean predictedPositive = i < predicted;
            truth.add(new float[] {predictedPositive ? score : 0.05f}, new boolean[] {i < truePositives}, new boolean[] {true});
        }
        return checks.check(alpha, 100, Map.of(), -1, Optional.of(truth.summary()), truth).stream()
                .filter(t -> t.test().equals(OperationalChecks.CALIBRATION_GAP)).toList();
    }
}
