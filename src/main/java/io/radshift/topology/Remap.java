package io.radshift.topology;

import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The glue between stages: maps each record's value to at most one value of another type (dropping the others)
 * and optionally gives it a fixed key, keeping timestamp and headers.
 *
 * @param <V> input value type
 * @param <T> output value type
 */
final class Remap<V, T> extends ContextualProcessor<String, V, String, T> {

    private final String key;
    private final Function<V, Optional<T>> mapping;

    private Remap(final String key, final Function<V, Optional<T>> mapping) {
        this.key = key;
        this.mapping = mapping;
    }

    /** Keeps the key. */
    static <V, T> Remap<V, T> values(final Function<V, Optional<T>> mapping) {
        return new Remap<>(null, mapping);
    }

    /** Re-keys every record to {@code key}. */
    static <V, T> Remap<V, T> toKey(final String key, final Function<V, Optional<T>> mapping) {
        return new Remap<>(key, mapping);
    }

    @Override
    public void process(final Record<String, V> record) {
        mapping.apply(record.value()).ifPresent(value ->
                context().forward(record.withKey(key == null ? record.key() : key).withValue(value)));
    }
}
