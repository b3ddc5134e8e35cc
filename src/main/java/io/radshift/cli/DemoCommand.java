package io.radshift.cli;

import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.embedded.EmbeddedKafka;
import io.radshift.ingest.registry.EmbeddedSchemaRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code radshift demo}: everything in one process on a fresh machine: an in-process Kafka node and Schema
 * Registry, with the topics of the demo configuration created.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the embedded demo: in-process Kafka and Schema Registry with RadShift's topics.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--minutes", description = "Stop by itself after this many minutes (default: run until Ctrl-C).")
    private Double minutes;

    @Option(names = "--config", defaultValue = "topologies/demo.yaml",
            description = "Demo configuration (default: ${DEFAULT-VALUE}).")
    private Path configFile;

    @Option(names = "--kafka-port", defaultValue = "0", description = "Kafka port (default: a free port).")
    private int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "0", description = "Schema Registry port (default: a free port).")
    private int registryPort;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final RadShiftConfig config = new ConfigLoader().load(configFile);
        try (EmbeddedKafka kafka = startKafka();
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(registryPort)) {
            kafka.createTopics(config.topics().partitions(), topicNames(config));
            out.printf("Kafka (KRaft, in-process):  %s%n", kafka.bootstrapServers());
            out.printf("Schema Registry:            %s%n", registry.url());
            out.printf("Topics:                     %s%n", String.join(", ", topicNames(config)));
            out.flush();
            awaitEnd(out);
        }
        return 0;
    }

    private EmbeddedKafka startKafka() throws java.io.IOException {
        return EmbeddedKafka.start(java.nio.file.Files.createTempDirectory("radshift-demo-kafka-"), kafkaPort, true);
    }

    private static String[] topicNames(final RadShiftConfig config) {
        final RadShiftConfig.TopicNames t = config.topics();
        return new String[] {t.studies(), t.studyLabels(), t.inferences(), t.windows(), t.alerts(), t.deadLetter()};
    }

    private void awaitEnd(final PrintWriter out) throws InterruptedException {
        final CountDownLatch stop = new CountDownLatch(1);
        final Thread hook = new Thread(stop::countDown, "radshift-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (minutes != null) {
            out.printf("Running for %.1f minute(s); Ctrl-C stops earlier.%n", minutes);
            out.flush();
            stop.await((long) (Duration.ofMinutes(1).toMillis() * minutes), TimeUnit.MILLISECONDS);
        } else {
            out.println("Running until Ctrl-C.");
            out.flush();
            stop.await();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting because of Ctrl-C: resources close in call().
        }
        out.println("Demo stopped.");
        out.flush();
    }
}
