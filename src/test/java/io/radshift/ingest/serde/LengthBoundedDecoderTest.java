package io.radshift.ingest.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** Lengths and counts an Avro payload declares are checked against its size before anything is allocated. */
class LengthBoundedDecoderTest {

    private static final Schema SCHEMA = SchemaBuilder.record("R").fields()
        .requiredString("s").requiredBytes("b")
        .name("xs").type().array().items().longType().noDefault()
        .name("m").type().map().values().intType().noDefault()
        .endRecord();

    @Test
    void aValidRecordDecodesUnchanged() throws IOException {
        final GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("s", "héllo");
        record.put("b", java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
        record.put("xs", List.of(1L, 2L, 3L));
        record.put("m", java.util.Map.of("a", 1));
        final byte[] bytes = encode(record);
        final GenericRecord read = decode(bytes);
        assertThat(read.get("s").toString()).isEqualTo("héllo");
        assertThat(((java.nio.ByteBuffer) read.get("b")).remaining()).isEqualTo(3);
        assertThat((List<?>) read.get("xs")).hasSize(3);
        assertThat(((java.util.Map<?, ?>) read.get("m"))).hasSize(1);
    }

    @Test
    void aStringDeclaringTwoGigabytesIsRejectedBeforeAllocation() {
        final byte[] payload = {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> decode(payload)).isInstanceOf(MalformedPayloadException.class)
            .hasMessageContaining("string declares length 2147483640 in a payload of 10 bytes");
    }

    @Test
    void aNegativeLengthIsRejected() {
        final byte[] payload = {0x01, 0, 0};
        assertThatThrownBy(() -> decode(payload)).isInstanceOf(MalformedPayloadException.class)
            .hasMessageContaining("declares length -1");
    }

    @Test
    void bytesAndCollectionCountsAreBoundedToo() {
        final byte[] hugeBytes = {0x00, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        assertThatThrownBy(() -> decode(hugeBytes)).hasMessageContaining("bytes declares length");
        final byte[] hugeArray = {0x00, 0x00, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        assertThatThrownBy(() -> decode(hugeArray)).hasMessageContaining("block declares 1073741824 items");
    }

    private static GenericRecord decode(final byte[] payload) throws IOException {
        final LengthBoundedDecoder decoder = new LengthBoundedDecoder(
            DecoderFactory.get().binaryDecoder(payload, null), payload.length);
        return new GenericDatumReader<GenericRecord>(SCHEMA).read(null, decoder);
    }

    private static byte[] encode(final GenericRecord record) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(SCHEMA).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
