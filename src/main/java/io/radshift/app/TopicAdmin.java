package io.radshift.app;

import io.radshift.config.RadShiftConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics RadShift needs when they do not exist yet, with the configured partitions and replication, and
 * checks that the site-keyed inputs are co-partitioned ({@link CoPartitioning}).
 */
public final class TopicAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    private TopicAdmin() {
    }

    /** Creates the missing ones of {@code names}; existing topics are left as they are. */
    public static void ensure(final RadShiftConfig config, final List<String> names) throws Exception {
        ensure(config, names, List.of());
    }

    /**
     * Creates the missing ones of {@code names}, then checks that the {@code coPartitioned} topics have one partition
     * count.
     *
     * @throws IllegalStateException with one line naming the counts when they differ
     */
    public static void ensure(final RadShiftConfig config, final List<String> names, final List<String> coPartitioned)
            throws Exception {
        final Map<String, Object> props = new HashMap<>(config.kafka().clientProperties());
        try (Admin admin = Admin.create(props)) {
            final Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            final List<NewTopic> missing = names.stream().distinct().filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, config.topics().partitions(), config.topics().replicationFactor())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
                LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            }
            if (!coPartitioned.isEmpty()) {
                // A topic created just now has the configured count (and may not be described yet): describe the others.
                final Map<String, Integer> counts = new HashMap<>();
                final List<String> preexisting = coPartitioned.stream().distinct().filter(existing::contains).toList();
                coPartitioned.stream().filter(n -> !existing.contains(n)).forEach(n -> counts.put(n, config.topics().partitions()));
                if (!preexisting.isEmpty()) {
                    admin.describeTopics(preexisting).allTopicNames().get(30, TimeUnit.SECONDS)
                            .forEach((name, description) -> counts.put(name, description.partitions().size()));
                }
                final Optional<String> problem = CoPartitioning.problem(counts);
                if (problem.isPresent()) {
                    throw new IllegalStateException(problem.get());
                }
            }
        }
    }
}
