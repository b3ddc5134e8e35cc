package io.radshift.topology;

import io.radshift.avro.AcquisitionMetadata;
import io.radshift.avro.ImageQuality;
import io.radshift.avro.LabelScore;
import io.radshift.avro.LabelTruth;
import io.radshift.avro.StudyInference;
import io.radshift.avro.StudyLabels;
import io.radshift.avro.TruthValue;
import io.radshift.stats.Observation;
import io.radshift.stats.SyntheticStudies;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import io.radshift.window.StudyObservations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hospital sites made of synthetic studies with a known distribution ({@link SyntheticStudies}), as the Avro
 * events the topology consumes, and a reference profile built from the same distribution.
 */
public final class SyntheticSites {

    static final String MODEL_ID = "synthetic-model";
    static final String BUNDLE_HASH = "sha256:synthetic";
    public static final int DIMENSION = 32;

    private final SyntheticStudies generator = new SyntheticStudies(DIMENSION, 7);
    private final SplittableRandom random;

    public SyntheticSites(final long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A reference profile from 4,000 studies of the unshifted distribution. */
    public ReferenceProfile profile() {
        return profile(MODEL_ID, BUNDLE_HASH);
    }

    /** The same profile, tagged with another bundle's identity (for wiring tests that need a matching bundle). */
    public ReferenceProfile profile(final String modelId, final String bundleHash) {
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(SyntheticStudies.LABELS, modelId, bundleHash,
                ProfileSettings.defaults().withNullWindows(400));
        final List<Observation> reference = generator.draw(4000, SyntheticStudies.Shift.NONE, new SplittableRandom(99), "ref-");
        for (Observation o : reference) {
            final Observation roundTripped = StudyObservations.of(inference("ref", o, 0));
            builder.add(new Observation(o.studyId(), roundTripped.embedding(), roundTripped.scores(), roundTripped.quality(),
                    roundTripped.metadata(), o.positives(), o.known()), o.studyId());
        }
        return builder.build("synthetic-profile", 0L);
    }

    /** {@code n} studies of a site spread evenly over [from, to). */
    public List<StudyInference> studies(final String site, final int n, final SyntheticStudies.Shift shift, final Instant from,
                                 final Instant to) {
        final List<Observation> drawn = generator.draw(n, shift, random, site + "-" + from.toEpochMilli() + "-");
        final long step = (to.toEpochMilli() - from.toEpochMilli()) / n;
        final List<StudyInference> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(inference(site, drawn.get(i), from.toEpochMilli() + i * step));
        }
        return out;
    }

    /** Ground truth for a study drawn from the unshifted distribution (all labels known). */
    public static StudyLabels labels(final StudyInference study, final long at) {
        final List<LabelTruth> truths = new ArrayList<>();
        for (LabelScore score : study.getScores()) {
            truths.add(new LabelTruth(score.getLabel(), score.getScore() > 0.5 ? TruthValue.POSITIVE : TruthValue.NEGATIVE));
        }
        return new StudyLabels(study.getStudyId(), study.getSiteId(), Instant.ofEpochMilli(at), truths, "synthetic");
    }

    static StudyInference inference(final String site, final Observation o, final long eventTime) {
        final List<Float> embedding = new ArrayList<>(o.embedding().length);
        for (float v : o.embedding()) {
            embedding.add(v);
        }
        final List<LabelScore> scores = new ArrayList<>();
        for (int l = 0; l < SyntheticStudies.LABELS.size(); l++) {
            scores.add(new LabelScore(SyntheticStudies.LABELS.get(l), o.scores()[l]));
        }
        final double[] q = o.quality();
        final int side = (int) Math.round(Math.pow(2, q[5]));
        final ImageQuality quality = new ImageQuality(q[0], q[1], q[2], q[3], q[4], side, side, 16);
        final AcquisitionMetadata metadata = AcquisitionMetadata.newBuilder()
                .setViewPosition(o.metadata().get("viewPosition")).setSex(o.metadata().get("sex")).build();
        return StudyInference.newBuilder()
                .setStudyId(o.studyId()).setSiteId(site).setEventTime(Instant.ofEpochMilli(eventTime))
                .setModelId(MODEL_ID).setBundleHash(BUNDLE_HASH).setEmbedding(embedding).setScores(scores)
                .setQuality(quality).setMetadata(metadata).setExecutionProvider("CPU").setInferenceLatencyMs(1.0)
                .setBatchSize(1).build();
    }
}
