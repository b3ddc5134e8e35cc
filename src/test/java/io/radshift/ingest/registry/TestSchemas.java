package io.radshift.ingest.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/** Derives evolved versions of a generated record schema for evolution tests. */
public final class TestSchemas {

    private TestSchemas() {
    }

    /** A copy of a record schema with one more string field, with the default "none" or with no default. */
    public static Schema withStringField(final Schema record, final String name, final boolean withDefault) {
        final List<Schema.Field> fields = copyFields(record, null);
        fields.add(withDefault ? new Schema.Field(name, Schema.create(Schema.Type.STRING), null, "none")
                : new Schema.Field(name, Schema.create(Schema.Type.STRING)));
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }

    /** A copy of a record schema without one field: an older version of it. */
    public static Schema withoutField(final Schema record, final String name) {
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false,
                copyFields(record, name));
    }

    private static List<Schema.Field> copyFields(final Schema record, final String skipped) {
        final List<Schema.Field> fields = new ArrayList<>();
        for (final Schema.Field field : record.getFields()) {
            if (!field.name().equals(skipped)) {
                fields.add(new Schema.Field(field, field.schema()));
            }
        }
        return fields;
    }
}
