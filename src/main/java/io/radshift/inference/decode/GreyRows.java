package io.radshift.inference.decode;

/**
 * A grey image read one row at a time, top to bottom, as values in [0, 1] (after any MONOCHROME1 inversion).
 * Decoders hand out rows instead of a full-size float image, so that quality measurement and resizing run in one
 * pass over the decoded pixels and never hold a second full-size copy of a 3,000 px radiograph.
 *
 * <p>Rows must be read in increasing order, each at most once; an implementation may rely on it.
 */
public interface GreyRows {

    /** What a caller does with the rows while the decoder still holds the decoded pixels. */
    @FunctionalInterface
    interface Use<T> {
        /** Reads {@code rows} (in order) and returns the result. */
        T apply(GreyRows rows) throws DecodeException;
    }

    /** Width in pixels. */
    int width();

    /** Height in pixels. */
    int height();

    /** Bits per sample of the source. */
    int bitDepth();

    /** Writes row {@code y} into the first {@link #width()} entries of {@code out}. */
    void read(int y, float[] out);

    /** All rows as one {@link GreyImage} (a full-size copy: for callers that need random access). */
    default GreyImage toImage() {
        final int w = width();
        final float[] pixels = new float[w * height()];
        final float[] row = new float[w];
        for (int y = 0; y < height(); y++) {
            read(y, row);
            System.arraycopy(row, 0, pixels, y * w, w);
        }
        return new GreyImage(w, height(), pixels, bitDepth());
    }

    /** These rows with {@code v -> 1 - v}, for MONOCHROME1 (where high values mean low signal). */
    default GreyRows inverted() {
        final GreyRows source = this;
        return new GreyRows() {
            @Override
            public int width() {
                return source.width();
            }

            @Override
            public int height() {
                return source.height();
            }

            @Override
            public int bitDepth() {
                return source.bitDepth();
            }

            @Override
            public void read(final int y, final float[] out) {
                source.read(y, out);
                for (int x = 0; x < source.width(); x++) {
                    out[x] = 1f - out[x];
                }
            }
        };
    }
}
