package io.radshift.tools.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster (KRaft broker and controller in one process) for the demo and integration tests.
 *
 * <p>Kafka's own test kit does not work on 4.4, so this formats a log directory with the storage
 * {@link Formatter} and starts a {@link KafkaRaftServer} directly. Offsets and transaction-state topics have
 * replication factor 1 and min ISR 1 so that Kafka Streams' {@code exactly_once_v2} works on one node.
 * {@code KafkaRaftServer} does not report the ports it bound, so free ports are chosen first.
 *
 * <p>{@link #startSecured} adds the listeners a secured cluster has, so the integration tests can prove that
 * every RadShift client carries its security settings: {@code SSL} requiring a client certificate (mutual TLS)
 * and {@code SASL_SSL} with SASL PLAIN users. The plaintext listener stays for the test's own set-up.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final Path logDir;
    private final boolean deleteOnClose;
    private final String bootstrapServers;
    private final Map<String, String> secured;

    /**
     * The broker's side of TLS: its PKCS12 keystore (key and certificate chain), the PKCS12 truststore of the CA
     * whose client certificates it accepts, and the one password of both.
     */
    public record Tls(Path keystore, Path truststore, String password) {
    }

    private EmbeddedKafka(final KafkaRaftServer server, final Path logDir, final boolean deleteOnClose,
                          final String bootstrapServers, final Map<String, String> secured) {
        this.server = server;
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
        this.bootstrapServers = bootstrapServers;
        this.secured = secured;
    }

    /** Starts a node on free ports with a temporary log directory that is deleted on {@link #close()}. */
    public static EmbeddedKafka start() {
        try {
            return start(Files.createTempDirectory("radshift-kafka-"), 0, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary Kafka log directory", e);
        }
    }

    /**
     * Starts a node.
     *
     * @param logDir        log directory (formatted when empty)
     * @param brokerPort    port for clients, 0 for a free one
     * @param deleteOnClose whether {@link #close()} deletes {@code logDir}
     */
    public static EmbeddedKafka start(final Path logDir, final int brokerPort, final boolean deleteOnClose) {
        return start(logDir, brokerPort, 0, deleteOnClose);
    }

    /**
     * Starts a node whose controller listens on a given port too, so that a node restarted on the same log
     * directory (the sandbox) has the same addresses as before.
     *
     * @param controllerPortOrZero port of the KRaft controller, 0 for a free one
     */
    public static EmbeddedKafka start(final Path logDir, final int brokerPort, final int controllerPortOrZero,
                                      final boolean deleteOnClose) {
        final int port = brokerPort == 0 ? freePort() : brokerPort;
        final int controllerPort = controllerPortOrZero == 0 ? freePort() : controllerPortOrZero;
        return start(logDir, deleteOnClose, port, controllerPort, brokerProperties(logDir, port, controllerPort), Map.of());
    }

    /**
     * Starts a node on free ports with a temporary log directory that also listens with {@code SSL}, requiring a
     * client certificate signed by the CA of {@code tls}'s truststore, and with {@code SASL_SSL} (SASL PLAIN and
     * SCRAM-SHA-512 with {@code plainUsers}, user to password, the SCRAM credentials created through the Admin API
     * once the node is up; TLS without a client certificate).
     */
    public static EmbeddedKafka startSecured(final Tls tls, final Map<String, String> plainUsers) {
        final Path logDir;
        try {
            logDir = Files.createTempDirectory("radshift-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary Kafka log directory", e);
        }
        final int port = freePort();
        final int controllerPort = freePort();
        final Map<String, String> secured = Map.of("SSL", "127.0.0.1:" + freePort(), "SASL_SSL", "127.0.0.1:" + freePort());
        final Properties props = brokerProperties(logDir, port, controllerPort);
        props.putAll(securedListeners(props, tls, plainUsers, secured));
        final EmbeddedKafka kafka = start(logDir, true, port, controllerPort, props, secured);
        kafka.createScramUsers(plainUsers);
        return kafka;
    }

    /** Creates a SCRAM-SHA-512 credential for each user (over the plaintext listener). */
    private void createScramUsers(final Map<String, String> users) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.alterUserScramCredentials(users.entrySet().stream()
                    .<UserScramCredentialAlteration>map(u -> new UserScramCredentialUpsertion(u.getKey(),
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), u.getValue()))
                    .toList()).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the SCRAM users of the embedded Kafka: " + e.getMessage(), e);
        }
    }

    private static EmbeddedKafka start(final Path logDir, final boolean deleteOnClose, final int port, final int controllerPort,
                                       final Properties props, final Map<String, String> secured) {
        try {
            format(logDir, controllerPort);
            final KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            server.startup();
            final EmbeddedKafka kafka = new EmbeddedKafka(server, logDir, deleteOnClose, "127.0.0.1:" + port, secured);
            kafka.awaitReady();
            LOG.info("Embedded Kafka (KRaft) ready at {}", kafka.bootstrapServers());
            return kafka;
        } catch (Exception e) {
            throw new IllegalStateException("embedded Kafka failed to start in " + logDir + ": " + e.getMessage(), e);
        }
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The {@code bootstrap.servers} value of a secured listener, {@code SSL} or {@code SASL_SSL}. */
    public String bootstrapServers(final String securityProtocol) {
        final String address = secured.get(securityProtocol);
        if (address == null) {
            throw new IllegalArgumentException("no " + securityProtocol + " listener: start with startSecured");
        }
        return address;
    }

    /** Creates topics that do not exist yet (replication factor 1). */
    public void createTopics(final int partitions, final String... names) {
        try (Admin admin = admin()) {
            final List<NewTopic> topics = Stream.of(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList();
            admin.createTopics(topics).values().forEach((name, future) -> awaitTopic(name, future));
        }
    }

    /** An admin client for this node; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            deleteRecursively(logDir);
        }
    }

    private static void awaitTopic(final String name, final org.apache.kafka.common.KafkaFuture<Void> future) {
        try {
            future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady() throws Exception {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        }
    }

    private static Properties brokerProperties(final Path logDir, final int port, final int controllerPort) {
        final Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        // Keep records whatever their timestamps: the demo and the tests replay studies acquired weeks or months
        // ago (record time = acquisition time), which time-based retention would delete within minutes.
        p.put("log.retention.ms", "-1");
        return p;
    }

    /** The listener settings that add {@code secured}'s SSL and SASL_SSL listeners to {@code plain}'s. */
    private static Map<String, String> securedListeners(final Properties plain, final Tls tls, final Map<String, String> users,
                                                        final Map<String, String> secured) {
        final String ssl = secured.get("SSL");
        final String saslSsl = secured.get("SASL_SSL");
        final StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"")
                .append(password.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        return Map.ofEntries(
                Map.entry("listeners", plain.getProperty("listeners") + ",SSL://" + ssl + ",SASL_SSL://" + saslSsl),
                Map.entry("advertised.listeners", plain.getProperty("advertised.listeners") + ",SSL://" + ssl + ",SASL_SSL://" + saslSsl),
                Map.entry("listener.security.protocol.map", plain.getProperty("listener.security.protocol.map")
                        + ",SSL:SSL,SASL_SSL:SASL_SSL"),
                Map.entry("ssl.keystore.location", tls.keystore().toAbsolutePath().toString()),
                Map.entry("ssl.keystore.password", tls.password()),
                Map.entry("ssl.keystore.type", "PKCS12"),
                Map.entry("ssl.truststore.location", tls.truststore().toAbsolutePath().toString()),
                Map.entry("ssl.truststore.password", tls.password()),
                Map.entry("ssl.truststore.type", "PKCS12"),
                Map.entry("listener.name.ssl.ssl.client.auth", "required"),
                Map.entry("listener.name.sasl_ssl.ssl.client.auth", "none"),
                Map.entry("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512"),
                Map.entry("listener.name.sasl_ssl.plain.sasl.jaas.config", jaas.append(';').toString()),
                Map.entry("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;"));
    }

    private static void format(final Path logDir, final int controllerPort) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Files.createDirectories(logDir);
        new Formatter()
                .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(Set.of(logDir.toAbsolutePath().toString()))
                .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName(CONTROLLER_LISTENER)
                .run();
    }

    /** A port that is free now (the caller binds it soon after; another process could take it meanwhile). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Deletes a folder and everything in it; logs instead of failing, since it only tidies temporary files. */
    public static void deleteRecursively(final Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
