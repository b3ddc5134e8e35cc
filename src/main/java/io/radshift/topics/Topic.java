package io.radshift.topics;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the serdes of its keys and values, so a topic name never travels without its data types.
 *
 * @param name       topic name
 * @param keySerde   serde of the record keys
 * @param valueSerde serde of the record values
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
