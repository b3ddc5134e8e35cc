package io.radshift.ingest.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A binary decoder that refuses any length or count larger than the payload it reads. Avro allocates a string,
 * bytes value or collection of the length the data declares before reading it, so a 10-byte payload declaring a
 * 2 GB string would otherwise allocate 2 GB. Nothing in one payload can be longer than the payload, and none of
 * our schemas has a collection of zero-byte items, so the payload size bounds them all; Avro's own JVM-wide limits
 * (system properties read once per JVM) are not needed.
 */
final class LengthBoundedDecoder extends Decoder {

    private final BinaryDecoder in;
    private final long maxLength;

    LengthBoundedDecoder(final BinaryDecoder in, final long maxLength) {
        this.in = in;
        this.maxLength = maxLength;
    }

    private int length(final String what) throws IOException {
        final long length = in.readLong();
        if (length < 0 || length > maxLength) {
            throw new MalformedPayloadException("Avro " + what + " declares length " + length + " in a payload of " + maxLength + " bytes");
        }
        return (int) length;
    }

    private long count(final long declared) {
        if (declared < -maxLength || declared > maxLength) {
            throw new MalformedPayloadException("Avro block declares " + declared + " items in a payload of " + maxLength + " bytes");
        }
        return declared;
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public Utf8 readString(final Utf8 old) throws IOException {
        final int length = length("string");
        final Utf8 result = old == null ? new Utf8() : old;
        result.setByteLength(length);
        in.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        final byte[] bytes = new byte[length("string")];
        in.readFixed(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed(length("string"));
    }

    @Override
    public ByteBuffer readBytes(final ByteBuffer old) throws IOException {
        final int length = length("bytes");
        final ByteBuffer result = old != null && old.capacity() >= length ? old.clear() : ByteBuffer.allocate(length);
        in.readFixed(result.array(), result.arrayOffset(), length);
        result.limit(length);
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed(length("bytes"));
    }

    @Override
    public void readFixed(final byte[] bytes, final int start, final int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(final int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return count(in.readArrayStart());
    }

    @Override
    public long arrayNext() throws IOException {
        return count(in.arrayNext());
    }

    @Override
    public long skipArray() throws IOException {
        return count(in.skipArray());
    }

    @Override
    public long readMapStart() throws IOException {
        return count(in.readMapStart());
    }

    @Override
    public long mapNext() throws IOException {
        return count(in.mapNext());
    }

    @Override
    public long skipMap() throws IOException {
        return count(in.skipMap());
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
