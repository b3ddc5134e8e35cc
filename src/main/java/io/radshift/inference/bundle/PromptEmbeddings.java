package io.radshift.inference.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Per-label positive and negative prompt embeddings (CheXzero-style zero-shot scoring).
 *
 * <p>File encoding ({@code prompts.bin}): raw little-endian float32, no header, shape
 * {@code [labels][2][embeddingDim]} in the label order of {@code bundle.json}; index 0 is the positive prompt
 * ("chest x-ray showing X"), index 1 the negative ("chest x-ray with no X"). In numpy:
 * {@code np.stack([pos, neg], axis=1).astype('<f4').tofile('prompts.bin')}. Every vector is L2-normalised.
 */
public final class PromptEmbeddings {

    /** Largest tolerated deviation of a prompt vector's L2 norm from 1. */
    public static final double NORM_TOLERANCE = 1e-3;

    private final float[][] positive;
    private final float[][] negative;

    /**
     * Creates the embeddings; both arrays are {@code [labels][dim]}, copied defensively.
     *
     * @throws IllegalArgumentException when the arrays differ in shape
     */
    public PromptEmbeddings(final float[][] positive, final float[][] negative) {
        if (positive.length != negative.length || positive.length == 0) {
            throw new IllegalArgumentException("need the same non-zero number of positive and negative prompts");
        }
        final int dim = positive[0].length;
        this.positive = copy(positive, dim);
        this.negative = copy(negative, dim);
    }

    private static float[][] copy(final float[][] rows, final int dim) {
        final float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != dim) {
                throw new IllegalArgumentException("prompt " + i + " has " + rows[i].length + " values, expected " + dim);
            }
            out[i] = rows[i].clone();
        }
        return out;
    }

    /** Number of labels. */
    public int labelCount() {
        return positive.length;
    }

    /** Embedding dimension. */
    public int dim() {
        return positive[0].length;
    }

    /** The positive prompt embedding of label {@code i} (a copy). */
    public float[] positive(final int i) {
        return positive[i].clone();
    }

    /** The negative prompt embedding of label {@code i} (a copy). */
    public float[] negative(final int i) {
        return negative[i].clone();
    }

    /** Writes the {@code prompts.bin} encoding described in the class comment. */
    public void write(final Path file) throws IOException {
        final ByteBuffer buffer = ByteBuffer.allocate(labelCount() * 2 * dim() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < labelCount(); i++) {
            putAll(buffer, positive[i]);
            putAll(buffer, negative[i]);
        }
        Files.write(file, buffer.array());
    }

    private static void putAll(final ByteBuffer buffer, final float[] values) {
        for (final float v : values) {
            buffer.putFloat(v);
        }
    }

    /**
     * Reads and validates a {@code prompts.bin}: its size must be {@code labels * 2 * dim * 4} bytes and
     * every vector must have unit L2 norm (within {@link #NORM_TOLERANCE}).
     */
    public static PromptEmbeddings read(final Path dir, final String name, final int labels, final int dim)
            throws InvalidBundleException {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(name));
        } catch (final IOException e) {
            throw new InvalidBundleException(dir, "cannot read " + name, e);
        }
        final long expected = (long) labels * 2 * dim * Float.BYTES;
        if (bytes.length != expected) {
            throw new InvalidBundleException(dir, name + " has " + bytes.length + " bytes, expected " + expected
                    + " (" + labels + " labels x 2 prompts x " + dim + " float32)");
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final float[][] pos = new float[labels][dim];
        final float[][] neg = new float[labels][dim];
        for (int i = 0; i < labels; i++) {
            readInto(buffer, pos[i]);
            readInto(buffer, neg[i]);
            requireUnitNorm(dir, name, i, "positive", pos[i]);
            requireUnitNorm(dir, name, i, "negative", neg[i]);
        }
        return new PromptEmbeddings(pos, neg);
    }

    private static void readInto(final ByteBuffer buffer, final float[] target) {
        for (int d = 0; d < target.length; d++) {
            target[d] = buffer.getFloat();
        }
    }

    private static void requireUnitNorm(final Path dir, final String name, final int label, final String which,
                                        final float[] v) throws InvalidBundleException {
        final double norm = Math.sqrt(VectorMath.dot(v, v));
        if (!(Math.abs(norm - 1.0) <= NORM_TOLERANCE)) {
            throw new InvalidBundleException(dir, name + ": " + which + " prompt of label " + label
                    + " is not L2-normalised (norm " + norm + ")");
        }
    }
}
