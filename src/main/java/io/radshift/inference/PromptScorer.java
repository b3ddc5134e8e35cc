package io.radshift.inference;

import io.radshift.inference.bundle.PromptEmbeddings;
import io.radshift.inference.bundle.VectorMath;

/**
 * CheXzero-style zero-shot scoring: for each label, {@code score = softmax(s * [cos(e, pos), cos(e, neg)])[0]}
 * where {@code s} is the bundle's logit scale, i.e. {@code 1 / (1 + exp(s * (cos(e, neg) - cos(e, pos))))}.
 */
public final class PromptScorer {

    private final float[][] positive;
    private final float[][] negative;
    private final double logitScale;

    /** Creates a scorer for the given prompts and logit scale. */
    public PromptScorer(final PromptEmbeddings prompts, final double logitScale) {
        final int labels = prompts.labelCount();
        this.positive = new float[labels][];
        this.negative = new float[labels][];
        for (int i = 0; i < labels; i++) {
            positive[i] = prompts.positive(i);
            negative[i] = prompts.negative(i);
        }
        this.logitScale = logitScale;
    }

    /** One probability per label, in bundle label order. */
    public float[] score(final float[] embedding) {
        final float[] scores = new float[positive.length];
        for (int i = 0; i < scores.length; i++) {
            final double margin = logitScale * (VectorMath.cosine(embedding, negative[i]) - VectorMath.cosine(embedding, positive[i]));
            scores[i] = (float) (1.0 / (1.0 + Math.exp(margin)));
        }
        return scores;
    }
}
