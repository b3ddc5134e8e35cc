package io.radshift.offline.explain;

import io.radshift.stats.profile.ExplanationReference;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Why one study looks the way it does to the monitor: its novelty and where that ranks among the reference's
 * studies, its nearest reference exemplars, its label scores and the occlusion maps of the novelty and of every
 * rare label's score. Holds the image only at the model's input resolution, for the overlays; never leaves the
 * hospital.
 *
 * @param grey       the image as the model saw it, {@code size x size} grey values in [0, 1], row-major
 * @param size       model input width and height
 * @param novelty    distance of the embedding to the reference mean (as the report's most-novel ids rank it)
 * @param percentile percentage of reference studies less novel; empty when the profile keeps no distribution
 * @param exemplars  nearest reference medoids, nearest first; empty when the profile keeps none
 * @param labels     the bundle's labels
 * @param scores     the study's score per label
 * @param rare       the labels rare in the reference
 * @param maps       the novelty map first, then one per rare label
 */
public record Explanation(float[] grey, int size, double novelty, OptionalDouble percentile,
                          List<ExplanationReference.Neighbour> exemplars, List<String> labels, float[] scores,
                          List<String> rare, List<OcclusionMap> maps) {

    /** Copies the lists. */
    public Explanation {
        if (grey.length != size * size) {
            throw new IllegalArgumentException("grey image of " + grey.length + " pixels is not " + size + "x" + size);
        }
        exemplars = List.copyOf(exemplars);
        labels = List.copyOf(labels);
        rare = List.copyOf(rare);
        maps = List.copyOf(maps);
    }
}
