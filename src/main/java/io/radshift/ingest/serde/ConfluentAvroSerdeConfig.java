package io.radshift.ingest.serde;

import io.radshift.ingest.registry.SubjectNameStrategies;
import io.radshift.ingest.registry.SubjectNameStrategy;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Serde options read from Kafka-style config, with Confluent's key names so existing configs work unchanged.
 * Registry connection keys are in {@link io.radshift.ingest.registry.SchemaRegistryClientConfig}.
 *
 * @param autoRegister     register the record's schema if needed (default true); otherwise look it up
 * @param useLatestVersion write with the subject's latest version (default false)
 * @param subjectStrategy  how subjects are named (default {@code <topic>-value} / {@code <topic>-key})
 */
public record ConfluentAvroSerdeConfig(boolean autoRegister, boolean useLatestVersion,
                                       SubjectNameStrategy subjectStrategy) {

    /** Register schemas automatically (default true). */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Use the subject's latest schema id instead of registering or looking up (default false). */
    public static final String USE_LATEST_VERSION = "use.latest.version";
    /** Subject strategy for record values: Confluent class name or topic / record / topic-record. */
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    /** Subject strategy for record keys. */
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    /** Must be absent or true: this deserializer always returns generated SpecificRecord classes. */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** Generated class values are read into (default: the class named by the writer schema). */
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
    /** Generated class keys are read into. */
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";

    /** The defaults: auto-register, no latest version, topic name strategy. */
    public static ConfluentAvroSerdeConfig defaults() {
        return new ConfluentAvroSerdeConfig(true, false, SubjectNameStrategies.parse(null));
    }

    /**
     * Reads the options for a key or value serde.
     *
     * @throws ConfigException naming the key when a value is malformed
     */
    public static ConfluentAvroSerdeConfig from(final Map<String, ?> configs, final boolean isKey) {
        final String strategyKey = isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY;
        final Object strategy = configs.get(strategyKey);
        try {
            return new ConfluentAvroSerdeConfig(bool(configs, AUTO_REGISTER_SCHEMAS, true),
                    bool(configs, USE_LATEST_VERSION, false),
                    SubjectNameStrategies.parse(strategy instanceof Class<?> type ? type.getName()
                            : strategy == null ? null : strategy.toString()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(strategyKey, strategy, e.getMessage());
        }
    }

    /** Parses a boolean strictly: "ture" must not silently mean false. */
    static boolean bool(final Map<String, ?> configs, final String key, final boolean fallback) {
        final Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        final String text = value.toString().trim();
        if (!"true".equalsIgnoreCase(text) && !"false".equalsIgnoreCase(text)) {
            throw new ConfigException(key, value, "expected true or false");
        }
        return Boolean.parseBoolean(text);
    }
}
