package io.radshift.ingest.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Per-thread reusable Avro encoder, output buffer and decoder for the serde hot path: allocating them per
 * record costs more than encoding a small record. Per thread because Kafka producers and Streams call one
 * serializer instance from several threads. A buffer grown past {@link #MAX_RETAINED_BYTES} by a large record
 * (an inline image) is dropped so idle threads do not pin megabytes.
 */
final class ReusableAvroCodec {

    static final int MAX_RETAINED_BYTES = 1 << 20;

    private static final ThreadLocal<EncodeState> ENCODING = ThreadLocal.withInitial(EncodeState::new);
    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    private ReusableAvroCodec() {
    }

    /** Wire-format bytes: header for {@code schemaId}, then {@code datum} written by {@code writer}. */
    static <T> byte[] encode(final int schemaId, final DatumWriter<T> writer, final T datum) throws IOException {
        final EncodeState state = ENCODING.get();
        boolean clean = false;
        try {
            state.out.reset();
            AvroWireFormat.writeHeader(state.out, schemaId);
            state.encoder = EncoderFactory.get().binaryEncoder(state.out, state.encoder);
            writer.write(datum, state.encoder);
            state.encoder.flush();
            clean = state.out.capacity() <= MAX_RETAINED_BYTES;
            return state.out.toByteArray();
        } finally {
            // After a failed write the encoder still buffers half a record: never reuse it.
            if (!clean) {
                ENCODING.remove();
            }
        }
    }

    /** A decoder over {@code bytes[offset, offset + length)}, reusing this thread's decoder object. */
    static BinaryDecoder decoder(final byte[] bytes, final int offset, final int length) {
        final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, offset, length, DECODERS.get());
        DECODERS.set(decoder);
        return decoder;
    }

    /** An output stream whose capacity can be read, to decide whether to keep it. */
    private static final class CapacityAwareOutputStream extends ByteArrayOutputStream {
        CapacityAwareOutputStream() {
            super(512);
        }

        int capacity() {
            return buf.length;
        }
    }

    private static final class EncodeState {
        private final CapacityAwareOutputStream out = new CapacityAwareOutputStream();
        private BinaryEncoder encoder;
    }
}
