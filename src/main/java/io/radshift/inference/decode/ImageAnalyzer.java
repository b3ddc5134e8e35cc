package io.radshift.inference.decode;

import io.radshift.avro.ImageQuality;

/**
 * One pass over a decoded image's rows that yields both things the model path needs: the quality features of the
 * full-resolution image ({@link QualityMeter}) and the image resized to the encoder's input ({@link RowResizer}).
 * Decoding, measuring and resizing used to take four passes over a full-size float copy; this takes one and holds
 * three rows plus the small output.
 */
public final class ImageAnalyzer {

    private ImageAnalyzer() {
    }

    /**
     * Measures and resizes {@code rows} to {@code size x size}.
     *
     * @return the resized image and the quality of the original
     */
    public static Analysis analyze(final GreyRows rows, final int size) {
        final int w = rows.width();
        final int h = rows.height();
        final QualityMeter meter = new QualityMeter(w, h, rows.bitDepth());
        final RowResizer resizer = new RowResizer(w, h, size, size);
        final float[] row = new float[w];
        for (int y = 0; y < h; y++) {
            rows.read(y, row);
            meter.accept(row);
            resizer.accept(y, row);
        }
        return new Analysis(resizer.result(), size, meter.result());
    }

    /**
     * An image measured and resized in one pass.
     *
     * @param pixels  the {@code size x size} resized image, row-major, in [0, 1]
     * @param size    its width and height
     * @param quality the features of the full-resolution image
     */
    public record Analysis(float[] pixels, int size, ImageQuality quality) {
    }
}
