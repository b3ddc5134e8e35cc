package io.radshift.inference;

/**
 * The model's reading of one image: its L2-normalised embedding and one score per bundle label.
 *
 * @param embedding D floats, unit norm
 * @param scores    probabilities in bundle label order
 */
public record EncodedStudy(float[] embedding, float[] scores) {
}
