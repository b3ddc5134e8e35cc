package io.radshift.tools.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A synthetic acquisition change applied to a real image before scoring, to measure detection power where real
 * other-hospital data is too scarce or too different: additive Gaussian noise, Gaussian blur, a contrast/gamma
 * change, JPEG recompression, or none (a lossless re-encode, the control: its "power" must stay at the
 * false-alarm rate). Pixel operations act on grey levels in [0, 1]; noise is seeded per image file so every
 * run shifts the same image the same way.
 *
 * @param name short name for tables
 * @param kind the operation
 * @param amount noise sigma, blur sigma (pixels), gamma, or JPEG quality in (0, 1]
 * @param contrast contrast factor around mid-grey (only for {@link Kind#GAMMA_CONTRAST})
 */
public record AcquisitionShift(String name, Kind kind, double amount, double contrast) {

    /** The operation of a shift. */
    public enum Kind { NONE, NOISE, BLUR, GAMMA_CONTRAST, JPEG }

    /** The lossless re-encode control. */
    public static AcquisitionShift none() {
        return new AcquisitionShift("re-encode (control)", Kind.NONE, 0, 1);
    }

    /** Additive Gaussian noise with standard deviation {@code sigma} on [0, 1] grey levels. */
    public static AcquisitionShift noise(final double sigma) {
        return new AcquisitionShift("noise sd " + sigma, Kind.NOISE, sigma, 1);
    }

    /** Gaussian blur with standard deviation {@code sigma} pixels. */
    public static AcquisitionShift blur(final double sigma) {
        return new AcquisitionShift("blur sd " + sigma + "px", Kind.BLUR, sigma, 1);
    }

    /** {@code v -> 0.5 + contrast (v^gamma - 0.5)}, clamped to [0, 1]. */
    public static AcquisitionShift gammaContrast(final double gamma, final double contrast) {
        return new AcquisitionShift("gamma " + gamma + " contrast " + contrast, Kind.GAMMA_CONTRAST, gamma, contrast);
    }

    /** JPEG recompression at quality {@code quality} in (0, 1]. */
    public static AcquisitionShift jpeg(final double quality) {
        return new AcquisitionShift("JPEG q" + Math.round(quality * 100), Kind.JPEG, quality, 1);
    }

    /** Reads {@code source}, applies the shift and writes the result into {@code targetDir}; returns the file. */
    public Path apply(final Path source, final Path targetDir) throws IOException {
        final BufferedImage image = ImageIO.read(source.toFile());
        if (image == null) {
            throw new IOException("unreadable image " + source.getFileName());
        }
        final String stem = source.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        final double[][] grey = grey(image);
        final long seed = Arrays.hashCode(source.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        final BufferedImage shifted = toImage(switch (kind) {
            case NONE, JPEG -> grey;
            case NOISE -> noise(grey, amount, seed);
            case BLUR -> blur(grey, amount);
            case GAMMA_CONTRAST -> gammaContrast(grey, amount, contrast);
        });
        if (kind == Kind.JPEG) {
            final Path target = targetDir.resolve(stem + ".jpg");
            writeJpeg(shifted, target, (float) amount);
            return target;
        }
        final Path target = targetDir.resolve(stem + ".png");
        ImageIO.write(shifted, "png", target.toFile());
        return target;
    }

    static double[][] grey(final BufferedImage image) {
        final double[][] grey = new double[image.getHeight()][image.getWidth()];
        final var raster = image.getRaster();
        final boolean single = raster.getNumBands() == 1;
        final double max = (1 << image.getColorModel().getComponentSize(0)) - 1;
        for (int y = 0; y < grey.length; y++) {
            for (int x = 0; x < grey[y].length; x++) {
                if (single) {
                    grey[y][x] = raster.getSample(x, y, 0) / max;
                } else {
                    final int rgb = image.getRGB(x, y);
                    grey[y][x] = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / (3 * 255.0);
                }
            }
        }
        return grey;
    }

    static double[][] noise(final double[][] grey, final double sigma, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final double[][] out = new double[grey.length][];
        for (int y = 0; y < grey.length; y++) {
            out[y] = new double[grey[y].length];
            for (int x = 0; x < grey[y].length; x++) {
                out[y][x] = clamp(grey[y][x] + sigma * gaussian(random));
            }
        }
        return out;
    }

    private static double gaussian(final SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        final double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Separable Gaussian blur, kernel radius 3 sigma, edges clamped. */
    static double[][] blur(final double[][] grey, final double sigma) {
        final int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        final double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        return convolveColumns(convolveRows(grey, kernel, radius), kernel, radius);
    }

    private static double[][] convolveRows(final double[][] in, final double[] kernel, final int radius) {
        final double[][] out = new double[in.length][];
        for (int y = 0; y < in.length; y++) {
            final int w = in[y].length;
            out[y] = new double[w];
            for (int x = 0; x < w; x++) {
                double v = 0;
                for (int k = -radius; k <= radius; k++) {
                    v += kernel[k + radius] * in[y][Math.min(w - 1, Math.max(0, x + k))];
                }
                out[y][x] = v;
            }
        }
        return out;
    }

    private static double[][] convolveColumns(final double[][] in, final double[] kernel, final int radius) {
        final int h = in.length;
        final double[][] out = new double[h][];
        for (int y = 0; y < h; y++) {
            out[y] = new double[in[y].length];
            for (int x = 0; x < in[y].length; x++) {
                double v = 0;
                for (int k = -radius; k <= radius; k++) {
                    v += kernel[k + radius] * in[Math.min(h - 1, Math.max(0, y + k))][x];
                }
                out[y][x] = v;
            }
        }
        return out;
    }

    static double[][] gammaContrast(final double[][] grey, final double gamma, final double contrast) {
        final double[][] out = new double[grey.length][];
        for (int y = 0; y < grey.length; y++) {
            out[y] = new double[grey[y].length];
            for (int x = 0; x < grey[y].length; x++) {
                out[y][x] = clamp(0.5 + contrast * (Math.pow(grey[y][x], gamma) - 0.5));
            }
        }
        return out;
    }

    private static double clamp(final double v) {
        return Math.min(1, Math.max(0, v));
    }

    private static BufferedImage toImage(final double[][] grey) {
        final BufferedImage image = new BufferedImage(grey[0].length, grey.length, BufferedImage.TYPE_BYTE_GRAY);
        final var raster = image.getRaster();
        for (int y = 0; y < grey.length; y++) {
            for (int x = 0; x < grey[y].length; x++) {
                raster.setSample(x, y, 0, (int) Math.round(clamp(grey[y][x]) * 255));
            }
        }
        return image;
    }

    private static void writeJpeg(final BufferedImage image, final Path target, final float quality)
        throws IOException {
        final Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        final ImageWriter writer = writers.next();
        final ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(target))) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
