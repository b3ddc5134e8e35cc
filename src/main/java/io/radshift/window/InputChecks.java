package io.radshift.window;

import io.radshift.avro.LabelScore;
import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;
import io.radshift.ingest.DeadLetters;
import io.radshift.ingest.SiteIds;
import io.radshift.ingest.SiteIds.Rejection;
import io.radshift.stats.AggregateSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The checks a record must pass before it touches per-site window state: a tombstone, a bad site id, an embedding
 * of the wrong dimension or with NaN, or scores for other labels would otherwise throw inside the aggregator and
 * crash-loop the stream thread on the same record for ever; an implausible event time (before 1990, or after the
 * wall clock plus {@code detection.maxFutureSkew}) would otherwise set its site's clock decades off.
 */
public final class InputChecks {

    /** Reason of a record with a null value. */
    public static final String TOMBSTONE = DeadLetters.TOMBSTONE;
    /** Reason of an embedding whose dimension differs from the reference profile's. */
    public static final String WRONG_DIMENSION = "wrong-embedding-dimension";
    /** Reason of an embedding or score that is NaN or infinite, or a score outside [0, 1]. */
    public static final String NON_FINITE = "non-finite-value";
    /** Reason of a study dated further ahead of the wall clock than the configured skew. */
    public static final String FUTURE_EVENT_TIME = "event-time-in-future";
    /** Reason of a study or label dated before {@link #EARLIEST_EVENT_TIME}: a clock reset to 1970, a zeroed field. */
    public static final String PAST_EVENT_TIME = "event-time-before-1990";
    /** Reason of scores that are not the profile's labels in its order. */
    public static final String LABEL_MISMATCH = "label-mismatch";
    /**
     * The earliest event time RadShift accepts, 1990-01-01: no digital chest X-ray archive a model is monitored on is
     * older, while a clock reset to the epoch is a common fault that would otherwise open a site's windows in 1970.
     */
    public static final Instant EARLIEST_EVENT_TIME = Instant.parse("1990-01-01T00:00:00Z");

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
        final Optional<Rejection> time = eventTime("study", inference.getEventTime().toEpochMilli(), wallNow, maxFutureSkewMs);
        if (time.isPresent()) {
            return time;
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

    /**
     * Why delayed ground truth is refused, or empty. Labels are dated too (they count in the pane of their arrival
     * time), so they get the same plausible range as studies.
     */
    public static Optional<Rejection> labels(final String key, final StudyLabels labels, final long wallNow,
                                             final long maxFutureSkewMs) {
        if (labels == null) {
            return Optional.of(new Rejection(TOMBSTONE, "study labels are null (tombstone)"));
        }
        final Optional<Rejection> site = SiteIds.check(key, labels.getSiteId());
        return site.isPresent() ? site : eventTime("labels", labels.getEventTime().toEpochMilli(), wallNow, maxFutureSkewMs);
    }

    /**
     * Whether {@code eventTime} is plausible at wall-clock {@code wallNow}: not before {@link #EARLIEST_EVENT_TIME}
     * and not more than {@code maxFutureSkewMs} after the wall clock.
     */
    public static boolean plausible(final long eventTime, final long wallNow, final long maxFutureSkewMs) {
        return eventTime("record", eventTime, wallNow, maxFutureSkewMs).isEmpty();
    }

    private static Optional<Rejection> eventTime(final String what, final long eventTime, final long wallNow,
                                                 final long maxFutureSkewMs) {
        if (eventTime < EARLIEST_EVENT_TIME.toEpochMilli()) {
            return Optional.of(new Rejection(PAST_EVENT_TIME, what + " is dated before " + EARLIEST_EVENT_TIME));
        }
        if (eventTime > wallNow + maxFutureSkewMs) {
            return Optional.of(new Rejection(FUTURE_EVENT_TIME, what + " is dated more than " + maxFutureSkewMs / 60_000
                    + " min after the wall clock"));
        }
        return Optional.empty();
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
