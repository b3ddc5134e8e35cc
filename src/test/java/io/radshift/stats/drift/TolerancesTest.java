package io.radshift.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TolerancesTest {

    @Test
    void severityFollowsTheMagnitudeAgainstBothTolerances() {
        final Tolerance psi = new Tolerance(0.1, 0.25);
        assertThat(psi.severity(0.05)).isEqualTo(EffectSeverity.NONE);
        assertThat(psi.severity(0.1)).isEqualTo(EffectSeverity.NONE);
        assertThat(psi.severity(0.11)).isEqualTo(EffectSeverity.WARNING);
        assertThat(psi.severity(0.25)).isEqualTo(EffectSeverity.WARNING);
        assertThat(psi.severity(0.26)).isEqualTo(EffectSeverity.CRITICAL);
        assertThat(psi.exceededBy(0.1)).isFalse();
        assertThat(psi.exceededBy(-0.3)).isFalse();
    }

    @Test
    void aDerivedToleranceRaisesTheBandKeepingItsCriticalRatio() {
        final Tolerance band = new Tolerance(0.1, 0.25);
        assertThat(band.raisedTo(0.05)).isEqualTo(band);
        assertThat(band.raisedTo(0.2)).isEqualTo(new Tolerance(0.2, 0.5));
        assertThat(new Tolerance(0, 0).raisedTo(0.3)).isEqualTo(new Tolerance(0.3, 0.3));
    }

    @Test
    void invalidTolerancesAreRejected() {
        assertThatThrownBy(() -> new Tolerance(0.3, 0.2)).hasMessageContaining("tolerance <= critical");
        assertThatThrownBy(() -> new Tolerance(-0.1, 0.2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Tolerance(Double.NaN, 0.2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolveUsesTheLabelOverrideThenTheBandRaisedByTheReference() {
        final Tolerances tolerances = Tolerances.defaults().with(EffectFamily.SCORE_HISTOGRAM,
            new Tolerances.Family(new Tolerance(0.1, 0.25), true, Map.of("Pneumothorax", new Tolerance(0.05, 0.1))));
        assertThat(tolerances.resolve(EffectFamily.SCORE_HISTOGRAM, "Pneumothorax", OptionalDouble.of(0.4)))
            .isEqualTo(new Tolerance(0.05, 0.1));
        assertThat(tolerances.resolve(EffectFamily.SCORE_HISTOGRAM, "Edema", OptionalDouble.of(0.4)))
            .isEqualTo(new Tolerance(0.4, 1.0));
        assertThat(tolerances.resolve(EffectFamily.SCORE_HISTOGRAM, "Edema", OptionalDouble.empty()))
            .isEqualTo(new Tolerance(0.1, 0.25));
        final Tolerances bandOnly = tolerances.with(EffectFamily.SCORE_HISTOGRAM,
            new Tolerances.Family(new Tolerance(0.1, 0.25), false, Map.of()));
        assertThat(bandOnly.resolve(EffectFamily.SCORE_HISTOGRAM, "Edema", OptionalDouble.of(0.4)))
            .isEqualTo(new Tolerance(0.1, 0.25));
    }

    @Test
    void theSaturatedFractionHasItsOwnDefaultAndOtherQualityFeaturesTheBand() {
        final Tolerances defaults = Tolerances.defaults();
        assertThat(defaults.resolve(EffectFamily.QUALITY, "saturatedFraction", OptionalDouble.of(0.7)))
            .isEqualTo(new Tolerance(0.5, 1.0));
        assertThat(defaults.resolve(EffectFamily.QUALITY, "contrast", OptionalDouble.empty()))
            .isEqualTo(new Tolerance(0.35, 0.8));
    }

    @Test
    void everyFamilyHasADefaultAndAConfigKey() {
        for (final EffectFamily family : EffectFamily.values()) {
            assertThat(Tolerances.defaults().families().get(family).band()).isEqualTo(family.defaultTolerance());
            assertThat(EffectFamily.ofConfigKey(family.configKey())).isEqualTo(family);
        }
        assertThat(EffectFamily.SCORE_HISTOGRAM.defaultTolerance()).isEqualTo(new Tolerance(0.1, 0.25));
        assertThat(EffectFamily.QUALITY.magnitude(-0.5)).isEqualTo(0.5);
        assertThat(EffectFamily.RARE_OVERCONFIDENCE.magnitude(-0.5)).isEqualTo(-0.5);
        assertThatThrownBy(() -> EffectFamily.ofConfigKey("psi")).hasMessage("unknown tolerance family 'psi'");
    }
}
