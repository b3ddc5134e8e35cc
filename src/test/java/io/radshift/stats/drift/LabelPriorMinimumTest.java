package io.radshift.stats.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.stats.Observation;
import io.radshift.stats.SyntheticStudies;
import io.radshift.stats.SyntheticStudies.Shift;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The label-prior test runs only for labels with at least {@link WindowEvaluator#MIN_LABELLED} labelled studies. */
class LabelPriorMinimumTest {

    private static SyntheticStudies generator;
    private static ReferenceProfile profile;

    @BeforeAll
    static void buildProfile() {
        generator = new SyntheticStudies(16, 4);
        final List<Observation> reference = generator.draw(3000, Shift.NONE, new SplittableRandom(2), "r");
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(SyntheticStudies.LABELS, "toy", "h",
            ProfileSettings.defaults().withNullWindows(100));
        for (int i = 0; i < reference.size(); i++) {
            builder.add(reference.get(i), "patient" + i / 3);
        }
        profile = builder.build("labels", 0L);
    }

    /** A window of {@code n} studies of which the first {@code labelled} keep their ground truth. */
    private static WindowAggregate window(final int n, final int labelled) {
        final WindowAggregate aggregate = WindowAggregate.empty(profile.aggregateSpec());
        final List<Observation> studies = generator.draw(n, Shift.NONE, new SplittableRandom(9), "w");
        for (int i = 0; i < n; i++) {
            final Observation o = studies.get(i);
            final boolean[] known = new boolean[SyntheticStudies.LABELS.size()];
            Arrays.fill(known, i < labelled);
            aggregate.add(new Observation(o.studyId(), o.embedding(), o.scores(), o.quality(), o.metadata(),
                o.positives(), known));
        }
        return aggregate;
    }

    private static long labelPriorTests(final WindowAggregate window) {
        final WindowEvaluator evaluator = new WindowEvaluator(profile, EvaluatorConfig.defaults());
        return evaluator.evaluate(window).tests().stream().filter(t -> t.test().equals("label-prior")).count();
    }

    @Test
    void tooFewLabelsRunNoLabelPriorTestAndEnoughRunOnePerLabel() {
        assertThat(labelPriorTests(window(60, WindowEvaluator.MIN_LABELLED - 1))).isZero();
        assertThat(labelPriorTests(window(60, WindowEvaluator.MIN_LABELLED))).isEqualTo(SyntheticStudies.LABELS.size());
    }
}
