package io.radshift.tools.embedded;

import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import java.nio.file.Path;

/**
 * A Kafka node and a Schema Registry that outlive the processes using them: both listen on fixed ports and keep
 * their data under one folder, so that {@code radshift run}, {@code radshift publish} and the crash benchmark can
 * work in separate processes, and a stopped sandbox started again on the same folder has the same topics, records,
 * committed offsets, transactions and schema ids. What {@code radshift sandbox} runs, and what the chaos benchmark
 * restarts under load.
 *
 * <p>Layout of the folder: {@code kafka/} is the node's log directory (formatted on first start),
 * {@code registry/schemas.jsonl} the registry's journal. The KRaft controller listens on the port after the
 * broker's.
 */
public final class Sandbox implements AutoCloseable {

    /** Ports and folder of a sandbox. */
    public record Ports(int kafka, int registry) {
        /** The defaults of a local Kafka and Schema Registry: 9092 and 8081 (controller on 9093). */
        public static Ports defaults() {
            return new Ports(9092, 8081);
        }

        /** Ports free now, for tests and benchmarks that must not collide with a sandbox already running. */
        public static Ports free() {
            return new Ports(EmbeddedKafka.freePort(), EmbeddedKafka.freePort());
        }
    }

    private final Path dir;
    private final Ports ports;
    private EmbeddedKafka kafka;
    private EmbeddedSchemaRegistry registry;

    private Sandbox(final Path dir, final Ports ports, final EmbeddedKafka kafka, final EmbeddedSchemaRegistry registry) {
        this.dir = dir;
        this.ports = ports;
        this.kafka = kafka;
        this.registry = registry;
    }

    /** Starts a sandbox on {@code dir} (created when missing, reused when it holds an earlier sandbox). */
    public static Sandbox start(final Path dir, final Ports ports) {
        final EmbeddedKafka kafka = startKafka(dir, ports);
        try {
            return new Sandbox(dir, ports, kafka, startRegistry(dir, ports));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    /** Starts the node of a sandbox on {@code dir} alone (to restart the broker while the registry stays up). */
    public static EmbeddedKafka startKafka(final Path dir, final Ports ports) {
        return EmbeddedKafka.start(dir.resolve("kafka"), ports.kafka(), ports.kafka() + 1, false);
    }

    /** Starts the registry of a sandbox on {@code dir} alone (to restart it while the broker stays up). */
    public static EmbeddedSchemaRegistry startRegistry(final Path dir, final Ports ports) {
        return EmbeddedSchemaRegistry.startPersistent(ports.registry(), dir.resolve("registry").resolve("schemas.jsonl"));
    }

    /** The {@code bootstrap.servers} value, e.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The registry's base URL, e.g. {@code http://127.0.0.1:8081}. */
    public String registryUrl() {
        return "http://127.0.0.1:" + ports.registry();
    }

    /** The folder holding the data. */
    public Path dir() {
        return dir;
    }

    /** The ports. */
    public Ports ports() {
        return ports;
    }

    /** Creates topics that do not exist yet (replication factor 1). */
    public void createTopics(final int partitions, final String... names) {
        kafka.createTopics(partitions, names);
    }

    /** Shuts the node down cleanly and starts it again on the same folder and ports; clients reconnect by themselves. */
    public synchronized void restartBroker() {
        kafka.close();
        kafka = startKafka(dir, ports);
    }

    /** Stops the registry (clients get connection errors) until {@link #startRegistry()}; the broker stays up. */
    public synchronized void stopRegistry() {
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }

    /** Starts a stopped registry again on the same port, from its journal. */
    public synchronized void startRegistry() {
        if (registry == null) {
            registry = startRegistry(dir, ports);
        }
    }

    /** Stops the registry and the node (the node shuts down cleanly); the data stays in the folder. */
    @Override
    public synchronized void close() {
        stopRegistry();
        kafka.close();
    }
}
