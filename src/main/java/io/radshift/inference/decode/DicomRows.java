package io.radshift.inference.decode;

/**
 * The rows of uncompressed little-endian DICOM pixel data, each raw sample mapped to grey through a lookup table
 * that {@link DicomAttributes} built from the rescale and VOI window.
 */
final class DicomRows implements GreyRows {

    private final byte[] bytes;
    private final int offset;
    private final int width;
    private final int height;
    private final int bytesPerSample;
    private final int bitsStored;
    private final float[] table;

    DicomRows(final byte[] bytes, final int offset, final int width, final int height, final int bytesPerSample,
              final int bitsStored, final float[] table) {
        this.bytes = bytes;
        this.offset = offset;
        this.width = width;
        this.height = height;
        this.bytesPerSample = bytesPerSample;
        this.bitsStored = bitsStored;
        this.table = table;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int bitDepth() {
        return bitsStored;
    }

    @Override
    public void read(final int y, final float[] out) {
        if (bytesPerSample == 1) {
            final int start = offset + y * width;
            for (int x = 0; x < width; x++) {
                out[x] = table[bytes[start + x] & 0xFF];
            }
            return;
        }
        final int start = offset + 2 * y * width;
        for (int x = 0, i = start; x < width; x++, i += 2) {
            out[x] = table[(bytes[i] & 0xFF) | (bytes[i + 1] & 0xFF) << 8];
        }
    }
}
