package io.radshift.tools.demo;

import io.radshift.avro.AcquisitionMetadata;
import io.radshift.avro.ImageFormat;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.ImageInput;
import io.radshift.inference.ImageScorer;
import io.radshift.inference.ScoredImage;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.tools.demo.model.ChexpertLabels;
import io.radshift.tools.demo.model.PhantomStudySampler;
import io.radshift.stats.Observation;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import io.radshift.window.StudyObservations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * Builds the demo's reference ("training") profile: reference-distribution phantom studies scored exactly as the
 * stream scores them (the inference processor's {@link ImageScorer}: decoding, preprocessing, quality features, the
 * ONNX model; features mapped by {@link StudyObservations}), with their findings as ground truth.
 */
public final class DemoReference {

    private static final int BATCH = 32;

    private DemoReference() {
    }

    /**
     * @param encoder  the demo bundle's encoder
     * @param studies  how many reference studies to draw (the profile holds out a calibration part)
     * @param seed     sampler seed (different from the simulator's)
     * @param progress called with (done, total)
     */
    public static ReferenceProfile build(final ImageEncoder encoder, final int studies, final long seed,
                                         final BiConsumer<Integer, Integer> progress) throws Exception {
        final List<String> labels = encoder.bundle().labels();
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(labels, encoder.bundle().modelId(),
                encoder.bundle().contentHash(), ProfileSettings.defaults());
        final PhantomStudySampler sampler = PhantomStudySampler.reference(seed);
        final ImageScorer scorer = new ImageScorer(encoder, new ImageDecoder());
        final Random metadata = new Random(seed);
        final boolean[] known = new boolean[labels.size()];
        Arrays.fill(known, true);
        for (int done = 0; done < studies; done += BATCH) {
            final List<PhantomStudySampler.PhantomStudy> drawn = new ArrayList<>();
            final List<AcquisitionMetadata> acquisitions = new ArrayList<>();
            final List<ImageInput> inputs = new ArrayList<>();
            for (int i = 0; i < Math.min(BATCH, studies - done); i++) {
                final PhantomStudySampler.PhantomStudy study = sampler.next();
                final AcquisitionMetadata acquisition = HospitalSimulator.metadata(metadata);
                drawn.add(study);
                acquisitions.add(acquisition);
                inputs.add(ImageInput.ofBytes(study.png(), ImageFormat.PNG, acquisition.getPhotometricInterpretation()));
            }
            final List<ScoredImage> results = scorer.score(inputs, ImageScorer.UNTIMED);
            for (int i = 0; i < results.size(); i++) {
                final ScoredImage scored = results.get(i);
                if (!scored.ok()) {
                    throw new IllegalStateException("a generated phantom was not scored: " + scored.failureMessage());
                }
                final String studyId = "reference-" + (done + i);
                builder.add(new Observation(studyId, scored.embedding(), scored.scores(), StudyObservations.quality(scored.quality()),
                        StudyObservations.metadata(acquisitions.get(i)), positives(labels, drawn.get(i)), known), studyId);
            }
            progress.accept(Math.min(studies, done + BATCH), studies);
        }
        return builder.build();
    }

    static boolean[] positives(final List<String> labels, final PhantomStudySampler.PhantomStudy study) {
        final boolean[] positives = new boolean[labels.size()];
        for (int l = 0; l < labels.size(); l++) {
            positives[l] = labels.get(l).equals(ChexpertLabels.NO_FINDING)
                    ? study.findings().isEmpty() : study.findings().contains(labels.get(l));
        }
        return positives;
    }
}
