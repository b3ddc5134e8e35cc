package io.radshift.stats.drift;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of {@link WindowEvaluator}. The high-confidence threshold tau is a property of the reference
 * profile (window aggregates count score >= tau while aggregating), not of the evaluator.
 *
 * @param alpha level of the multiple-testing procedure (0.05)
 * @param minimumN windows with fewer studies get INSUFFICIENT_DATA (20)
 * @param correction HOLM (family-wise error, default) or BH (false discovery rate)
 * @param tests test families switched on (all)
 * @param tolerances practical tolerances of the effect sizes (defaults)
 */
public record EvaluatorConfig(double alpha, long minimumN, MultipleTesting.Correction correction,
                              Set<DriftTest> tests, Tolerances tolerances) {

    /** Validates and copies. */
    public EvaluatorConfig {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0,1)");
        }
        tests = Set.copyOf(tests);
        Objects.requireNonNull(tolerances, "tolerances");
    }

    /** Settings with the default tolerances. */
    public EvaluatorConfig(final double alpha, final long minimumN, final MultipleTesting.Correction correction,
                           final Set<DriftTest> tests) {
        this(alpha, minimumN, correction, tests, Tolerances.defaults());
    }

    /** alpha 0.05, minimum n 20, Holm, all tests, default tolerances. */
    public static EvaluatorConfig defaults() {
        return new EvaluatorConfig(0.05, 20, MultipleTesting.Correction.HOLM, EnumSet.allOf(DriftTest.class));
    }

    /** Copy with another level. */
    public EvaluatorConfig withAlpha(final double level) {
        return new EvaluatorConfig(level, minimumN, correction, tests, tolerances);
    }

    /** Copy with other tests. */
    public EvaluatorConfig withTests(final Set<DriftTest> enabled) {
        return new EvaluatorConfig(alpha, minimumN, correction, enabled, tolerances);
    }

    /** Copy with another correction. */
    public EvaluatorConfig withCorrection(final MultipleTesting.Correction method) {
        return new EvaluatorConfig(alpha, minimumN, method, tests, tolerances);
    }

    /** Copy with other tolerances. */
    public EvaluatorConfig withTolerances(final Tolerances other) {
        return new EvaluatorConfig(alpha, minimumN, correction, tests, other);
    }
}
