package io.radshift.stats.profile;

import java.util.Optional;

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
 * @param rffDiagonal mean squared norm of a fit-split study's RFF vector, the RFF kernel's k(x, x): 1 for the
 *                    exact RBF kernel, within a few percent of it for D = 256 features; the unbiased MMD^2 needs
 *                    it (profiles built before it existed read 1)
 * @param map the reference's 2-D embedding map for the pre-deployment report; null in profiles built before it
 *            existed
 */
public record EmbeddingReference(double[] mean, double[] variance, int rffFeatures, double rffSigma, long rffSeed,
                                 double[] rffMean, long fitCount, long calibrationCount, double rffDiagonal,
                                 EmbeddingMap map) {

    /** A reference without an embedding map (as profiles built before it read). */
    public EmbeddingReference(final double[] mean, final double[] variance, final int rffFeatures,
                              final double rffSigma, final long rffSeed, final double[] rffMean, final long fitCount,
                              final long calibrationCount, final double rffDiagonal) {
        this(mean, variance, rffFeatures, rffSigma, rffSeed, rffMean, fitCount, calibrationCount, rffDiagonal, null);
    }

    /** A reference with the exact kernel's diagonal, 1 (as profiles built before rffDiagonal read). */
    public EmbeddingReference(final double[] mean, final double[] variance, final int rffFeatures,
                              final double rffSigma, final long rffSeed, final double[] rffMean, final long fitCount,
                              final long calibrationCount) {
        this(mean, variance, rffFeatures, rffSigma, rffSeed, rffMean, fitCount, calibrationCount, 1.0, null);
    }

    /** The embedding map, empty in profiles built before it existed. */
    public Optional<EmbeddingMap> embeddingMap() {
        return Optional.ofNullable(map);
    }
}
