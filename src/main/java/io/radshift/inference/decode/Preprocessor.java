package io.radshift.inference.decode;

import io.radshift.inference.bundle.BundleManifest;

/**
 * Turns a grey image into the encoder's input: resized to {@code inputSize x inputSize} (the whole image is
 * stretched, never cropped, so no lung field is cut off; chest radiographs are close to square), replicated into
 * every input channel and normalised per channel with the bundle's mean/std, laid out CHW.
 */
public final class Preprocessor {

    private final int inputSize;
    private final int channels;
    private final double[] mean;
    private final double[] std;

    /** Creates a preprocessor; {@code mean} and {@code std} need one value per channel. */
    public Preprocessor(final int inputSize, final int channels, final double[] mean, final double[] std) {
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("need one mean and std per channel");
        }
        this.inputSize = inputSize;
        this.channels = channels;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** The preprocessing a bundle's {@code bundle.json} describes. */
    public static Preprocessor forBundle(final BundleManifest manifest) {
        return new Preprocessor(manifest.inputSize(), manifest.inputChannels(), manifest.mean(), manifest.std());
    }

    /** Number of floats produced per image ({@code C * S * S}). */
    public int tensorSize() {
        return channels * inputSize * inputSize;
    }

    /** The encoder's input width and height. */
    public int inputSize() {
        return inputSize;
    }

    /** The normalised CHW tensor of {@code image}. */
    public float[] toChw(final GreyImage image) {
        return normalise(Resampler.resize(image, inputSize, inputSize));
    }

    /** The normalised CHW tensor of an image already resized to {@code inputSize x inputSize} (row-major grey). */
    public float[] normalise(final float[] resized) {
        if (resized.length != inputSize * inputSize) {
            throw new IllegalArgumentException("expected " + inputSize + "x" + inputSize + " pixels, got " + resized.length);
        }
        final int plane = resized.length;
        final float[] out = new float[channels * plane];
        for (int c = 0; c < channels; c++) {
            final double m = mean[c];
            final double s = std[c];
            for (int i = 0; i < plane; i++) {
                out[c * plane + i] = (float) ((resized[i] - m) / s);
            }
        }
        return out;
    }
}
