package io.radshift.inference;

/**
 * The model's reading of a batch of images, row {@code i} for input {@code i}: L2-normalised embeddings and one
 * score per bundle label.
 *
 * @param embeddings {@code [N][D]} floats, each row of unit norm
 * @param scores     {@code [N][labels]} probabilities in bundle label order
 */
public record EncodedBatch(float[][] embeddings, float[][] scores) {

    /** Checks that both matrices have one row per image. */
    public EncodedBatch {
        if (embeddings.length != scores.length) {
            throw new IllegalArgumentException(embeddings.length + " embeddings but " + scores.length + " score rows");
        }
    }

    /** Number of images. */
    public int size() {
        return embeddings.length;
    }
}
