package io.radshift.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcquisitionShiftTest {

    @TempDir
    Path dir;

    private Path gradient() throws IOException {
        final BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.getRaster().setSample(x, y, 0, (x * 4 + ((x / 8 + y / 8) % 2) * 60) % 256);
            }
        }
        final Path file = dir.resolve("source.png");
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static double[][] read(final Path file) throws IOException {
        return AcquisitionShift.grey(ImageIO.read(file.toFile()));
    }

    @Test
    void theControlKeepsEveryPixel() throws IOException {
        final Path source = gradient();
        final Path out = AcquisitionShift.none().apply(source, Files.createDirectories(dir.resolve("none")));
        assertThat(read(out)).isDeepEqualTo(read(source));
    }

    @Test
    void gammaContrastFollowsItsFormula() {
        final double[][] out = AcquisitionShift.gammaContrast(new double[][] {{0.25, 1.0}}, 2.0, 0.5);
        assertThat(out[0][0]).isCloseTo(0.5 + 0.5 * (0.0625 - 0.5), within(1e-12));
        assertThat(out[0][1]).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void blurKeepsAConstantImageAndSmoothsAnEdge() {
        final double[][] constant = AcquisitionShift.blur(new double[][] {{0.4, 0.4, 0.4}, {0.4, 0.4, 0.4}}, 1.0);
        assertThat(constant[1][1]).isCloseTo(0.4, within(1e-12));
        final double[][] edge = new double[1][10];
        for (int x = 5; x < 10; x++) {
            edge[0][x] = 1;
        }
        final double[][] blurred = AcquisitionShift.blur(edge, 1.0);
        assertThat(blurred[0][4]).isBetween(0.2, 0.5);
        assertThat(blurred[0][5]).isBetween(0.5, 0.8);
    }

    @Test
    void noiseHasTheRequestedSpreadAndIsReproducible() {
        final double[][] flat = new double[100][100];
        for (final double[] row : flat) {
            java.util.Arrays.fill(row, 0.5);
        }
        final double[][] a = AcquisitionShift.noise(flat, 0.05, 9);
        double sum = 0;
        double sumSq = 0;
        for (final double[] row : a) {
            for (final double v : row) {
                sum += v;
                sumSq += v * v;
            }
        }
        final double mean = sum / 10_000;
        assertThat(mean).isCloseTo(0.5, within(0.003));
        assertThat(Math.sqrt(sumSq / 10_000 - mean * mean)).isCloseTo(0.05, within(0.003));
        assertThat(AcquisitionShift.noise(flat, 0.05, 9)).isDeepEqualTo(a);
    }

    @Test
    void jpegRecompressionWritesALossyButCloseImage() throws IOException {
        final Path source = gradient();
        final Path out = AcquisitionShift.jpeg(0.25).apply(source, Files.createDirectories(dir.resolve("jpeg")));
        assertThat(out.getFileName().toString()).endsWith(".jpg");
        final double[][] a = read(source);
        final double[][] b = read(out);
        double error = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                error += Math.abs(a[y][x] - b[y][x]) / 4096;
            }
        }
        assertThat(error).isBetween(0.001, 0.1);
    }
}
