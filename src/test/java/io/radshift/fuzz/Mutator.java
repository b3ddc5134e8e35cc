package io.radshift.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded byte-level mutations of a valid input, in the style of AFL's havoc stage: bit flips, interesting byte,
 * 16-bit and 32-bit values (lengths that wrap, sign bits, maxima), block deletion, duplication and insertion,
 * truncation and splicing with another seed. Structure-aware mutations of one format come from a
 * {@link FuzzTarget}; this class only knows bytes. Deterministic for a given {@link Random}.
 */
public final class Mutator {

    /** Values that break length and size arithmetic: zero, one, sign bits, maxima, 0xFFFFFFF4 (wraps to -12). */
    static final long[] INTERESTING = {0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFFL,
        0x80000000L, 0xFFFFFFF4L, 0xFFFFFFFFL, 65_535, 100_000, 7000, 1 << 20};

    private Mutator() {
    }

    /** One to four stacked byte mutations of {@code input} (never modified), splicing with {@code seeds}. */
    public static byte[] havoc(final Random random, final byte[] input, final List<byte[]> seeds) {
        byte[] out = input.clone();
        final int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            out = once(random, out, seeds);
        }
        return out;
    }

    private static byte[] once(final Random random, final byte[] in, final List<byte[]> seeds) {
        if (in.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        final int at = random.nextInt(in.length);
        final byte[] out = in.clone();
        switch (random.nextInt(10)) {
            case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> out[at] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
            case 2 -> out[at] = (byte) random.nextInt(256);
            case 3 -> {
                return putInt(out, at, INTERESTING[random.nextInt(INTERESTING.length)], random.nextBoolean(), 2);
            }
            case 4 -> {
                return putInt(out, at, INTERESTING[random.nextInt(INTERESTING.length)], random.nextBoolean(), 4);
            }
            case 5 -> {
                return truncate(in, at);
            }
            case 6 -> {
                return delete(in, at, 1 + random.nextInt(Math.max(1, Math.min(64, in.length - at))));
            }
            case 7 -> {
                final int length = 1 + random.nextInt(Math.min(64, in.length - at));
                return insert(in, random.nextInt(in.length + 1), Arrays.copyOfRange(in, at, at + length));
            }
            case 8 -> {
                final byte[] block = new byte[1 + random.nextInt(16)];
                Arrays.fill(block, (byte) INTERESTING[random.nextInt(INTERESTING.length)]);
                return insert(in, at, block);
            }
            default -> {
                final byte[] other = seeds.get(random.nextInt(seeds.size()));
                final int from = random.nextInt(Math.max(1, other.length));
                return concat(Arrays.copyOf(in, at), Arrays.copyOfRange(other, Math.min(from, other.length), other.length));
            }
        }
        return out;
    }

    /** Writes the low {@code width} bytes of {@code value} at {@code at} (clipped at the end), either byte order. */
    public static byte[] putInt(final byte[] in, final int at, final long value, final boolean bigEndian, final int width) {
        final byte[] out = in.clone();
        for (int i = 0; i < width && at + i < out.length; i++) {
            final int shift = 8 * (bigEndian ? width - 1 - i : i);
            out[at + i] = (byte) (value >>> shift);
        }
        return out;
    }

    /** The first {@code length} bytes. */
    public static byte[] truncate(final byte[] in, final int length) {
        return Arrays.copyOf(in, Math.max(0, Math.min(length, in.length)));
    }

    /** {@code in} without {@code length} bytes at {@code at}. */
    public static byte[] delete(final byte[] in, final int at, final int length) {
        final int end = Math.min(in.length, at + length);
        return concat(Arrays.copyOf(in, at), Arrays.copyOfRange(in, end, in.length));
    }

    /** {@code in} with {@code block} inserted at {@code at}. */
    public static byte[] insert(final byte[] in, final int at, final byte[] block) {
        return concat(concat(Arrays.copyOf(in, at), block), Arrays.copyOfRange(in, at, in.length));
    }

    /** {@code a} then {@code b}. */
    public static byte[] concat(final byte[] a, final byte[] b) {
        final byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
