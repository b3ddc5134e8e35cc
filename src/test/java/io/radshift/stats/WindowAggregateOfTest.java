package io.radshift.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link WindowAggregate#of}: a window given as a list is the stream's study-by-study aggregate. */
class WindowAggregateOfTest {

    @Test
    void aListOfStudiesAggregatesExactlyAsAddingThemOneByOne() {
        final List<Observation> studies = AggregateFixtures.studies(11, 37, "s");
        final WindowAggregate oneByOne = WindowAggregate.empty(AggregateFixtures.spec());
        for (final Observation study : studies) {
            oneByOne.add(study);
        }

        final WindowAggregate fromList = WindowAggregate.of(AggregateFixtures.spec(), studies);

        assertThat(fromList.count()).isEqualTo(37);
        assertThat(WindowAggregateCodec.toBytes(fromList)).isEqualTo(WindowAggregateCodec.toBytes(oneByOne));
        AggregateFixtures.assertSameUpToRounding(fromList, WindowAggregate.of(AggregateFixtures.spec(), studies.subList(0, 20))
                .merge(WindowAggregate.of(AggregateFixtures.spec(), studies.subList(20, 37))));
    }

    @Test
    void noStudiesGiveTheEmptyAggregate() {
        assertThat(WindowAggregateCodec.toBytes(WindowAggregate.of(AggregateFixtures.spec(), List.of())))
                .isEqualTo(WindowAggregateCodec.toBytes(WindowAggregate.empty(AggregateFixtures.spec())));
    }
}
