package io.radshift.inference.decode;

import io.radshift.fuzz.Mutator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * DICOM inputs for the decoder campaign, generated from a random description rather than only mutated: every
 * attribute the decoder reads takes valid and hostile values (sizes, bits allocated and stored, signedness,
 * photometric interpretation, samples per pixel, transfer syntax, rescale and VOI values such as NaN, Infinity, 0
 * and 1e308), in explicit or implicit VR, with nested sequences of defined and undefined length and pixel data
 * that is exact, short, long or of undefined length. Mutation then sets one element's length field to a hostile
 * value.
 */
final class DicomFuzzTarget extends ImageFuzzTarget {

    private static final String[] SYNTAXES = {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.2",
        "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.5", "", "9.9"};
    private static final String[] PHOTOMETRIC = {"MONOCHROME2", "MONOCHROME1", "RGB", "", "PALETTE COLOR"};
    private static final String[] NUMBERS = {"1", "0", "-1", "NaN", "Infinity", "-Infinity", "1e308", "-1e308", "4.9e-324",
        "2048\\1024", "abc", "", "40", "400"};
    private static final int[] SIZES = {1, 2, 3, 16, 0, 65_535, 7000};
    private static final int[] BITS = {8, 16, 12, 1, 0, 32, 255};

    DicomFuzzTarget(final ImageDecoder decoder, final DecoderLimits limits) {
        super("dicom", decoder, limits);
    }

    @Override
    public List<byte[]> seeds() {
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(new Spec(true, SYNTAXES[0], "MONOCHROME2", 16, 12, 16, 12, 0, 1, null, null, null, 0, Pixels.EXACT).bytes());
        seeds.add(new Spec(false, SYNTAXES[1], "MONOCHROME1", 8, 8, 8, 8, 0, 1, "1", "0", "128\\64", 1, Pixels.EXACT).bytes());
        seeds.add(new Spec(true, SYNTAXES[0], "MONOCHROME2", 4, 4, 16, 16, 1, 1, "2", "-1024", "40", 2, Pixels.EXACT).bytes());
        return seeds;
    }

    @Override
    public byte[] mutate(final Random random, final byte[] seed) {
        if (random.nextBoolean()) {
            return Spec.random(random).bytes();
        }
        final List<Integer> lengthFields = lengthFields(seed);
        if (lengthFields.isEmpty()) {
            return null;
        }
        final int at = lengthFields.get(random.nextInt(lengthFields.size()));
        final long[] hostile = {0, 1, 0xFFFFFFFFL, 0xFFFFFFF4L, 0x7FFFFFFFL, 0x80000000L, seed.length, seed.length - at};
        return Mutator.putInt(seed, at, hostile[random.nextInt(hostile.length)], false, 4);
    }

    /** Offsets of the 4-byte length fields of explicit-VR long-form elements and of every implicit-VR element. */
    private static List<Integer> lengthFields(final byte[] dicom) {
        final List<Integer> out = new ArrayList<>();
        for (int pos = 132; pos + 12 <= dicom.length; pos += 2) {
            final String vr = new String(dicom, pos + 4, 2, StandardCharsets.US_ASCII);
            if (vr.equals("OW") || vr.equals("OB") || vr.equals("SQ") || vr.equals("UN")) {
                out.add(pos + 8);
            } else if ((dicom[pos] & 0xFF) == 0x28 && dicom[pos + 1] == 0) {
                out.add(pos + 4);
            }
        }
        return out;
    }

    private enum Pixels { EXACT, SHORT, LONG, UNDEFINED }

    /** One DICOM file's description. {@code nesting} is how deep the Referenced Study Sequence nests. */
    private record Spec(boolean explicit, String syntax, String photometric, int rows, int columns, int bitsAllocated,
                        int bitsStored, int pixelRepresentation, int samplesPerPixel, String slope, String intercept,
                        String window, int nesting, Pixels pixels) {

        /** A valid description with one to three attributes changed to a random, often hostile, value. */
        static Spec random(final Random r) {
            boolean explicit = r.nextBoolean();
            String syntax = explicit ? SYNTAXES[0] : SYNTAXES[1];
            String photometric = PHOTOMETRIC[r.nextInt(2)];
            int rows = 1 + r.nextInt(16);
            int columns = 1 + r.nextInt(16);
            int bitsAllocated = r.nextBoolean() ? 8 : 16;
            int bitsStored = 1 + r.nextInt(bitsAllocated);
            int pixelRepresentation = r.nextInt(2);
            int samplesPerPixel = 1;
            String slope = r.nextBoolean() ? null : "1";
            String intercept = r.nextBoolean() ? null : "0";
            String window = r.nextBoolean() ? null : "128\\256";
            int nesting = r.nextInt(3);
            Pixels pixels = Pixels.EXACT;
            for (int changes = 1 + r.nextInt(3); changes > 0; changes--) {
                switch (r.nextInt(14)) {
                    case 0 -> explicit = !explicit;
                    case 1 -> syntax = pick(r, SYNTAXES);
                    case 2 -> photometric = pick(r, PHOTOMETRIC);
                    case 3 -> rows = SIZES[r.nextInt(SIZES.length)];
                    case 4 -> columns = SIZES[r.nextInt(SIZES.length)];
                    case 5 -> bitsAllocated = BITS[r.nextInt(BITS.length)];
                    case 6 -> bitsStored = BITS[r.nextInt(BITS.length)];
                    case 7 -> pixelRepresentation = r.nextInt(3);
                    case 8 -> samplesPerPixel = new int[] {0, 3, 4}[r.nextInt(3)];
                    case 9 -> slope = pick(r, NUMBERS);
                    case 10 -> intercept = pick(r, NUMBERS);
                    case 11 -> window = pick(r, NUMBERS) + "\\" + pick(r, NUMBERS);
                    case 12 -> nesting = new int[] {0, 1, 3, 31, 32, 33, 40}[r.nextInt(7)];
                    default -> pixels = Pixels.values()[r.nextInt(Pixels.values().length)];
                }
            }
            return new Spec(explicit, syntax, photometric, rows, columns, bitsAllocated, bitsStored, pixelRepresentation,
                    samplesPerPixel, slope, intercept, window, nesting, pixels);
        }

        private static String pick(final Random r, final String[] values) {
            return values[r.nextInt(values.length)];
        }

        byte[] bytes() {
            final Writer w = new Writer(explicit);
            w.out.writeBytes(new byte[128]);
            w.out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
            w.element(0x0002, 0x0010, "UI", text(syntax), true);
            for (int i = 0; i < nesting; i++) {
                w.openSequence();
            }
            for (int i = 0; i < nesting; i++) {
                w.closeSequence();
            }
            w.element(0x0028, 0x0002, "US", u16(samplesPerPixel), explicit);
            w.element(0x0028, 0x0004, "CS", text(photometric), explicit);
            w.element(0x0028, 0x0010, "US", u16(rows), explicit);
            w.element(0x0028, 0x0011, "US", u16(columns), explicit);
            w.element(0x0028, 0x0100, "US", u16(bitsAllocated), explicit);
            w.element(0x0028, 0x0101, "US", u16(bitsStored), explicit);
            w.element(0x0028, 0x0103, "US", u16(pixelRepresentation), explicit);
            if (window != null) {
                final String[] parts = window.split("\\\\", 2);
                w.element(0x0028, 0x1050, "DS", text(parts[0]), explicit);
                w.element(0x0028, 0x1051, "DS", text(parts.length > 1 ? parts[1] : ""), explicit);
            }
            if (intercept != null) {
                w.element(0x0028, 0x1052, "DS", text(intercept), explicit);
            }
            if (slope != null) {
                w.element(0x0028, 0x1053, "DS", text(slope), explicit);
            }
            final long needed = (long) rows * columns * Math.max(1, bitsAllocated / 8);
            final int length = (int) Math.min(1 << 16, switch (pixels) {
                case EXACT, UNDEFINED -> needed;
                case SHORT -> needed / 2;
                case LONG -> needed + 10;
            });
            final byte[] data = new byte[length];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 31);
            }
            w.pixelData(data, pixels == Pixels.UNDEFINED);
            return w.out.toByteArray();
        }
    }

    /** Writes elements in explicit or implicit VR little endian. */
    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final boolean explicit;

        Writer(final boolean explicit) {
            this.explicit = explicit;
        }

        void openSequence() {
            tag(0x0008, 0x1110);
            if (explicit) {
                out.writeBytes("SQ".getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(new byte[2]);
            }
            out.writeBytes(u32(0xFFFFFFFFL));
            tag(0xFFFE, 0xE000);
            out.writeBytes(u32(0xFFFFFFFFL));
            element(0x0008, 0x1150, "UI", text("1.2.3"), explicit);
        }

        void closeSequence() {
            tag(0xFFFE, 0xE00D);
            out.writeBytes(u32(0));
            tag(0xFFFE, 0xE0DD);
            out.writeBytes(u32(0));
        }

        void pixelData(final byte[] data, final boolean undefinedLength) {
            tag(0x7FE0, 0x0010);
            if (explicit) {
                out.writeBytes("OW".getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(new byte[2]);
            }
            out.writeBytes(u32(undefinedLength ? 0xFFFFFFFFL : data.length));
            out.writeBytes(data);
        }

        void element(final int group, final int elem, final String vr, final byte[] value, final boolean explicitVr) {
            tag(group, elem);
            if (explicitVr) {
                out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(u16(value.length));
            } else {
                out.writeBytes(u32(value.length));
            }
            out.writeBytes(value);
        }

        private void tag(final int group, final int elem) {
            out.writeBytes(u16(group));
            out.writeBytes(u16(elem));
        }
    }

    private static byte[] text(final String value) {
        final String padded = value.length() % 2 == 0 ? value : value + " ";
        return padded.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] u16(final int v) {
        return new byte[] {(byte) v, (byte) (v >> 8)};
    }

    private static byte[] u32(final long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }
}
