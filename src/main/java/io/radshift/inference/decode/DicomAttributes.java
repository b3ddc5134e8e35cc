package io.radshift.inference.decode;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/** The image attributes {@link DicomDecoder} collects, and their conversion of the pixel data to grey. */
final class DicomAttributes {

    /** The defined Photometric Interpretation terms (PS3.3 C.7.6.3.1.2), the only values a message may quote. */
    private static final Set<String> KNOWN_PHOTOMETRICS = Set.of("MONOCHROME1", "MONOCHROME2", "PALETTE COLOR", "RGB",
            "YBR_FULL", "YBR_FULL_422", "YBR_PARTIAL_422", "YBR_PARTIAL_420", "YBR_ICT", "YBR_RCT");

    private int rows;
    private int columns;
    private int samplesPerPixel = 1;
    private int bitsAllocated;
    private int bitsStored;
    private int pixelRepresentation;
    private String photometric = "";
    private double slope = 1;
    private double intercept;
    private double windowCenter = Double.NaN;
    private double windowWidth = Double.NaN;
    long pixelLength;

    /** Records the value of a top-level element this decoder uses; other elements are ignored. */
    void accept(final int tag, final byte[] bytes, final int at, final int length) {
        switch (tag) {
            case 0x00280002 -> samplesPerPixel = u16(bytes, at);
            case 0x00280004 -> photometric = text(bytes, at, length);
            case 0x00280010 -> rows = u16(bytes, at);
            case 0x00280011 -> columns = u16(bytes, at);
            case 0x00280100 -> bitsAllocated = u16(bytes, at);
            case 0x00280101 -> bitsStored = u16(bytes, at);
            case 0x00280103 -> pixelRepresentation = u16(bytes, at);
            case 0x00281050 -> windowCenter = firstNumber(bytes, at, length, Double.NaN);
            case 0x00281051 -> windowWidth = firstNumber(bytes, at, length, Double.NaN);
            case 0x00281052 -> intercept = firstNumber(bytes, at, length, 0);
            case 0x00281053 -> slope = firstNumber(bytes, at, length, 1);
            default -> { }
        }
    }

    GreyImage toImage(final byte[] bytes, final int offset, final DecoderLimits limits, final DecodeBudget budget)
            throws DecodeException {
        RasterDecoder.checkDeclaredSize(columns, rows, limits);
        final long decodedBytes = (long) rows * columns * Float.BYTES;
        limits.checkDecodedBytes(columns, rows, decodedBytes);
        try (DecodeBudget.Lease lease = budget.acquire(decodedBytes)) {
            return convert(bytes, offset);
        }
    }

    private GreyImage convert(final byte[] bytes, final int offset) throws DecodeException {
        if (samplesPerPixel != 1 || !(photometric.equals("MONOCHROME1") || photometric.equals("MONOCHROME2"))) {
            // Only a known code is quoted: the element could hold any text, and header text never reaches a log line.
            final String quoted = KNOWN_PHOTOMETRICS.contains(photometric) ? photometric : "photometric interpretation of "
                    + photometric.length() + " characters";
            throw new DecodeException(DecodeException.DICOM_UNSUPPORTED, "DICOM " + quoted + " with " + samplesPerPixel
                    + " samples per pixel is not supported (MONOCHROME1/2 only)");
        }
        if (bitsAllocated != 8 && bitsAllocated != 16 || bitsStored < 1 || bitsStored > bitsAllocated) {
            throw new DecodeException(DecodeException.DICOM_UNSUPPORTED, "DICOM with " + bitsAllocated + " bits allocated and "
                    + bitsStored + " stored is not supported");
        }
        final int bytesPerSample = bitsAllocated / 8;
        final long needed = (long) rows * columns * bytesPerSample;
        if (pixelLength < needed || offset + needed > bytes.length) {
            throw new DecodeException(DecodeException.CORRUPT, "DICOM pixel data holds " + Math.min(pixelLength, bytes.length - offset)
                    + " bytes, " + rows + "x" + columns + " pixels need " + needed);
        }
        if (slope == 0) {
            throw new DecodeException(DecodeException.CORRUPT, "DICOM rescale slope is 0 (every pixel would have the same value)");
        }
        final float[] out = new float[rows * columns];
        for (int i = 0; i < out.length; i++) {
            final int raw = bytesPerSample == 1 ? bytes[offset + i] & 0xFF
                    : (bytes[offset + 2 * i] & 0xFF) | (bytes[offset + 2 * i + 1] & 0xFF) << 8;
            final double grey = grey(slope * stored(raw) + intercept);
            if (Double.isNaN(grey)) {
                // Extreme rescale or VOI values (e.g. 1e308) overflow; a NaN pixel would become a NaN embedding.
                throw new DecodeException(DecodeException.CORRUPT, "DICOM rescale and window values give no usable grey level");
            }
            out[i] = (float) Math.min(1, Math.max(0, grey));
        }
        final GreyImage image = new GreyImage(columns, rows, out, bitsStored);
        return photometric.equals("MONOCHROME1") ? image.inverted() : image;
    }

    /** The stored value: masked to Bits Stored, sign-extended for signed data. */
    private int stored(final int raw) {
        final int masked = raw & ((1 << bitsStored) - 1);
        if (pixelRepresentation == 1 && (masked & 1 << (bitsStored - 1)) != 0) {
            return masked - (1 << bitsStored);
        }
        return masked;
    }

    /** Maps a modality value to [0, 1] with the VOI window, or else with the stored range. */
    private double grey(final double value) {
        if (windowWidth >= 1) {
            final double lower = windowCenter - 0.5 - (windowWidth - 1) / 2;
            final double upper = windowCenter - 0.5 + (windowWidth - 1) / 2;
            if (value <= lower) {
                return 0;
            }
            if (value > upper) {
                return 1;
            }
            return (value - (windowCenter - 0.5)) / (windowWidth - 1) + 0.5;
        }
        final double min = slope * (pixelRepresentation == 1 ? -(1 << (bitsStored - 1)) : 0) + intercept;
        final double max = slope * (pixelRepresentation == 1 ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1) + intercept;
        return Math.min(1, Math.max(0, (value - min) / (max - min)));
    }

    private static int u16(final byte[] b, final int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static String text(final byte[] b, final int at, final int length) {
        return new String(b, at, length, StandardCharsets.US_ASCII).replace("\0", "").trim();
    }

    private static double firstNumber(final byte[] b, final int at, final int length, final double fallback) {
        final String value = text(b, at, length).split("\\\\")[0].trim();
        try {
            final double parsed = value.isEmpty() ? fallback : Double.parseDouble(value);
            // A decimal string (DS) is finite; Java also parses "NaN" and "Infinity", which DICOM does not allow.
            return Double.isFinite(parsed) ? parsed : fallback;
        } catch (final NumberFormatException e) {
            return fallback;
        }
    }
}
