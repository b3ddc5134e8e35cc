package io.radshift.report.explain;

import io.radshift.offline.explain.OcclusionMap;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws an {@link OcclusionMap} as a heat map blended on the grey image and writes PNGs with {@code javax.imageio}.
 * The map is interpolated bilinearly between cell centres; red where greying the region out lowered the output (the
 * region raises it), blue where it raised it, more opaque the larger the change, on a symmetric scale from
 * {@code -max} to {@code +max} of that map ({@link #colour}, which the page's legend draws too).
 */
public final class HeatOverlay {

    /** Side of the written images in pixels at least (small model inputs are enlarged, pixels kept square). */
    static final int MIN_SIDE = 320;
    /** Opacity of the heat colour at the largest change. */
    static final double MAX_ALPHA = 0.7;

    private HeatOverlay() {
    }

    /** The enlargement of a {@code size}-pixel model input. */
    static int scale(final int size) {
        return Math.max(1, (MIN_SIDE + size - 1) / size);
    }

    /** The grey image alone, enlarged. */
    public static BufferedImage grey(final float[] grey, final int size) {
        final int scale = scale(size);
        final BufferedImage out = new BufferedImage(size * scale, size * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                final int g = Math.round(255 * grey[(y / scale) * size + x / scale]);
                out.setRGB(x, y, g << 16 | g << 8 | g);
            }
        }
        return out;
    }

    /** The grey image, enlarged, with {@code map} blended on it. */
    public static BufferedImage overlay(final float[] grey, final int size, final OcclusionMap map) {
        final BufferedImage out = grey(grey, size);
        final double max = map.maxAbsChange();
        if (max == 0) {
            return out;
        }
        final int side = out.getWidth();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                final double value = interpolate(map, (x + 0.5) / side, (y + 0.5) / side) / max;
                out.setRGB(x, y, blend(out.getRGB(x, y) & 0xFF, value));
            }
        }
        return out;
    }

    /** The map's value at fractional position (u, v) of the image, bilinear between cell centres. */
    static double interpolate(final OcclusionMap map, final double u, final double v) {
        final int n = map.cells();
        final double gx = Math.min(n - 1, Math.max(0, u * n - 0.5));
        final double gy = Math.min(n - 1, Math.max(0, v * n - 0.5));
        final int x0 = (int) Math.floor(gx);
        final int y0 = (int) Math.floor(gy);
        final int x1 = Math.min(n - 1, x0 + 1);
        final int y1 = Math.min(n - 1, y0 + 1);
        final double fx = gx - x0;
        final double fy = gy - y0;
        final double top = map.at(x0, y0) * (1 - fx) + map.at(x1, y0) * fx;
        final double bottom = map.at(x0, y1) * (1 - fx) + map.at(x1, y1) * fx;
        return top * (1 - fy) + bottom * fy;
    }

    /** The heat colour of a scaled value in [-1, 1] as RGB: red for positive, blue for negative. */
    static int colour(final double value) {
        return value >= 0 ? 0xE0 << 16 | 0x20 << 8 | 0x10 : 0x10 << 16 | 0x50 << 8 | 0xF0;
    }

    /** A grey level with the heat colour of {@code value} (in [-1, 1]) over it, opacity growing with |value|. */
    static int blend(final int grey, final double value) {
        final double alpha = MAX_ALPHA * Math.min(1, Math.abs(value));
        final int colour = colour(value);
        final int r = (int) Math.round(grey * (1 - alpha) + (colour >> 16 & 0xFF) * alpha);
        final int g = (int) Math.round(grey * (1 - alpha) + (colour >> 8 & 0xFF) * alpha);
        final int b = (int) Math.round(grey * (1 - alpha) + (colour & 0xFF) * alpha);
        return r << 16 | g << 8 | b;
    }

    /** Writes {@code image} as a PNG. */
    public static void write(final BufferedImage image, final Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this Java runtime");
        }
    }
}
