package io.radshift.ingest.registry;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Maps {@code value.subject.name.strategy} / {@code key.subject.name.strategy} config values to strategies.
 *
 * <p>Accepts Confluent's class names (so existing client configs work unchanged), this package's class names
 * and the short names {@code topic}, {@code record} and {@code topic-record}.
 */
public final class SubjectNameStrategies {

    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";
    private static final Map<String, Supplier<SubjectNameStrategy>> BY_NAME = Map.of(
            "topic", TopicNameStrategy::new,
            "record", RecordNameStrategy::new,
            "topic-record", TopicRecordNameStrategy::new,
            "topicnamestrategy", TopicNameStrategy::new,
            "recordnamestrategy", RecordNameStrategy::new,
            "topicrecordnamestrategy", TopicRecordNameStrategy::new);

    private SubjectNameStrategies() {
    }

    /**
     * The strategy a config value names; null or blank gives {@link TopicNameStrategy}.
     *
     * @throws IllegalArgumentException naming the accepted values when the value is unknown
     */
    public static SubjectNameStrategy parse(final String value) {
        if (value == null || value.isBlank()) {
            return new TopicNameStrategy();
        }
        final Supplier<SubjectNameStrategy> strategy = BY_NAME.get(simpleName(value.trim()).toLowerCase(Locale.ROOT));
        if (strategy == null) {
            throw new IllegalArgumentException("unknown subject name strategy '" + value + "'; expected topic, record, "
                    + "topic-record or a class name such as " + CONFLUENT_PACKAGE + "TopicNameStrategy");
        }
        return strategy.get();
    }

    /** Strips a Confluent or RadShift package so both class-name forms map to the same short key. */
    private static String simpleName(final String value) {
        if (value.startsWith(CONFLUENT_PACKAGE)) {
            return value.substring(CONFLUENT_PACKAGE.length());
        }
        final String ownPackage = SubjectNameStrategies.class.getPackageName() + ".";
        return value.startsWith(ownPackage) ? value.substring(ownPackage.length()) : value;
    }
}
