package io.radshift.tools.demo;

import io.radshift.avro.StudyEvent;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.stream.ImageSource;
import io.radshift.inference.stream.StudyBatchScorer;
import io.radshift.stats.Observation;
import io.radshift.tools.demo.model.PhantomStudySampler;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import io.radshift.window.StudyObservations;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Builds the demo's reference ("training") profile from studies scored exactly as the stream scores them (the
 * inference processor's {@link StudyBatchScorer}: decoding, preprocessing, quality features, the ONNX model), with
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
        final StudyBatchScorer scorer = new StudyBatchScorer(encoder, new ImageDecoder(), new ImageSource(Long.MAX_VALUE, Duration.ofSeconds(5)));
        final Random metadata = new Random(seed);
        for (int done = 0; done < count && studies.hasNext(); done += BATCH) {
            final List<SimulatedStudy> drawn = new ArrayList<>();
            final List<StudyEvent> events = new ArrayList<>();
            for (int i = 0; i < Math.min(BATCH, count - done) && studies.hasNext(); i++) {
                final SimulatedStudy study = studies.next();
                drawn.add(study);
                events.add(StudyEvent.newBuilder().setStudyId("reference-" + (done + i)).setSiteId("reference")
                        .setEventTime(Instant.EPOCH).setImage(ByteBuffer.wrap(study.image())).setImageFormat(study.format())
                        .setMetadata(HospitalSimulator.metadata(metadata)).build());
            }
            final List<StudyBatchScorer.Result> results = scorer.score(events, (size, nanos) -> { });
            for (int i = 0; i < results.size(); i++) {
                if (!results.get(i).ok()) {
                    throw new IllegalStateException("a reference image could not be scored: " + results.get(i).message());
                }
                final Observation o = StudyObservations.of(results.get(i).inference());
                final SimulatedStudy study = drawn.get(i);
                builder.add(new Observation(o.studyId(), o.embedding(), o.scores(), o.quality(), o.metadata(),
                        study.positives(), study.known()), study.group() == null ? o.studyId() : study.group());
            }
            progress.accept(Math.min(count, done + drawn.size()), count);
        }
        return builder.build();
    }
}
