package io.radshift.topology;

import io.radshift.inference.stream.BufferMarks;
import io.radshift.inference.stream.InferenceProcessor;

import io.radshift.avro.StudyEvent;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.topics.Topic;
import io.radshift.topics.Topics;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires the inference stage into a topology: {@code studies} -> {@link InferenceProcessor} (with its buffer store)
 * -> {@code study-inferences} and the dead-letter topic.
 */
public final class InferenceStage {

    /** Name of the source node reading {@code studies}. */
    public static final String SOURCE = "studies-source";
    /** Name of the processor node. */
    public static final String PROCESSOR = "inference-processor";

    private InferenceStage() {
    }

    /** Adds the stage to {@code topology}, for a test or tool that does not read the buffer marks. */
    public static void addTo(final Topology topology, final Topics topics, final RadShiftConfig.Model settings,
                             final ModelBundle bundle, final RadShiftMetrics metrics) {
        addTo(topology, topics, settings, bundle, metrics, new BufferMarks());
    }

    /**
     * Adds the source, the processor with its buffer store, and both sinks to {@code topology}; each task sets in
     * {@code marks} how far its input has left the batch buffer.
     */
    public static void addTo(final Topology topology, final Topics topics, final RadShiftConfig.Model settings,
                             final ModelBundle bundle, final RadShiftMetrics metrics, final BufferMarks marks) {
        final Topic<String, StudyEvent> studies = topics.studies();
        topology.addSource(SOURCE, studies.keySerde().deserializer(), studies.valueSerde().deserializer(), studies.name());
        topology.addProcessor(PROCESSOR, () -> new InferenceProcessor(settings, bundle, topics, metrics, marks), SOURCE);
        topology.addStateStore(bufferStore(), PROCESSOR);
        // The processor forwards serialized bytes to both sinks (see InferenceProcessor).
        topology.addSink(InferenceProcessor.INFERENCES_CHILD, topics.inferences().name(),
                Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
        topology.addSink(InferenceProcessor.DEAD_LETTER_CHILD, topics.deadLetter().name(),
                Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
    }

    /**
     * The buffer store: persistent (RocksDB), changelogged, so buffered studies survive a crash and commit
     * atomically with the input offsets under {@code exactly_once_v2}. Keys are big-endian longs, which RocksDB
     * orders numerically for the non-negative sequence numbers used. Caching stays on: a study buffered and drained
     * within one commit interval then costs one tombstone in the changelog instead of its full image bytes.
     */
    public static StoreBuilder<KeyValueStore<Long, byte[]>> bufferStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(InferenceProcessor.BUFFER_STORE),
                        Serdes.Long(), Serdes.ByteArray())
                .withLoggingEnabled(Map.of());
    }
}
