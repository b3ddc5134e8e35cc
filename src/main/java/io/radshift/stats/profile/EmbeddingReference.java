package io.radshift.stats.profile;

/**
 * Embedding part of a reference profile, fitted on the fit split of the reference.
 *
 * @param mean per-dimension mean
 * @param variance per-dimension variance
 * @param rffFeatures number of random Fourier features D
 * @param rffSigma RBF bandwidth (median heuristic)
 * @param rffSeed seed of the RFF frequencies
 * @param rffMean mean RFF feature vector of the fit split
 * @param fitCount studies in the fit split
 * @param calibrationCount studies in the held-out calibration split
 */
public record EmbeddingReference(double[] mean, double[] variance, int rffFeatures, double rffSigma, long rffSeed,
                                 double[] rffMean, long fitCount, long calibrationCount) {
}
