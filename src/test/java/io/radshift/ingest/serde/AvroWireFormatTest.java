package io.radshift.ingest.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroWireFormatTest {

    @Test
    void schemaIdOneIsAZeroMagicByteThenABigEndianInt() {
        assertThat(AvroWireFormat.encode(1, new byte[] {0x02, 0x04}))
                .containsExactly(0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x04);
    }

    @Test
    void multiByteIdsAreBigEndian() {
        assertThat(AvroWireFormat.encode(0x01020304, new byte[0])).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04);
        assertThat(AvroWireFormat.encode(300, new byte[0])).containsExactly(0x00, 0x00, 0x00, 0x01, 0x2c);
        assertThat(AvroWireFormat.schemaId(new byte[] {0x00, 0x00, 0x00, 0x01, 0x2c, 0x7f})).isEqualTo(300);
    }

    @Property
    void headerRoundTripsEveryIdAndKeepsTheBody(@ForAll final int schemaId, @ForAll final byte[] body) {
        final byte[] payload = AvroWireFormat.encode(schemaId, body);
        assertThat(payload).hasSize(AvroWireFormat.HEADER_SIZE + body.length);
        assertThat(AvroWireFormat.schemaId(payload)).isEqualTo(schemaId);
        assertThat(Arrays.copyOfRange(payload, AvroWireFormat.HEADER_SIZE, payload.length)).isEqualTo(body);
    }

    @Test
    void jsonIsRejectedNamingTheMagicByte() {
        final byte[] json = "{\"studyId\":\"s1\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AvroWireFormat.schemaId(json))
                .isInstanceOf(MalformedPayloadException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("not Confluent wire format: unknown magic byte 0x7b");
    }

    @Test
    void payloadsShorterThanTheHeaderAreRejected() {
        assertThatThrownBy(() -> AvroWireFormat.schemaId(new byte[] {0, 0, 0, 1}))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("payload too short: 4 bytes");
        assertThatThrownBy(() -> AvroWireFormat.schemaId(new byte[0]))
                .hasMessageStartingWith("payload too short: 0 bytes");
    }
}
