package io.radshift.stats.profile;

/**
 * Sizes of the bounded parts of window aggregates built against a profile.
 *
 * @param calibrationBins equal-width bins for expected calibration error
 * @param topK most novel study ids kept per window
 * @param maxNovelCategories novel metadata categories kept by name per field
 */
public record SketchSettings(int calibrationBins, int topK, int maxNovelCategories) {
}
