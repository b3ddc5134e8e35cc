package io.radshift.stats;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The binary form of {@link AggregateUpdate}: big-endian arrays with their length first, floats and doubles in one
 * bulk copy each (as {@link WindowAggregateCodec} writes its arrays).
 */
final class UpdateCodec {

    /** Writes the body of one update. */
    @FunctionalInterface
    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private UpdateCodec() {
    }

    static byte[] write(final byte tag, final Body body) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(tag);
            body.write(out);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static void writeFloats(final DataOutputStream out, final float[] values) throws IOException {
        final ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES);
        buffer.asFloatBuffer().put(values);
        out.writeInt(values.length);
        out.write(buffer.array());
    }

    static float[] readFloats(final DataInputStream in) throws IOException {
        final float[] values = new float[in.readInt()];
        ByteBuffer.wrap(in.readNBytes(values.length * Float.BYTES)).asFloatBuffer().get(values);
        return values;
    }

    static void writeDoubles(final DataOutputStream out, final double[] values) throws IOException {
        final ByteBuffer buffer = ByteBuffer.allocate(values.length * Double.BYTES);
        buffer.asDoubleBuffer().put(values);
        out.writeInt(values.length);
        out.write(buffer.array());
    }

    static double[] readDoubles(final DataInputStream in) throws IOException {
        final double[] values = new double[in.readInt()];
        ByteBuffer.wrap(in.readNBytes(values.length * Double.BYTES)).asDoubleBuffer().get(values);
        return values;
    }

    static void writeBooleans(final DataOutputStream out, final boolean[] values) throws IOException {
        out.writeInt(values.length);
        for (final boolean value : values) {
            out.writeBoolean(value);
        }
    }

    static boolean[] readBooleans(final DataInputStream in) throws IOException {
        final boolean[] values = new boolean[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readBoolean();
        }
        return values;
    }
}
