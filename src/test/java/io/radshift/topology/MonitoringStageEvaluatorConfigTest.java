package io.radshift.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;


import io.radshift.config.RadShiftConfig;
import io.radshift.stats.drift.EffectFamily;
import io.radshift.stats.drift.EvaluatorConfig;
import io.radshift.stats.drift.MultipleTesting;
import io.radshift.stats.drift.Tolerance;
import io.radshift.stats.drift.Tolerances;
import io.radshift.window.WindowScheme;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * {@code detection.*} as the evaluator receives it: alpha (per window length, so per window for each kind), correction,
 * minimum size and the tolerances.
 */
class MonitoringStageEvaluatorConfigTest {

    @Test
    void defaultsGiveTheDefaultTolerances() {
        final EvaluatorConfig config = MonitoringStage.evaluatorConfig(new RadShiftConfig.Detection(0.01, "bh", 30,
                null, null, null, null, null, null, null));
        assertThat(config.alpha()).isEqualTo(0.01);
        assertThat(config.minimumN()).isEqualTo(30);
        assertThat(config.correction()).isEqualTo(MultipleTesting.Correction.BH);
        assertThat(config.tolerances()).isEqualTo(Tolerances.defaults());
    }

    @Test
    void aSlidingWindowIsTestedAtAlphaOverTheWindowsThatShareAStudy() {
        final RadShiftConfig.Detection detection = new RadShiftConfig.Detection(0.012, "holm", 30,
                null, null, null, null, null, null, null);
        final WindowScheme oncall = WindowScheme.of(window("oncall", "sliding", Duration.ofHours(24), Duration.ofHours(1)));
        final WindowScheme sixHours = WindowScheme.of(window("six", "sliding", Duration.ofHours(6), Duration.ofMinutes(30)));
        final WindowScheme tumbling = WindowScheme.of(window("day", "tumbling", Duration.ofDays(1), null));
        final WindowScheme week = WindowScheme.of(window("week", "iso-week", null, null));
        assertThat(oncall.windowsPerStudy()).isEqualTo(24);
        assertThat(sixHours.windowsPerStudy()).isEqualTo(12);
        assertThat(MonitoringStage.evaluatorConfig(detection, oncall).alpha()).isCloseTo(0.0005, within(1e-15));
        assertThat(MonitoringStage.evaluatorConfig(detection, sixHours).alpha()).isCloseTo(0.001, within(1e-15));
        assertThat(MonitoringStage.evaluatorConfig(detection, tumbling).alpha()).isEqualTo(0.012);
        assertThat(MonitoringStage.evaluatorConfig(detection, week).alpha()).isEqualTo(0.012);
    }

    @Test
    void decisiveEvidenceIsTheWindowLevelOverFireAtOnceAndNoneWhenItIsOff() {
        final RadShiftConfig.Window oncall = window("oncall", "sliding", Duration.ofHours(24), Duration.ofHours(1));
        final RadShiftConfig.Window week = window("week", "iso-week", null, null);
        final RadShiftConfig on = config(new RadShiftConfig.Detection(0.012, null, null, null, null, null, null, null,
                null, null, null, null, null, null, 10.0), oncall, week);
        assertThat(MonitoringStage.decisiveLevels(on)).containsOnlyKeys("oncall", "week");
        assertThat(MonitoringStage.decisiveLevels(on).get("oncall")).isCloseTo(0.00005, within(1e-15));
        assertThat(MonitoringStage.decisiveLevels(on).get("week")).isCloseTo(0.0012, within(1e-15));
        final RadShiftConfig off = config(new RadShiftConfig.Detection(0.012, null, null, null, null, null, null, null,
                null, null, null, null, null, null, 0.0), oncall, week);
        assertThat(MonitoringStage.decisiveLevels(off)).isEmpty();
    }

    private static RadShiftConfig config(final RadShiftConfig.Detection detection,
                                         final RadShiftConfig.Window... windows) {
        return new RadShiftConfig(null, null, null, null, null, null, List.of(windows), detection, null, null);
    }

    private static RadShiftConfig.Window window(final String name, final String type, final Duration size,
                                                final Duration advance) {
        return new RadShiftConfig.Window(name, type, size, advance, null, null, null);
    }

    @Test
    void configuredTolerancesReplaceTheDefaultsFamilyByFamily() {
        final RadShiftConfig.Tolerances configured = new RadShiftConfig.Tolerances(null, null, null, null, null,
                new RadShiftConfig.FamilyTolerance(0.15, null, null,
                        Map.of("Pneumothorax", new RadShiftConfig.LabelTolerance(0.05, null))),
                null, new RadShiftConfig.FamilyTolerance(null, 1.0, false, null));
        final Tolerances tolerances = MonitoringStage.evaluatorConfig(new RadShiftConfig.Detection(null, null, null,
                null, null, null, null, null, null, null, configured, null, null, null, null)).tolerances();
        final Tolerances.Family histogram = tolerances.families().get(EffectFamily.SCORE_HISTOGRAM);
        // A critical tolerance left out keeps the default (0.25); a label's keeps its family's.
        assertThat(histogram.band()).isEqualTo(new Tolerance(0.15, 0.25));
        assertThat(histogram.fromReference()).isTrue();
        assertThat(tolerances.resolve(EffectFamily.SCORE_HISTOGRAM, "Pneumothorax", OptionalDouble.of(0.3)))
                .isEqualTo(new Tolerance(0.05, 0.25));
        // Configuring a family keeps its default per-label tolerances (the saturated fraction's) unless overridden.
        assertThat(tolerances.families().get(EffectFamily.QUALITY)).isEqualTo(new Tolerances.Family(
                new Tolerance(0.35, 1.0), false, Map.of("saturatedFraction", new Tolerance(0.5, 1.0))));
        assertThat(tolerances.families().get(EffectFamily.MMD)).isEqualTo(Tolerances.defaultFamily(EffectFamily.MMD));
    }
}
