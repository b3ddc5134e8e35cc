package io.radshift.inference.decode;

import io.radshift.fuzz.FuzzTarget;
import java.util.List;

/**
 * What every image campaign checks: the decoder throws only {@link DecodeException}, and an image it accepts is a
 * real image within the limits: a positive size no larger than the pixel limit, one value per pixel, every value
 * finite and in [0, 1], every quality feature finite (a NaN here would become a NaN embedding and quality metric).
 */
abstract class ImageFuzzTarget implements FuzzTarget {

    private final String name;
    private final ImageDecoder decoder;
    private final DecoderLimits limits;

    ImageFuzzTarget(final String name, final ImageDecoder decoder, final DecoderLimits limits) {
        this.name = name;
        this.decoder = decoder;
        this.limits = limits;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Class<? extends Throwable>> documentedFailures() {
        return List.of(DecodeException.class);
    }

    @Override
    public String describe(final Throwable failure) {
        return failure instanceof DecodeException e ? e.reason() : null;
    }

    @Override
    public void consume(final byte[] input) throws DecodeException {
        final DecodedImage image = decoder.decode(input);
        final GreyImage grey = image.grey();
        check(grey.width() >= 1 && grey.height() >= 1, "empty image " + grey.width() + "x" + grey.height());
        check((long) grey.width() * grey.height() <= limits.maxPixels(), "image larger than the pixel limit");
        check(grey.pixels().length == grey.width() * grey.height(), "pixel count differs from the size");
        for (final float v : grey.pixels()) {
            if (!(v >= 0f && v <= 1f)) {
                throw new AssertionError("pixel value " + v + " outside [0, 1]");
            }
        }
        final var q = image.quality();
        for (final double v : new double[] {q.getMeanIntensity(), q.getContrast(), q.getSharpness(), q.getNoise(), q.getSaturatedFraction()}) {
            check(Double.isFinite(v), "quality feature " + v + " is not finite");
        }
    }

    private static void check(final boolean condition, final String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
