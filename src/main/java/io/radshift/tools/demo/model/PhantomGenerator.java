package io.radshift.tools.demo.model;

import io.radshift.inference.decode.GreyImage;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Draws synthetic chest-X-ray-like phantoms: body outline, two dark lung fields, a bright mediastinum and spine,
 * the heart, ribs, and optionally one drawing per CheXpert finding (e.g. an enlarged heart for Cardiomegaly, a
 * costophrenic fluid level for Pleural Effusion, a small round nodule for Lung Lesion, tubes for Support Devices).
 * Anatomy varies per seed; the same seed and settings always give the same image.
 *
 * <p>The acquisition knobs ({@link Acquisition}) let the demo's hospital simulator mimic scanner changes:
 * contrast (around mid-grey), gamma, Gaussian blur and additive Gaussian noise. Bright means dense (bone).
 */
public final class PhantomGenerator {

    private static final double BACKGROUND = 0.05;
    private static final double SOFT_TISSUE = 0.45;
    private static final double LUNG = 0.2;

    /**
     * Acquisition settings.
     *
     * @param size       width and height in pixels
     * @param contrast   1 = nominal; values below 1 compress grey levels towards 0.5
     * @param gamma      exponent applied to the [0,1] intensity (1 = linear)
     * @param noiseSigma standard deviation of additive Gaussian noise, in [0,1] grey units
     * @param blurSigma  Gaussian blur sigma in pixels (0 = none)
     */
    public record Acquisition(int size, double contrast, double gamma, double noiseSigma, double blurSigma) {

        /** Validates the values. */
        public Acquisition {
            if (size < 16 || contrast <= 0 || gamma <= 0 || noiseSigma < 0 || blurSigma < 0) {
                throw new IllegalArgumentException("size >= 16, contrast > 0, gamma > 0, noise >= 0, blur >= 0 required");
            }
        }

        /** 256 px, nominal contrast and gamma, noise 0.01, blur 0.7 px. */
        public static Acquisition nominal() {
            return new Acquisition(256, 1.0, 1.0, 0.01, 0.7);
        }

        /** The same settings with another noise level. */
        public Acquisition withNoise(final double sigma) {
            return new Acquisition(size, contrast, gamma, sigma, blurSigma);
        }

        /** The same settings with another blur. */
        public Acquisition withBlur(final double sigma) {
            return new Acquisition(size, contrast, gamma, noiseSigma, sigma);
        }

        /** The same settings with another contrast and gamma. */
        public Acquisition withContrast(final double newContrast, final double newGamma) {
            return new Acquisition(size, newContrast, newGamma, noiseSigma, blurSigma);
        }
    }

    /** Renders a phantom with the given findings (CheXpert label names; "No Finding" draws nothing). */
    public GreyImage render(final Set<String> findings, final Acquisition acquisition, final long seed) {
        for (final String f : findings) {
            if (!ChexpertLabels.ALL.contains(f)) {
                throw new IllegalArgumentException("unknown finding '" + f + "' (known: " + ChexpertLabels.ALL + ")");
            }
        }
        final Random random = new Random(seed);
        final Canvas canvas = new Canvas(acquisition.size());
        final Anatomy anatomy = Anatomy.sample(random, findings);
        anatomy.draw(canvas, random);
        PhantomFindings.draw(canvas, anatomy, findings, random);
        return new GreyImage(canvas.size, canvas.size, acquire(canvas, acquisition, random), 8);
    }

    /** Renders a phantom and encodes it as an 8-bit greyscale PNG. */
    public byte[] png(final Set<String> findings, final Acquisition acquisition, final long seed) {
        return toPng(render(findings, acquisition, seed));
    }

    /** Encodes a [0,1] grey image as an 8-bit greyscale PNG. */
    public static byte[] toPng(final GreyImage image) {
        final BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        final WritableRaster raster = out.getRaster();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                raster.setSample(x, y, 0, Math.round(image.get(x, y) * 255f));
            }
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(out, "png", bytes);
        } catch (final IOException e) {
            throw new UncheckedIOException("PNG encoding into memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** Applies the acquisition: contrast, gamma, blur, noise, quantisation to 8 bits. */
    private static float[] acquire(final Canvas canvas, final Acquisition a, final Random random) {
        final float[] p = canvas.pixels;
        for (int i = 0; i < p.length; i++) {
            final double c = Math.min(1, Math.max(0, 0.5 + a.contrast() * (p[i] - 0.5)));
            p[i] = (float) (a.gamma() == 1.0 ? c : Math.pow(c, a.gamma()));
        }
        final float[] blurred = a.blurSigma() > 0 ? GaussianBlur.blur(p, canvas.size, canvas.size, a.blurSigma()) : p;
        for (int i = 0; i < blurred.length; i++) {
            final double noisy = blurred[i] + random.nextGaussian() * a.noiseSigma();
            blurred[i] = Math.round(Math.min(1, Math.max(0, noisy)) * 255) / 255f;
        }
        return blurred;
    }

    /** A square float canvas in normalised coordinates (0..1 on both axes). */
    static final class Canvas {
        final int size;
        final float[] pixels;

        Canvas(final int size) {
            this.size = size;
            this.pixels = new float[size * size];
            java.util.Arrays.fill(pixels, (float) BACKGROUND);
        }

        /** Sets pixels inside the ellipse to {@code value}. */
        void fillEllipse(final double cx, final double cy, final double rx, final double ry, final double value) {
            forEach(cx - rx, cy - ry, cx + rx, cy + ry, (x, y, i) -> {
                if (sq((x - cx) / rx) + sq((y - cy) / ry) <= 1) {
                    pixels[i] = (float) value;
                }
            });
        }

        /** Adds a Gaussian blob of peak {@code amount}, cut off at 3 sigma. */
        void addBlob(final double cx, final double cy, final double sigma, final double amount) {
            forEach(cx - 3 * sigma, cy - 3 * sigma, cx + 3 * sigma, cy + 3 * sigma, (x, y, i) -> {
                final double d2 = sq(x - cx) + sq(y - cy);
                if (d2 < 9 * sigma * sigma) {
                    pixels[i] += (float) (amount * Math.exp(-d2 / (2 * sigma * sigma)));
                }
            });
        }

        /** Adds {@code amount} within distance {@code halfWidth} of the segment (x0,y0)-(x1,y1). */
        void addLine(final double x0, final double y0, final double x1, final double y1, final double halfWidth, final double amount) {
            final double dx = x1 - x0;
            final double dy = y1 - y0;
            final double len2 = dx * dx + dy * dy;
            forEach(Math.min(x0, x1) - halfWidth, Math.min(y0, y1) - halfWidth, Math.max(x0, x1) + halfWidth,
                    Math.max(y0, y1) + halfWidth, (x, y, i) -> {
                final double t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / len2));
                if (sq(x - x0 - t * dx) + sq(y - y0 - t * dy) <= halfWidth * halfWidth) {
                    pixels[i] += (float) amount;
                }
            });
        }

        /** Visits the pixels whose centres may lie in the box [x0,x1] x [y0,y1] (normalised coordinates). */
        void forEach(final double x0, final double y0, final double x1, final double y1, final PixelVisitor visitor) {
            final int pxStart = Math.max(0, (int) Math.floor(x0 * size));
            final int pxEnd = Math.min(size - 1, (int) Math.ceil(x1 * size));
            final int pyStart = Math.max(0, (int) Math.floor(y0 * size));
            final int pyEnd = Math.min(size - 1, (int) Math.ceil(y1 * size));
            for (int py = pyStart; py <= pyEnd; py++) {
                final double y = (py + 0.5) / size;
                for (int px = pxStart; px <= pxEnd; px++) {
                    visitor.visit((px + 0.5) / size, y, py * size + px);
                }
            }
        }

        private static double sq(final double v) {
            return v * v;
        }
    }

    /** Visits one pixel in normalised coordinates. */
    @FunctionalInterface
    interface PixelVisitor {
        void visit(double x, double y, int index);
    }

    /** Per-patient anatomy: positions and sizes jittered by the seed. */
    record Anatomy(double lungRx, double lungRy, double lungCy, double leftCx, double rightCx, double heartRx,
                   double heartRy, double mediastinumHalfWidth) {

        static Anatomy sample(final Random r, final Set<String> findings) {
            final double heartScale = findings.contains("Cardiomegaly") ? 1.45 : 1.0;
            final double mediastinumScale = findings.contains("Enlarged Cardiomediastinum") ? 1.8 : 1.0;
            return new Anatomy(0.15 + 0.015 * r.nextGaussian(), 0.29 + 0.02 * r.nextGaussian(), 0.5 + 0.015 * r.nextGaussian(),
                    0.31 + 0.01 * r.nextGaussian(), 0.69 + 0.01 * r.nextGaussian(),
                    0.12 * heartScale * (1 + 0.05 * r.nextGaussian()), 0.1 * heartScale * (1 + 0.05 * r.nextGaussian()),
                    0.045 * mediastinumScale);
        }

        void draw(final Canvas c, final Random r) {
            c.fillEllipse(0.5, 0.56, 0.46, 0.5, SOFT_TISSUE);
            c.fillEllipse(leftCx, lungCy, lungRx, lungRy, LUNG);
            c.fillEllipse(rightCx, lungCy, lungRx, lungRy, LUNG);
            c.fillEllipse(0.5, 0.42, mediastinumHalfWidth, 0.22, 0.62);
            c.addLine(0.5, 0.05, 0.5, 0.98, 0.025, 0.2);
            c.fillEllipse(0.56, lungCy + 0.12, heartRx, heartRy, 0.6);
            final double ribSpacing = 0.055 + 0.004 * r.nextGaussian();
            for (int rib = 0; rib < 9; rib++) {
                final double y = lungCy - lungRy + 0.02 + rib * ribSpacing;
                c.addLine(0.12, y + 0.05, 0.45, y, 0.008, 0.14);
                c.addLine(0.55, y, 0.88, y + 0.05, 0.008, 0.14);
            }
        }
    }
}
