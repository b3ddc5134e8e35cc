package io.radshift.detect;

import io.radshift.config.RadShiftConfig;
import io.radshift.stats.metrics.GroundTruthAccumulator;
import io.radshift.stats.metrics.GroundTruthSummary;
import io.radshift.stats.metrics.LabelMetricsValue;
import io.radshift.stats.math.Distributions;
import io.radshift.stats.drift.EffectSeverity;
import io.radshift.stats.drift.TestOutcome;
import io.radshift.stats.drift.Tolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rule-based checks of a window that sit beside the statistical tests: dead-letter rate (input quality),
 * site silence, and calibration on labelled studies: how much the over-confidence gap (mean score of predicted
 * positives minus their precision) grew over the reference's own gap, because a zero-shot model is rarely
 * calibrated to begin with and the on-call needs to know when it got worse, not that it was never perfect. The
 * growth must both exceed the configured limit and be significant: a one-sided z-test on the window's precision
 * (standard error sqrt(p(1-p)/predicted positives)) at the window's level divided by the number of labels, so that
 * a handful of predicted positives of a rare label cannot raise it. The window's level is the statistical tests'
 * (alpha over the sliding windows that share a study): at the nominal alpha a chance excursion of a label's
 * precision, seen by every overlapping window, paged stable sites (BENCHMARKS.md, Alerts). The growth is reported
 * with its standard error at the estimate (the larger of the null's and the window's own precision's), so an
 * incident counts the check only when the growth clears the limit by one standard error, as for every test.
 *
 * <p>These are operating limits set in the configuration, so they stay outside the window's multiple-testing
 * family (only calibration carries a p-value, Bonferroni-corrected across labels); they are reported in the
 * WindowSummary like every test so that the alert lifecycle and the weekly review see them in one place.
 *
 * <p>They follow the same model as the statistical tests: the effect is the measured value (dead-letter share,
 * hours silent, growth of the gap), its tolerance is the configured limit and its critical tolerance twice the
 * limit, and severity follows the size of the effect. Calibration is significant when its p-value is at most
 * the per-label alpha and drifts only when it is also beyond {@code maxOverconfidenceGap} (with enough labelled
 * studies); a rule without a p-value is significant exactly when it is exceeded.
 */
public final class OperationalChecks {

    /** Test name of the dead-letter rate check. */
    public static final String DEAD_LETTER_RATE = "dead-letter-rate";
    /** Test name of the site-silence check. */
    public static final String SITE_SILENT = "site-silent";
    /** Test name of the calibration check (over-confidence gap per label). */
    public static final String CALIBRATION_GAP = "calibration-gap";
    /** Fewest labelled predicted positives of a label for its calibration test (normal approximation of a proportion). */
    static final int MIN_PREDICTED_POSITIVES = 10;
    /** The null precision is kept inside [bound, 1 - bound] so that its variance never vanishes. */
    private static final double NULL_PRECISION_BOUND = 0.02;

    private final RadShiftConfig.Detection settings;
    private final Map<String, Double> referenceGaps;

    /**
     * @param settings      limits from the configuration
     * @param referenceGaps the reference profile's over-confidence gap per label (NaN or absent when unknown)
     */
    public OperationalChecks(final RadShiftConfig.Detection settings, final Map<String, Double> referenceGaps) {
        this.settings = settings;
        this.referenceGaps = Map.copyOf(referenceGaps);
    }

    /**
     * The checks of one window.
     *
     * @param alpha          level of the window's tests: {@code detection.alpha} over the windows that share a study,
     *                       as for the statistical tests; the calibration test divides it by the number of labels
     * @param n              studies scored in the window
     * @param deadLetters    dead-lettered studies of the window by reason
     * @param silentForMs    event time between the site's latest study and the window end, or -1 for the all-sites view
     * @param groundTruth    ground-truth metrics of the window, if labels arrived
     * @param truth          the window's ground-truth counts (predicted positives per label)
     */
    public List<TestOutcome> check(final double alpha, final long n, final Map<String, Long> deadLetters,
                                   final long silentForMs,
                                   final Optional<GroundTruthSummary> groundTruth, final GroundTruthAccumulator truth) {
        final List<TestOutcome> outcomes = new ArrayList<>();
        final long dead = deadLetters.values().stream().mapToLong(Long::longValue).sum();
        if (dead > 0) {
            final double rate = (double) dead / (n + dead);
            outcomes.add(rule(DEAD_LETTER_RATE, null, rate, settings.maxDeadLetterRate(), "dead-letter-share",
                    n + dead >= settings.minStudies()));
        }
        if (silentForMs >= 0) {
            final double hours = silentForMs / 3_600_000.0;
            final double limit = settings.siteSilentAfter().toMillis() / 3_600_000.0;
            outcomes.add(rule(SITE_SILENT, null, hours, limit, "hours-since-last-study", true));
        }
        groundTruth.ifPresent(summary -> outcomes.addAll(calibration(alpha, summary, truth)));
        return outcomes;
    }

    private List<TestOutcome> calibration(final double alpha, final GroundTruthSummary summary,
                                          final GroundTruthAccumulator truth) {
        final List<TestOutcome> outcomes = new ArrayList<>();
        final double perLabelAlpha = alpha / Math.max(1, summary.perLabel().size());
        for (int i = 0; i < summary.perLabel().size(); i++) {
            final LabelMetricsValue label = summary.perLabel().get(i);
            final long predicted = truth.predictedPositives(i);
            if (Double.isNaN(label.overconfidenceGap()) || predicted < MIN_PREDICTED_POSITIVES) {
                continue;
            }
            final double reference = referenceGaps.getOrDefault(label.label(), Double.NaN);
            final double referenceGap = Double.isNaN(reference) ? 0 : reference;
            final double increase = label.overconfidenceGap() - referenceGap;
            // Under "the gap has not grown" the precision is the mean score less the reference's gap: its binomial
            // variance is the null's. The window's own precision would make three predicted positives that were all
            // wrong (precision 0, variance 0) look infinitely significant.
            final double meanScore = label.overconfidenceGap() + label.precision();
            final double p0 = Math.min(1 - NULL_PRECISION_BOUND, Math.max(NULL_PRECISION_BOUND, meanScore - referenceGap));
            final double nullStandardError = Math.sqrt(p0 * (1 - p0) / predicted);
            final double pValue = Distributions.normalSurvival(increase / nullStandardError);
            // The margin asks for the spread at the estimate: the window's own precision, when its variance is larger.
            final double precision = label.precision();
            final double standardError = Math.max(nullStandardError,
                    Math.sqrt(precision * (1 - precision) / predicted));
            final boolean significant = pValue <= perLabelAlpha;
            final Tolerance tolerance = limits(settings.maxOverconfidenceGap());
            final boolean drift = summary.labelledCount() >= settings.minStudies() && significant
                    && tolerance.exceededBy(increase);
            outcomes.add(new TestOutcome(CALIBRATION_GAP, label.label(), increase, settings.maxOverconfidenceGap(), pValue,
                    null, increase, "overconfidence-gap-increase", drift, Map.of("predictedPositives", (double) predicted),
                    tolerance.tolerance(), significant, drift ? tolerance.severity(increase) : EffectSeverity.NONE,
                    standardError));
        }
        return outcomes;
    }

    /** The tolerance of a configured limit: the limit itself, and twice the limit for a critical severity. */
    private static Tolerance limits(final double limit) {
        return new Tolerance(limit, 2 * limit);
    }

    private static TestOutcome rule(final String test, final String label, final double statistic, final double limit,
                                    final String effectName, final boolean enoughData) {
        final boolean exceeded = enoughData && (test.equals(SITE_SILENT) ? statistic >= limit : statistic > limit);
        final EffectSeverity severity = !exceeded ? EffectSeverity.NONE
                : statistic > 2 * limit ? EffectSeverity.CRITICAL : EffectSeverity.WARNING;
        return new TestOutcome(test, label, statistic, limit, null, null, statistic, effectName, exceeded, Map.of(),
                limit, exceeded, severity);
    }
}
