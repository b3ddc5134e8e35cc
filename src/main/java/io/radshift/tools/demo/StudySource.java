package io.radshift.tools.demo;

import io.radshift.avro.ImageFormat;
import io.radshift.tools.demo.model.PhantomStudySampler;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Where a simulated hospital's next study comes from: phantoms, real X-rays, or a mix of two sources. */
@FunctionalInterface
public interface StudySource {

    /** The next study. */
    SimulatedStudy next();

    /** Phantoms of {@code sampler}, with their findings as ground truth for every label. */
    static StudySource phantoms(final PhantomStudySampler sampler, final List<String> labels) {
        final boolean[] known = new boolean[labels.size()];
        Arrays.fill(known, true);
        return () -> {
            final PhantomStudySampler.PhantomStudy study = sampler.next();
            return new SimulatedStudy(study.png(), ImageFormat.PNG, study.positives(labels), known, null);
        };
    }

    /** Real X-rays drawn uniformly with replacement: a site sends more studies than the folder holds. */
    static StudySource xrays(final List<XrayImage> images, final long seed) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no X-rays to draw from");
        }
        final List<XrayImage> copy = List.copyOf(images);
        final Random random = new Random(seed);
        return () -> copy.get(random.nextInt(copy.size())).read();
    }

    /** From {@code other} with probability {@code fraction}, else from {@code base}: another hospital mixed in. */
    static StudySource mixed(final StudySource base, final StudySource other, final double fraction, final long seed) {
        final Random random = new Random(seed);
        return () -> random.nextDouble() < fraction ? other.next() : base.next();
    }
}
