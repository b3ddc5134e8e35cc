package io.radshift.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.radshift.tools.embedded.Sandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code radshift sandbox}: the demo's in-process Kafka node and Schema Registry as a process of their own, on fixed
 * ports and persisting to a folder, so that {@code run} and {@code publish} work in separate terminals (and can be
 * killed and restarted) without Docker.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a local Kafka node (KRaft, one broker and controller) and Schema Registry until Ctrl-C, "
                + "keeping their data under --dir: started again on the same folder, the sandbox has the same topics, "
                + "records, committed offsets and schema ids. For trying RadShift out and for crash tests; not for "
                + "production (one node, no replication, no security).",
                "",
                "Then, in other terminals: ./radshift run --config topologies/sandbox.yaml, and ./radshift publish "
                        + "--bootstrap 127.0.0.1:9092 --registry http://127.0.0.1:8081 --site hospital-a DIR"})
public final class SandboxCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR",
            description = "Folder of the sandbox's data (created when missing): kafka/ and registry/schemas.jsonl.")
    private Path dir;

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT",
            description = "Kafka's client port (default: ${DEFAULT-VALUE}); its controller uses the next port.")
    private int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", paramLabel = "PORT",
            description = "The Schema Registry's port (default: ${DEFAULT-VALUE}).")
    private int registryPort;

    @Override
    public Integer call() throws Exception {
        requireFree(kafkaPort, "--kafka-port");
        requireFree(kafkaPort + 1, "--kafka-port (its controller uses the next port)");
        requireFree(registryPort, "--registry-port");
        // The broker's routine start-up and shutdown warnings (controller activation, closed clients) are not the
        // user's business here; its errors still show.
        ((Logger) LoggerFactory.getLogger("kafka")).setLevel(Level.ERROR);
        ((Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.ERROR);
        final boolean reused = Files.isDirectory(dir.resolve("kafka"));
        final PrintWriter out = spec.commandLine().getOut();
        out.printf("Starting the sandbox in %s (%s)...%n", dir, reused ? "reusing its data" : "new");
        out.flush();
        try (ShutdownSignal signal = new ShutdownSignal();
             Sandbox sandbox = Sandbox.start(dir, new Sandbox.Ports(kafkaPort, registryPort))) {
            out.printf("Kafka:           %s%n", sandbox.bootstrapServers());
            out.printf("Schema Registry: %s%n", sandbox.registryUrl());
            out.printf("Data:            %s (kept on exit; start again with the same --dir to continue)%n",
                    dir.toAbsolutePath());
            out.println("Ctrl-C stops.");
            out.flush();
            signal.await(null);
            out.println("Stopping the sandbox...");
            out.flush();
        }
        return 0;
    }

    /** One clear line instead of Kafka's bind stack trace when a port is taken (a Kafka or registry already runs). */
    private static void requireFree(final int port, final String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalArgumentException("port " + port + " is in use (is a sandbox, Kafka or registry already "
                    + "running?); choose another with " + option);
        }
    }
}
