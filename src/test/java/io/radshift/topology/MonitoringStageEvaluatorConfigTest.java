package io.radshift.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.config.RadShiftConfig;
import io.radshift.stats.drift.EffectFamily;
import io.radshift.stats.drift.EvaluatorConfig;
import io.radshift.stats.drift.MultipleTesting;
import io.radshift.stats.drift.Tolerance;
import io.radshift.stats.drift.Tolerances;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** {@code detection.*} as the evaluator receives it: alpha, correction, minimum size and the tolerances. */
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
    void configuredTolerancesReplaceTheDefaultsFamilyByFamily() {
        final RadShiftConfig.Tolerances configured = new RadShiftConfig.Tolerances(null, null, null, null, null,
                new RadShiftConfig.FamilyTolerance(0.15, null, null,
                        Map.of("Pneumothorax", new RadShiftConfig.LabelTolerance(0.05, null))),
                null, new RadShiftConfig.FamilyTolerance(null, 1.0, false, null));
        final Tolerances tolerances = MonitoringStage.evaluatorConfig(new RadShiftConfig.Detection(null, null, null,
                null, null, null, null, null, null, null, configured, null, null)).tolerances();
        final Tolerances.Family histogram = tolerances.families().get(EffectFamily.SCORE_HISTOGRAM);
        // A critical tolerance left out keeps the default (0.25); a label's keeps its family's.
        assertThat(histogram.band()).isEqualTo(new Tolerance(0.15, 0.25));
        assertThat(histogram.fromReference()).isTrue();
        assertThat(tolerances.resolve(EffectFamily.SCORE_HISTOGRAM, "Pneumothorax", OptionalDouble.of(0.3)))
                .isEqualTo(new Tolerance(0.05, 0.25));
        assertThat(tolerances.families().get(EffectFamily.QUALITY))
                .isEqualTo(new Tolerances.Family(new Tolerance(0.35, 1.0), false, Map.of()));
        assertThat(tolerances.families().get(EffectFamily.MMD)).isEqualTo(Tolerances.defaultFamily(EffectFamily.MMD));
    }
}
