package io.radshift.tools.demo.model;

import io.radshift.inference.bundle.PromptEmbeddings;
import io.radshift.inference.bundle.VectorMath;
import java.util.Arrays;

/** Class-prototype prompt embeddings and the logit scale of the demo bundle (see {@link DemoBundleBuilder}). */
final class Prototypes {

    private static final double TYPICAL_LOGIT = Math.log(9);

    private Prototypes() {
    }

    /** Positive = normalised mean embedding of images with the label, negative = of images without it. */
    static PromptEmbeddings fromEmbeddings(final float[][] embeddings, final boolean[][] positives) {
        final int labels = positives[0].length;
        final int dim = embeddings[0].length;
        final float[][] pos = new float[labels][];
        final float[][] neg = new float[labels][];
        for (int l = 0; l < labels; l++) {
            final double[] sumPos = new double[dim];
            final double[] sumNeg = new double[dim];
            int nPos = 0;
            for (int i = 0; i < embeddings.length; i++) {
                final double[] target = positives[i][l] ? sumPos : sumNeg;
                nPos += positives[i][l] ? 1 : 0;
                for (int d = 0; d < dim; d++) {
                    target[d] += embeddings[i][d];
                }
            }
            if (nPos == 0 || nPos == embeddings.length) {
                throw new IllegalArgumentException("label " + l + " needs positive and negative reference images, has " + nPos
                        + " positives of " + embeddings.length);
            }
            pos[l] = VectorMath.normalised(sumPos);
            neg[l] = VectorMath.normalised(sumNeg);
        }
        return new PromptEmbeddings(pos, neg);
    }

    /** {@code ln(9) / median |cos(e,pos) - cos(e,neg)|}, clamped to [1, 100]. */
    static double logitScale(final float[][] embeddings, final PromptEmbeddings prompts) {
        final double[] margins = new double[embeddings.length * prompts.labelCount()];
        int k = 0;
        for (final float[] e : embeddings) {
            for (int l = 0; l < prompts.labelCount(); l++) {
                margins[k++] = Math.abs(VectorMath.cosine(e, prompts.positive(l)) - VectorMath.cosine(e, prompts.negative(l)));
            }
        }
        Arrays.sort(margins);
        final double median = margins[margins.length / 2];
        return median <= 0 ? 100 : Math.min(100, Math.max(1, TYPICAL_LOGIT / median));
    }
}
