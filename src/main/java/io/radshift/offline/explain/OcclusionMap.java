package io.radshift.offline.explain;

/**
 * How much each region of an image drives one output: for every position of the {@link OcclusionGrid}, the output of
 * the image minus the output with that region greyed out. Positive: the region raises the output (greying it out
 * lowers it); negative: the region holds it down.
 *
 * @param title    what the output is, e.g. "novelty" or "score of Pneumothorax (rare)"
 * @param output   the output on the whole image
 * @param cells    positions per axis
 * @param change   {@code cells x cells} changes, row-major from the top left
 */
public record OcclusionMap(String title, double output, int cells, double[] change) {

    /** Checks the shape. */
    public OcclusionMap {
        if (change.length != cells * cells) {
            throw new IllegalArgumentException(change.length + " changes for a " + cells + "x" + cells + " grid");
        }
        change = change.clone();
    }

    /** The largest absolute change (0 when the output never moves): the colour scale's end. */
    public double maxAbsChange() {
        double max = 0;
        for (final double c : change) {
            max = Math.max(max, Math.abs(c));
        }
        return max;
    }

    /** The position (row-major index) whose occlusion lowers the output most. */
    public int strongest() {
        int best = 0;
        for (int i = 1; i < change.length; i++) {
            if (change[i] > change[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The change at column {@code x}, row {@code y}. */
    public double at(final int x, final int y) {
        return change[y * cells + x];
    }
}
