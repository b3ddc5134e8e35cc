package io.radshift.window;

import io.radshift.avro.LabelScore;
import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;
import io.radshift.ingest.SiteIds;
import io.radshift.ingest.SiteIds.Rejection;
import io.radshift.stats.AggregateSpec;
import java.util.List;
import java.util.Optional;

/**
 * The checks a record must pass before it touches per-site window state: a tombstone, a bad site id, an embedding
 * of the wrong dimension or with NaN, or scores for other labels would otherwise throw inside the aggregator and
 * crash-loop the stream thread on the same record for ever.
 */
public final class InputChecks {

    /** Reason of a record with a null value. */
    public static final String TOMBSTONE = "tombstone";
    /** Reason of an embedding whose dimension differs from the reference profile's. */
    public static final String WRONG_DIMENSION = "wrong-embedding-dimension";
    /** Reason of an embedding or score that is NaN or infinite, or a score outside [0, 1]. */
    public static final String NON_FINITE = "non-finite-value";
    /** Reason of a study dated further ahead of the wall clock than the configured skew. */
    public static final String FUTURE_EVENT_TIME = "event-time-in-future";
    /** Reason of scores that are not the profile's labels in its order. */
    public static final String LABEL_MISMATCH = "label-mismatch";

    private InputChecks() {
    }

    /**
     * Why a scored study is refused, or empty. A study dated more than {@code maxFutureSkewMs} after {@code wallNow}
     * is refused: a clock set to 2100 would otherwise push event time, and every window, years ahead for good.
     */
    public static Optional<Rejection> inference(final String key, final StudyInference inference, final AggregateSpec spec,
                                                final long wallNow, final long maxFutureSkewMs) {
        if (inference == null) {
            return Optional.of(new Rejection(TOMBSTONE, "study inference is null (tombstone)"));
        }
        final Optional<Rejection> site = SiteIds.check(key, inference.getSiteId());
        if (site.isPresent()) {
            return site;
        }
        if (inference.getEventTime().toEpochMilli() > wallNow + maxFutureSkewMs) {
            return Optional.of(new Rejection(FUTURE_EVENT_TIME, "study is dated more than " + maxFutureSkewMs / 60_000
                    + " min after the wall clock"));
        }
        final List<Float> embedding = inference.getEmbedding();
        if (embedding.size() != spec.dimension()) {
            return Optional.of(new Rejection(WRONG_DIMENSION, "embedding has " + embedding.size()
                    + " dimensions, the reference profile " + spec.dimension()));
        }
        for (final Float v : embedding) {
            if (v == null || !Float.isFinite(v)) {
                return Optional.of(new Rejection(NON_FINITE, "embedding holds a non-finite value"));
            }
        }
        return scores(inference.getScores(), spec.labels());
    }

    /** Why delayed ground truth is refused, or empty. */
    public static Optional<Rejection> labels(final String key, final StudyLabels labels, final long wallNow) {
        if (labels == null) {
            return Optional.of(new Rejection(TOMBSTONE, "study labels are null (tombstone)"));
        }
        return SiteIds.check(key, labels.getSiteId());
    }

    private static Optional<Rejection> scores(final List<LabelScore> scores, final List<String> labels) {
        if (scores.size() != labels.size()) {
            return Optional.of(new Rejection(LABEL_MISMATCH, scores.size() + " label scores, the reference profile has " + labels.size()));
        }
        for (int i = 0; i < scores.size(); i++) {
            final LabelScore score = scores.get(i);
            if (!labels.get(i).contentEquals(score.getLabel())) {
                return Optional.of(new Rejection(LABEL_MISMATCH, "label score " + i + " is not the profile's label " + labels.get(i)));
            }
            if (!(score.getScore() >= 0 && score.getScore() <= 1)) {
                return Optional.of(new Rejection(NON_FINITE, "a label score is not a probability in [0, 1]"));
            }
        }
        return Optional.empty();
    }
}
