package io.radshift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link AggregateUpdate}: an update read back from its bytes changes an aggregate exactly as the original does. */
class AggregateUpdateTest {

    @Test
    void updatesReadBackFromTheirBytesBuildTheSameAggregateBitForBit() {
        final List<AggregateUpdate> updates = mixedUpdates();
        final WindowAggregate direct = WindowAggregate.empty(AggregateFixtures.spec());
        final WindowAggregate replayed = WindowAggregate.empty(AggregateFixtures.spec());
        for (final AggregateUpdate update : updates) {
            update.applyTo(direct);
            AggregateUpdate.fromBytes(update.toBytes()).applyTo(replayed);
        }
        assertThat(direct.count()).isEqualTo(40);
        assertThat(WindowAggregateCodec.toBytes(replayed)).isEqualTo(WindowAggregateCodec.toBytes(direct));
    }

    @Test
    void aStudyKeepsItsFieldsIncludingNaNQualityNullMetadataAndTruth() {
        final Observation original = AggregateFixtures.studies(3, 10, "s").stream().filter(Observation::hasTruth)
            .findFirst().orElseThrow();
        final Map<String, String> metadata = new HashMap<>(original.metadata());
        metadata.put("manufacturer", null);
        final double[] quality = original.quality().clone();
        quality[0] = Double.NaN;
        final Observation study = new Observation(original.studyId(), original.embedding(), original.scores(), quality,
            metadata, original.positives(), original.known());

        final Observation read = ((AggregateUpdate.Study) AggregateUpdate.fromBytes(new AggregateUpdate.Study(study).toBytes()))
            .observation();

        assertThat(read.studyId()).isEqualTo(study.studyId());
        assertThat(read.embedding()).containsExactly(study.embedding());
        assertThat(read.scores()).containsExactly(study.scores());
        assertThat(Double.isNaN(read.quality()[0])).isTrue();
        assertThat(Arrays.copyOfRange(read.quality(), 1, quality.length)).containsExactly(Arrays.copyOfRange(quality, 1, quality.length));
        assertThat(read.metadata()).isEqualTo(metadata);
        assertThat(read.positives()).containsExactly(study.positives());
        assertThat(read.known()).containsExactly(study.known());
    }

    @Test
    void aStudyIsFarSmallerThanItsPane() {
        final Observation study = AggregateFixtures.studies(5, 1, "s").get(0);
        final WindowAggregate pane = WindowAggregate.empty(AggregateFixtures.spec()).add(study);
        assertThat(new AggregateUpdate.Study(study).toBytes().length).isLessThan(WindowAggregateCodec.toBytes(pane).length);
    }

    @Test
    void refusesUnknownOrTruncatedBytes() {
        assertThatThrownBy(() -> AggregateUpdate.fromBytes(new byte[] {9})).isInstanceOf(IllegalArgumentException.class);
        final byte[] study = new AggregateUpdate.Study(AggregateFixtures.studies(5, 1, "s").get(0)).toBytes();
        assertThatThrownBy(() -> AggregateUpdate.fromBytes(Arrays.copyOf(study, study.length / 2)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    /** Studies (with and without truth), late ground truth and dead letters, interleaved. */
    private static List<AggregateUpdate> mixedUpdates() {
        final List<AggregateUpdate> updates = new ArrayList<>();
        final List<Observation> studies = AggregateFixtures.studies(11, 40, "study-");
        for (int i = 0; i < studies.size(); i++) {
            final Observation study = studies.get(i);
            updates.add(new AggregateUpdate.Study(study));
            if (i % 3 == 0) {
                updates.add(new AggregateUpdate.Truth(study.scores(), new boolean[] {true, false, i % 2 == 0},
                    new boolean[] {true, true, i % 5 != 0}));
            }
            if (i % 7 == 0) {
                updates.add(new AggregateUpdate.DeadLetter(i % 2 == 0 ? "bad-embedding" : "future-event-time"));
            }
        }
        return updates;
    }
}
