package io.radshift.window;

import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;

/**
 * What the window aggregator receives from its three sources: a scored study, delayed ground truth for a study,
 * or a study that was dead-lettered. One sealed type lets one processor own the per-site window state.
 */
public sealed interface SiteEvent {

    /** A study scored by the model. */
    record Scored(StudyInference inference) implements SiteEvent {
    }

    /** Ground truth for a study scored earlier. */
    record Labelled(StudyLabels labels) implements SiteEvent {
    }

    /** A study of this site that could not be scored, with the dead-letter reason code. */
    record DeadLettered(String reason) implements SiteEvent {
    }
}
