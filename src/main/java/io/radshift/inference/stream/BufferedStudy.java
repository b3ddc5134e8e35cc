package io.radshift.inference.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One study waiting in the inference buffer store, with everything a punctuator needs to emit it later as if it
 * were processing the original record: the serialized key and value (the dead-letter topic gets these bytes), the
 * record timestamp (event time), the record headers and the wall-clock time it was buffered (for the latency
 * trigger, so that it survives a restart too), and its offset in its partition of {@code studies} (for the task's
 * {@link BufferMarks mark}: how far its input has left the buffer). Format 1, written before the offset was kept,
 * still reads, with {@link #NO_OFFSET}.
 *
 * @param key        serialized record key (site id), may be null
 * @param value      serialized StudyEvent (Confluent wire format)
 * @param timestamp  the record timestamp
 * @param bufferedAt wall-clock time (epoch ms) the study entered the buffer
 * @param headers    the record headers
 * @param sourceOffset offset of the study's record in {@code studies}, or {@link #NO_OFFSET}
 */
public record BufferedStudy(byte[] key, byte[] value, long timestamp, long bufferedAt, Headers headers, long sourceOffset) {

    /** The source offset of a study buffered without one (format 1, or no record context). */
    public static final long NO_OFFSET = -1;

    private static final byte FORMAT_VERSION = 2;
    private static final byte FORMAT_WITHOUT_OFFSET = 1;
    private static final int ABSENT = -1;

    /** A study without a known source offset. */
    public BufferedStudy(final byte[] key, final byte[] value, final long timestamp, final long bufferedAt, final Headers headers) {
        this(key, value, timestamp, bufferedAt, headers, NO_OFFSET);
    }

    /** Encodes the study for the buffer store. */
    public byte[] toBytes() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            writeBytes(out, key);
            writeBytes(out, value);
            out.writeLong(timestamp);
            out.writeLong(bufferedAt);
            final Header[] all = headers.toArray();
            out.writeInt(all.length);
            for (final Header header : all) {
                writeBytes(out, header.key().getBytes(StandardCharsets.UTF_8));
                writeBytes(out, header.value());
            }
            out.writeLong(sourceOffset);
        } catch (final IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Decodes what {@link #toBytes()} wrote. */
    public static BufferedStudy fromBytes(final byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            final byte version = in.readByte();
            if (version != FORMAT_VERSION && version != FORMAT_WITHOUT_OFFSET) {
                throw new IllegalStateException("buffered study has format version " + version + ", expected " + FORMAT_VERSION);
            }
            final byte[] key = readBytes(in);
            final byte[] value = readBytes(in);
            final long timestamp = in.readLong();
            final long bufferedAt = in.readLong();
            final int headerCount = in.readInt();
            final RecordHeaders headers = new RecordHeaders();
            for (int i = 0; i < headerCount; i++) {
                headers.add(new String(readBytes(in), StandardCharsets.UTF_8), readBytes(in));
            }
            final long sourceOffset = version == FORMAT_VERSION ? in.readLong() : NO_OFFSET;
            return new BufferedStudy(key, value, timestamp, bufferedAt, headers, sourceOffset);
        } catch (final IOException e) {
            throw new IllegalStateException("corrupt entry in the inference buffer store", e);
        }
    }

    private static void writeBytes(final DataOutputStream out, final byte[] data) throws IOException {
        if (data == null) {
            out.writeInt(ABSENT);
            return;
        }
        out.writeInt(data.length);
        out.write(data);
    }

    private static byte[] readBytes(final DataInputStream in) throws IOException {
        final int length = in.readInt();
        if (length == ABSENT) {
            return null;
        }
        final byte[] data = new byte[length];
        in.readFully(data);
        return data;
    }
}
