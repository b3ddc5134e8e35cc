package io.radshift.tools.demo;

import io.radshift.avro.AcquisitionMetadata;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.ImageInput;
import io.radshift.inference.ImageScorer;
import io.radshift.inference.ScoredImage;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.stats.Observation;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import io.radshift.tools.demo.model.PhantomStudySampler;
import io.radshift.window.StudyObservations;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Builds the demo's reference ("training") profile from studies scored exactly as the stream scores them (the
 * inference processor's {@link ImageScorer}: decoding, preprocessing, quality features, the ONNX model), with
 * their ground truth: phantoms of the reference distribution, or the reference half of a real hospital's patients
 * ({@link XrayScenario}), split into fit and calibration parts by patient.
 */
public final class DemoReference {

    private static final int BATCH = 32;

    private DemoReference() {
    }

    /**
     * The phantom reference: {@code studies} phantoms of the reference distribution.
     *
     * @param seed sampler and metadata seed (different from the simulator's)
     */
    public static ReferenceProfile build(final ImageEncoder encoder, final int studies, final long seed,
                                         final BiConsumer<Integer, Integer> progress) throws Exception {
        final StudySource phantoms = StudySource.phantoms(PhantomStudySampler.reference(seed), encoder.bundle().labels());
        return build(encoder, Stream.generate(phantoms::next).iterator(), studies, seed, progress);
    }

    /**
     * @param encoder  the demo bundle's encoder
     * @param studies  the reference studies, read as they are scored
     * @param count    how many to take from {@code studies} (the profile holds out a calibration part)
     * @param seed     seed of the simulated acquisition metadata (the same mix the hospitals send)
     * @param progress called with (done, total)
     */
    public static ReferenceProfile build(final ImageEncoder encoder, final Iterator<SimulatedStudy> studies,
                                         final int count, final long seed,
                                         final BiConsumer<Integer, Integer> progress) throws Exception {
        final List<String> labels = encoder.bundle().labels();
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(labels, encoder.bundle().modelId(),
                encoder.bundle().contentHash(), ProfileSettings.defaults());
        final ImageScorer scorer = new ImageScorer(encoder, new ImageDecoder());
        final Random metadata = new Random(seed);
        for (int done = 0; done < count && studies.hasNext(); done += BATCH) {
            final List<SimulatedStudy> drawn = new ArrayList<>();
            final List<AcquisitionMetadata> acquisitions = new ArrayList<>();
            final List<ImageInput> inputs = new ArrayList<>();
            for (int i = 0; i < Math.min(BATCH, count - done) && studies.hasNext(); i++) {
                final SimulatedStudy study = studies.next();
                final AcquisitionMetadata acquisition = HospitalSimulator.metadata(metadata);
                drawn.add(study);
                acquisitions.add(acquisition);
                inputs.add(ImageInput.ofBytes(study.image(), study.format(), acquisition.getPhotometricInterpretation()));
            }
            final List<ScoredImage> results = scorer.score(inputs, ImageScorer.UNTIMED);
            for (int i = 0; i < results.size(); i++) {
                final ScoredImage scored = results.get(i);
                if (!scored.ok()) {
                    throw new IllegalStateException("a reference image could not be scored: " + scored.failureMessage());
                }
                final String studyId = "reference-" + (done + i);
                final SimulatedStudy study = drawn.get(i);
                builder.add(new Observation(studyId, scored.embedding(), scored.scores(), StudyObservations.quality(scored.quality()),
                        StudyObservations.metadata(acquisitions.get(i)), study.positives(), study.known()),
                        study.group() == null ? studyId : study.group());
            }
            progress.accept(Math.min(count, done + drawn.size()), count);
        }
        return builder.build();
    }
}
