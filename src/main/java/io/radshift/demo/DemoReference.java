package io.radshift.demo;

import io.radshift.inference.EncodedStudy;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.decode.DecodedImage;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.decode.Preprocessor;
import io.radshift.inference.demo.ChexpertLabels;
import io.radshift.inference.demo.PhantomStudySampler;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import io.radshift.window.StudyObservations;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Builds the demo's reference ("training") profile: reference-distribution phantom studies scored by the demo
 * bundle through the same decoder, preprocessing and ONNX model as the stream, with their findings as ground truth.
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
        final ImageDecoder decoder = new ImageDecoder();
        final Preprocessor preprocessor = Preprocessor.forBundle(encoder.bundle().manifest());
        final java.util.Random metadataRandom = new java.util.Random(seed);
        for (int done = 0; done < studies; done += BATCH) {
            final List<PhantomStudySampler.PhantomStudy> batch = new ArrayList<>();
            final List<DecodedImage> decoded = new ArrayList<>();
            final List<float[]> tensors = new ArrayList<>();
            for (int i = 0; i < Math.min(BATCH, studies - done); i++) {
                final PhantomStudySampler.PhantomStudy study = sampler.next();
                final DecodedImage image = decode(decoder, study.png());
                batch.add(study);
                decoded.add(image);
                tensors.add(preprocessor.toChw(image.grey()));
            }
            final List<EncodedStudy> encoded = encoder.embedAndScore(tensors);
            for (int i = 0; i < batch.size(); i++) {
                final String id = "reference-" + (done + i);
                final boolean[] positives = positives(labels, batch.get(i));
                final boolean[] known = new boolean[labels.size()];
                java.util.Arrays.fill(known, true);
                builder.add(StudyObservations.of(id, encoded.get(i), decoded.get(i).quality(), HospitalSimulator.metadata(metadataRandom),
                        positives, known), id);
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

    private static DecodedImage decode(final ImageDecoder decoder, final byte[] png) {
        try {
            return decoder.decode(png);
        } catch (DecodeException e) {
            throw new IllegalStateException("a generated phantom did not decode: " + e.getMessage(), e);
        }
    }
}
