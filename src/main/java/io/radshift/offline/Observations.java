package io.radshift.offline;

import io.radshift.inference.ScoredImage;
import io.radshift.stats.Observation;
import io.radshift.window.StudyObservations;
import java.util.Optional;

/**
 * Combines a scored image with its study's metadata and mapped ground truth into an {@link Observation}. The
 * quality features are converted by {@link StudyObservations#quality}, exactly as in the streaming path.
 */
public final class Observations {

    private Observations() {
    }

    /** The observation of a successfully scored study. */
    public static Observation of(final StudyInput input, final ScoredImage scored, final LabelMap labels) {
        if (!scored.ok()) {
            throw new IllegalArgumentException("study " + input.studyId() + " was not scored: " + scored.failureReason());
        }
        final Optional<LabelMap.Truth> truth = labels.truth(input.label());
        return new Observation(input.studyId(), scored.embedding(), scored.scores(), StudyObservations.quality(scored.quality()),
            input.metadata(), truth.map(LabelMap.Truth::positives).orElse(null),
            truth.map(LabelMap.Truth::known).orElse(null));
    }
}
