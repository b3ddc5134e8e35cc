package io.radshift.stats;

import java.util.List;

/** Names and order of the six image-quality features carried in {@link Observation#quality()}. */
public final class QualityFeatures {

    /** Feature names in array order; resolution is e.g. log2 of the original shorter image side. */
    public static final List<String> NAMES = List.of(
        "meanIntensity", "contrast", "sharpness", "noise", "saturatedFraction", "resolution");

    /** Number of features. */
    public static final int COUNT = NAMES.size();

    private QualityFeatures() {
    }
}
