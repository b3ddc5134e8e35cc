package io.radshift.tools.demo;

import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.tools.demo.model.ChexpertLabels;
import io.radshift.tools.demo.model.PhantomStudySampler;
import io.radshift.inference.stream.ImageSource;
import io.radshift.inference.stream.StudyBatchScorer;
import io.radshift.stats.Observation;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import io.radshift.window.StudyObservations;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * Builds the demo's reference ("training") profile: reference-distribution phantom studies scored exactly as the
 * stream scores them (the inference processor's {@link StudyBatchScorer}: decoding, preprocessing, quality
 * features, the ONNX model), with their findings as ground truth.
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
        final StudyBatchScorer scorer = new StudyBatchScorer(encoder, new ImageDecoder(), new ImageSource(Long.MAX_VALUE, Duration.ofSeconds(5)));
        final Random metadata = new Random(seed);
        final boolean[] known = new boolean[labels.size()];
        Arrays.fill(known, true);
        for (int done = 0; done < studies; done += BATCH) {
            final List<PhantomStudySampler.PhantomStudy> drawn = new ArrayList<>();
            final List<StudyEvent> events = new ArrayList<>();
            for (int i = 0; i < Math.min(BATCH, studies - done); i++) {
                final PhantomStudySampler.PhantomStudy study = sampler.next();
                drawn.add(study);
                events.add(StudyEvent.newBuilder().setStudyId("reference-" + (done + i)).setSiteId("reference")
                        .setEventTime(Instant.EPOCH).setImage(ByteBuffer.wrap(study.png())).setImageFormat(ImageFormat.PNG)
                        .setMetadata(HospitalSimulator.metadata(metadata)).build());
            }
            final List<StudyBatchScorer.Result> results = scorer.score(events, (size, nanos) -> { });
            for (int i = 0; i < results.size(); i++) {
                if (!results.get(i).ok()) {
                    throw new IllegalStateException("a generated phantom was not scored: " + results.get(i).message());
                }
                final Observation o = StudyObservations.of(results.get(i).inference());
                builder.add(new Observation(o.studyId(), o.embedding(), o.scores(), o.quality(), o.metadata(),
                        positives(labels, drawn.get(i)), known), o.studyId());
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
