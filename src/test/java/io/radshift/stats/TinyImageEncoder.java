package io.radshift.stats;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A deliberately simple, fixed image encoder for validating the statistics on real X-rays without a neural
 * network: grey 32x32 box-downsample -> 16x16 box-downsample, per-image standardisation, a fixed Gaussian
 * random projection to 64 dimensions, L2 normalisation. Also computes the six quality features on the 32x32
 * grey image. It is a test instrument, not a model.
 */
final class TinyImageEncoder {

    static final int DIMENSION = 64;
    private static final int SIDE = 32;
    private final double[][] projection = new double[DIMENSION][16 * 16];
    private final double[][] labelDirections = new double[2][DIMENSION];

    TinyImageEncoder(final long seed) {
        final Random random = new Random(seed);
        for (final double[] row : projection) {
            for (int i = 0; i < row.length; i++) {
                row[i] = random.nextGaussian();
            }
        }
        for (final double[] direction : labelDirections) {
            for (int i = 0; i < direction.length; i++) {
                direction[i] = random.nextGaussian() / Math.sqrt(DIMENSION);
            }
        }
    }

    /** Encoded image: embedding, two label scores and quality features. */
    record Encoded(float[] embedding, float[] scores, double[] quality) {
    }

    Encoded encode(final Path file, final int originalMinSide) throws IOException {
        final BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("unreadable image " + file.getFileName());
        }
        final double[][] grey = boxResize(greyscale(image), SIDE);
        final double[][] small = boxResize(grey, 16);
        final float[] embedding = embed(small);
        final float[] scores = new float[labelDirections.length];
        for (int l = 0; l < scores.length; l++) {
            double dot = 0;
            for (int i = 0; i < DIMENSION; i++) {
                dot += labelDirections[l][i] * embedding[i];
            }
            scores[l] = (float) (1 / (1 + Math.exp(-12 * dot)));
        }
        return new Encoded(embedding, scores, quality(grey, originalMinSide));
    }

    private static double[][] greyscale(final BufferedImage image) {
        final double[][] grey = new double[image.getHeight()][image.getWidth()];
        for (int y = 0; y < grey.length; y++) {
            for (int x = 0; x < grey[y].length; x++) {
                final int rgb = image.getRGB(x, y);
                grey[y][x] = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / (3 * 255.0);
            }
        }
        return grey;
    }

    private static double[][] boxResize(final double[][] in, final int side) {
        final double[][] out = new double[side][side];
        final int[][] counts = new int[side][side];
        for (int y = 0; y < in.length; y++) {
            for (int x = 0; x < in[y].length; x++) {
                final int oy = (int) ((long) y * side / in.length);
                final int ox = (int) ((long) x * side / in[y].length);
                out[oy][ox] += in[y][x];
                counts[oy][ox]++;
            }
        }
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                out[y][x] /= Math.max(1, counts[y][x]);
            }
        }
        return out;
    }

    private float[] embed(final double[][] small) {
        final double[] pixels = new double[16 * 16];
        double mean = 0;
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = small[i / 16][i % 16];
            mean += pixels[i] / pixels.length;
        }
        double variance = 0;
        for (final double p : pixels) {
            variance += (p - mean) * (p - mean) / pixels.length;
        }
        final double sd = Math.sqrt(variance) + 1e-6;
        final double[] z = new double[DIMENSION];
        double norm = 0;
        for (int k = 0; k < DIMENSION; k++) {
            for (int i = 0; i < pixels.length; i++) {
                z[k] += projection[k][i] * (pixels[i] - mean) / sd;
            }
            norm += z[k] * z[k];
        }
        final float[] out = new float[DIMENSION];
        for (int k = 0; k < DIMENSION; k++) {
            out[k] = (float) (z[k] / Math.sqrt(norm));
        }
        return out;
    }

    private static double[] quality(final double[][] g, final int originalMinSide) {
        double sum = 0;
        double sumSq = 0;
        double laplacian = 0;
        double residual = 0;
        int saturated = 0;
        int inner = 0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                sum += g[y][x];
                sumSq += g[y][x] * g[y][x];
                saturated += g[y][x] > 0.98 || g[y][x] < 0.02 ? 1 : 0;
                if (y > 0 && x > 0 && y < SIDE - 1 && x < SIDE - 1) {
                    final double neighbours = g[y - 1][x] + g[y + 1][x] + g[y][x - 1] + g[y][x + 1];
                    laplacian += Math.abs(neighbours - 4 * g[y][x]);
                    residual += Math.abs(g[y][x] - g[y][x + 1]);
                    inner++;
                }
            }
        }
        final int n = SIDE * SIDE;
        final double mean = sum / n;
        return new double[] {mean, Math.sqrt(Math.max(0, sumSq / n - mean * mean)), laplacian / inner,
            residual / inner, (double) saturated / n, Math.log(originalMinSide) / Math.log(2)};
    }
}
