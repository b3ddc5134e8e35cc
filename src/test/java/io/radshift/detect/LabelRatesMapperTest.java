package io.radshift.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radshift.avro.LabelRates;
import io.radshift.stats.Observation;
import io.radshift.stats.SyntheticStudies;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.profile.LabelReference;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.topology.SyntheticSites;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LabelRatesMapperTest {

    private static final ReferenceProfile PROFILE = new SyntheticSites(3).profile();

    @Test
    void ratesAreTheWindowsOwnCountsBesideTheReferenceOfTheProfile() {
        final List<Observation> studies = new SyntheticStudies(SyntheticSites.DIMENSION, 7)
                .draw(500, SyntheticStudies.Shift.RARE_OVERCONFIDENT, new SplittableRandom(5), "s-");
        final WindowAggregate window = WindowAggregate.of(PROFILE.aggregateSpec(), studies);
        final LabelReference reference = PROFILE.labels();

        final List<LabelRates> rates = new LabelRatesMapper(reference).of(window).labels();

        assertThat(rates).extracting(LabelRates::getLabel).isEqualTo(reference.labels());
        for (int i = 0; i < rates.size(); i++) {
            final int label = i;
            final LabelRates r = rates.get(i);
            // Decision threshold 0.5 is a bin edge of the 10 bins: the rate from the histogram is exact.
            final long predicted = studies.stream().filter(o -> o.scores()[label] >= reference.decisionThreshold()).count();
            final long high = studies.stream().filter(o -> o.scores()[label] >= reference.tau()).count();
            assertThat(r.getPredictedPositiveRate()).isEqualTo(predicted / 500.0);
            assertThat(r.getHighConfidenceRate()).isEqualTo(high / 500.0);
            assertThat(r.getScoreHistogram().stream().mapToLong(Long::longValue).sum()).isEqualTo(500);
            assertThat(r.getReferencePrevalence()).isEqualTo(reference.prevalence(i));
            assertThat(r.getReferenceHighConfidenceRate()).isEqualTo(reference.highConfidenceRate(i));
            assertThat(r.getReferencePredictedPositiveRate())
                    .isEqualTo((double) reference.predictedPositive()[i] / reference.studies());
            assertThat(r.getReferenceScoreHistogram().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, within(1e-9));
            assertThat(r.getRare()).isEqualTo(reference.rareLabels().contains(r.getLabel()));
        }
        assertThat(rates).filteredOn(LabelRates::getRare).extracting(LabelRates::getLabel).contains("rare");
        // The rare label turned over-confident: far more high-confidence positives than in the reference.
        final LabelRates rare = rates.get(reference.labels().indexOf("rare"));
        assertThat(rare.getHighConfidenceRate()).isGreaterThan(3 * rare.getReferenceHighConfidenceRate());
    }

    @Test
    void theReferencesOwnGroundTruthMetricsComeWithTheRates() {
        final LabelRatesMapper.Rates rates = new LabelRatesMapper(PROFILE.labels())
                .of(WindowAggregate.empty(PROFILE.aggregateSpec()));
        assertThat(rates.truth()).hasValueSatisfying(t -> {
            assertThat(t.labelledCount()).isEqualTo(PROFILE.labels().studies());
            assertThat(t.perLabel()).hasSize(PROFILE.labels().labels().size());
            assertThat(t.perLabel().get(0).overconfidenceGap()).isEqualTo(PROFILE.labels().overconfidenceGap()[0]);
            assertThat(t.lrap()).isBetween(0.0, 1.0);
        });
    }

    @Test
    void anEmptyWindowHasNoRates() {
        assertThat(new LabelRatesMapper(PROFILE.labels()).of(WindowAggregate.empty(PROFILE.aggregateSpec())).labels()).isEmpty();
    }
}
