package io.radshift.offline;

import io.radshift.inference.ImageScorer;
import io.radshift.inference.ScoredImage;
import io.radshift.stats.Observation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The studies of an offline command after scoring, in input order, split into scored studies and failures.
 *
 * @param scored studies that were scored, with their inputs
 * @param failed studies that could not be decoded or scored
 */
public record ScoredInputs(List<Scored> scored, List<Scored> failed) {

    /** One input with its scoring result. */
    public record Scored(StudyInput input, ScoredImage image) {
    }

    /** Copies the lists. */
    public ScoredInputs {
        scored = List.copyOf(scored);
        failed = List.copyOf(failed);
    }

    /** Scores every input with {@code scorer}, reporting progress after each batch. */
    public static ScoredInputs score(final StudyScorer scorer, final List<StudyInput> inputs,
                                     final ImageScorer.Progress progress) throws IOException {
        final List<ScoredImage> results = scorer.score(inputs.stream().map(StudyInput::file).toList(), progress);
        final List<Scored> ok = new ArrayList<>();
        final List<Scored> failed = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            final Scored pair = new Scored(inputs.get(i), results.get(i));
            (pair.image().ok() ? ok : failed).add(pair);
        }
        return new ScoredInputs(ok, failed);
    }

    /** Observations of the scored studies, in input order. */
    public List<Observation> observations(final LabelMap labels) {
        return scored.stream().map(s -> Observations.of(s.input(), s.image(), labels)).toList();
    }
}
