package io.radshift.stats.profile;

import java.util.List;

/**
 * Settings of {@link ReferenceProfileBuilder}; {@link #defaults()} gives the documented defaults.
 *
 * @param rffFeatures random Fourier features D (256)
 * @param seed seed of the split, the bandwidth subsample, the RFF frequencies and the null windows
 * @param calibrationFraction held-out calibration share of the reference (0.3)
 * @param histogramBins score histogram bins (10)
 * @param tau high-confidence threshold (0.8)
 * @param decisionThreshold ground-truth decision threshold (0.5)
 * @param rareThreshold prevalence below which a label is rare (0.05)
 * @param metadataFields metadata fields to profile; empty = every field seen
 * @param maxCategories categories kept per metadata field (32)
 * @param nullSizes window-size grid of the null calibration
 * @param nullWindows windows drawn per grid size (1000)
 * @param bandwidthSubsample studies used for the median-heuristic bandwidth (1000)
 * @param sketch bounded aggregate sizes
 */
public record ProfileSettings(int rffFeatures, long seed, double calibrationFraction, int histogramBins,
                              double tau, double decisionThreshold, double rareThreshold,
                              List<String> metadataFields, int maxCategories, int[] nullSizes, int nullWindows,
                              int bandwidthSubsample, SketchSettings sketch) {

    /** Default grid of window sizes for the null calibration. */
    public static final int[] DEFAULT_SIZES = {10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000};

    /** Copies the field list. */
    public ProfileSettings {
        metadataFields = List.copyOf(metadataFields);
        if (!(calibrationFraction > 0 && calibrationFraction < 1)) {
            throw new IllegalArgumentException("calibrationFraction must be in (0,1)");
        }
    }

    /** Documented defaults. */
    public static ProfileSettings defaults() {
        return new ProfileSettings(256, 42L, 0.3, 10, 0.8, 0.5, 0.05, List.of(), 32, DEFAULT_SIZES, 1000, 1000,
            new SketchSettings(10, 10, 16));
    }

    /** Copy with another seed. */
    public ProfileSettings withSeed(final long newSeed) {
        return new ProfileSettings(rffFeatures, newSeed, calibrationFraction, histogramBins, tau, decisionThreshold,
            rareThreshold, metadataFields, maxCategories, nullSizes, nullWindows, bandwidthSubsample, sketch);
    }

    /** Copy with another number of null windows per size. */
    public ProfileSettings withNullWindows(final int windows) {
        return new ProfileSettings(rffFeatures, seed, calibrationFraction, histogramBins, tau, decisionThreshold,
            rareThreshold, metadataFields, maxCategories, nullSizes, windows, bandwidthSubsample, sketch);
    }
}
