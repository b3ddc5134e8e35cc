package io.radshift.offline;

import io.radshift.stats.Observation;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Builds a reference profile from scored studies, grouping the fit/calibration split by patient or not. */
public final class ReferenceProfiles {

    /**
     * A built profile with how the studies were grouped.
     *
     * @param profile the profile
     * @param patients distinct patients found (0 without patient grouping)
     * @param withoutPatient studies whose file name gave no patient (each its own group)
     * @param fitPatients patients whose studies define the reference mean (the fit split)
     */
    public record Built(ReferenceProfile profile, int patients, int withoutPatient, Set<String> fitPatients) {
    }

    private ReferenceProfiles() {
    }

    /**
     * Builds the profile of {@code scored} for {@code scorer}'s bundle.
     *
     * @param byPatient keep every patient's studies on one side of the split (else each study is its own group)
     */
    public static Built build(final ScoredInputs scored, final LabelMap labels, final StudyScorer scorer,
                              final ProfileSettings settings, final boolean byPatient) {
        return build(scored, labels, scorer, settings, byPatient, file -> null);
    }

    /**
     * Builds the profile of {@code scored}, naming the reference exemplars by {@code imageNames}: an image file's name
     * relative to its data set (null when unknown: the exemplar is then named by its study id).
     *
     * @param byPatient keep every patient's studies on one side of the split (else each study is its own group)
     */
    public static Built build(final ScoredInputs scored, final LabelMap labels, final StudyScorer scorer,
                              final ProfileSettings settings, final boolean byPatient,
                              final Function<Path, String> imageNames) {
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(scorer.labels(), scorer.modelId(),
            scorer.bundleHash(), settings);
        final Set<String> patients = new HashSet<>();
        final Set<String> fitPatients = new HashSet<>();
        int withoutPatient = 0;
        final List<Observation> observations = scored.observations(labels);
        for (int i = 0; i < observations.size(); i++) {
            final String patient = byPatient ? scored.scored().get(i).input().patient().orElse(null) : null;
            if (byPatient && patient == null) {
                withoutPatient++;
            }
            if (patient != null) {
                patients.add(patient);
                if (!builder.isCalibration(patient)) {
                    fitPatients.add(patient);
                }
            }
            builder.add(observations.get(i), patient, imageNames.apply(scored.scored().get(i).input().file()));
        }
        return new Built(builder.build(), patients.size(), withoutPatient, Set.copyOf(fitPatients));
    }
}
