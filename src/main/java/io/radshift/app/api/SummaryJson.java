package io.radshift.app.api;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericRecord;

/**
 * An Avro record (a WindowSummary) as plain JSON values: records become objects in field order, enums their symbol,
 * timestamps ISO-8601 instants, and a double that is not finite {@code null}, since JSON has no NaN. Unions are
 * written as their value, not Avro's {@code {"type": value}} wrapping, so a client reads {@code "threshold": 3.2}.
 */
final class SummaryJson {

    private SummaryJson() {
    }

    /** The record's fields as an ordered map. */
    static Map<String, Object> of(final GenericRecord record) {
        final Map<String, Object> json = new LinkedHashMap<>();
        for (final Schema.Field field : record.getSchema().getFields()) {
            json.put(field.name(), value(record.get(field.pos())));
        }
        return json;
    }

    private static Object value(final Object value) {
        if (value instanceof GenericRecord record) {
            return of(record);
        }
        if (value instanceof Map<?, ?> map) {
            final Map<String, Object> json = new LinkedHashMap<>();
            map.forEach((k, v) -> json.put(k.toString(), value(v)));
            return json;
        }
        if (value instanceof Collection<?> items) {
            final List<Object> json = new ArrayList<>(items.size());
            items.forEach(item -> json.add(value(item)));
            return json;
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (value instanceof Float f) {
            return Float.isFinite(f) ? f : null;
        }
        if (value instanceof Instant || value instanceof CharSequence || value instanceof Enum<?> || value instanceof GenericContainer) {
            return value.toString();
        }
        if (value instanceof ByteBuffer) {
            // No schema RadShift serves has bytes; never echo raw bytes (they could be image data).
            return null;
        }
        return value;
    }
}
