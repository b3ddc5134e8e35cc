package io.radshift.offline.explain;

import java.util.Arrays;

/**
 * Where the grey occluding patch goes: {@code cells x cells} positions over a square model input of {@code size}
 * pixels, the patch ({@code patch} pixels square) centred on each cell's centre and clipped at the border. Patches
 * larger than a cell overlap their neighbours, which smooths the map.
 *
 * @param size  model input width and height in pixels
 * @param cells positions per axis
 * @param patch patch side in pixels
 */
public record OcclusionGrid(int size, int cells, int patch) {

    /** Positions per axis at most: {@code cells^2} occluded copies are scored per image. */
    public static final int MAX_CELLS = 32;

    /** Checks the sizes. */
    public OcclusionGrid {
        if (cells < 2 || cells > MAX_CELLS) {
            throw new IllegalArgumentException("the occlusion grid needs 2 to " + MAX_CELLS + " positions per axis, got " + cells);
        }
        if (cells > size) {
            throw new IllegalArgumentException("the occlusion grid (" + cells + ") is finer than the model input ("
                + size + " px)");
        }
        if (patch < 1 || patch > size) {
            throw new IllegalArgumentException("the occlusion patch must be 1 to " + size + " px, got " + patch);
        }
    }

    /** The default patch for {@code cells} positions: two cells wide, so neighbouring patches overlap by half. */
    public static OcclusionGrid withDefaultPatch(final int size, final int cells) {
        return new OcclusionGrid(size, cells, Math.min(size, Math.max(1, (int) Math.round(2.0 * size / cells))));
    }

    /** Number of positions, {@code cells^2}. */
    public int positions() {
        return cells * cells;
    }

    /** A copy of the CHW {@code tensor} (channels of {@code size^2}) with {@code value} in the patch at position {@code p}. */
    public float[] occlude(final float[] tensor, final int p, final float value) {
        final int plane = size * size;
        if (tensor.length % plane != 0) {
            throw new IllegalArgumentException("tensor of " + tensor.length + " floats is not CHW of " + size + "x" + size);
        }
        final float[] out = tensor.clone();
        final int x0 = start(p % cells);
        final int y0 = start(p / cells);
        final int x1 = Math.min(size, x0 + patch);
        final int y1 = Math.min(size, y0 + patch);
        for (int c = 0; c < tensor.length / plane; c++) {
            for (int y = Math.max(0, y0); y < y1; y++) {
                final int row = c * plane + y * size;
                Arrays.fill(out, row + Math.max(0, x0), row + x1, value);
            }
        }
        return out;
    }

    /** First pixel of the patch centred on cell {@code i} (may be negative: clipped by the caller). */
    private int start(final int i) {
        final double centre = (i + 0.5) * size / cells;
        return (int) Math.round(centre - patch / 2.0);
    }
}
