package io.radshift.ingest.serde;

import java.io.ByteArrayOutputStream;

/**
 * The Confluent wire format: byte 0 is the magic byte {@code 0x00}, bytes 1-4 the schema id as a big-endian
 * int32, then the Avro binary encoding of the record with that schema. Byte-compatible with Confluent's
 * {@code KafkaAvroSerializer}, so RadShift interoperates with any Confluent producer or consumer.
 */
public final class AvroWireFormat {

    /** The only magic byte Confluent has defined. */
    public static final byte MAGIC_BYTE = 0x0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private AvroWireFormat() {
    }

    /** Writes the 5-byte header for a schema id. */
    public static void writeHeader(final ByteArrayOutputStream out, final int schemaId) {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    /** Header plus an already-encoded Avro body. */
    public static byte[] encode(final int schemaId, final byte[] avroBody) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_SIZE + avroBody.length);
        writeHeader(out, schemaId);
        out.writeBytes(avroBody);
        return out.toByteArray();
    }

    /**
     * The schema id of a payload, after checking its length and magic byte.
     *
     * @throws MalformedPayloadException "payload too short: ..." or "not Confluent wire format: unknown magic
     *                                   byte 0x7b ..."
     */
    public static int schemaId(final byte[] payload) {
        if (payload.length < HEADER_SIZE) {
            throw new MalformedPayloadException("payload too short: " + payload.length + " bytes, the Confluent wire"
                    + " format needs at least " + HEADER_SIZE + " (magic byte and 4-byte schema id)");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new MalformedPayloadException(String.format("not Confluent wire format: unknown magic byte 0x%02x"
                    + " (expected 0x00)", payload[0] & 0xff));
        }
        return (payload[1] & 0xff) << 24 | (payload[2] & 0xff) << 16 | (payload[3] & 0xff) << 8 | payload[4] & 0xff;
    }
}
