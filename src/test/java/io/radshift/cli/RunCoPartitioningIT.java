package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.inference.bundle.ModelBundle;
import io.radshift.stats.profile.ReferenceProfileAvro;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.topology.SyntheticSites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code radshift run} on the real in-process broker refuses, in one line and before any stream starts, site-keyed
 * input topics created by hand with different partition counts: a site's studies and inferences would meet in
 * different tasks ({@code CoPartitioning}, unit-tested on its own, here through the command a user runs).
 */
class RunCoPartitioningIT {

    @TempDir
    Path dir;

    @Test
    void inputsWithDifferentPartitionCountsStopTheRunInOneLine() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("cp-studies", 3, (short) 1), new NewTopic("cp-inferences", 2, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            final ModelBundle bundle = DemoBundleBuilder.ensure(dir.resolve("bundle"));
            ReferenceProfileAvro.write(new SyntheticSites(1).profile(bundle.modelId(), bundle.contentHash()), dir.resolve("profile.avro"));
            final Path config = Files.writeString(dir.resolve("radshift.yaml"), """
                    kafka: {bootstrapServers: "%s", applicationId: it-copartitioning, stateDir: state}
                    schemaRegistry: {url: "%s"}
                    topics: {partitions: 3, studies: cp-studies, studyLabels: cp-labels, inferences: cp-inferences, windows: cp-windows, alerts: cp-alerts, deadLetter: cp-dlq}
                    model: {bundle: bundle, provider: cpu}
                    reference: {profile: profile.avro}
                    metrics: {port: 0}
                    """.formatted(kafka.bootstrapServers(), registry.url()));
            final CliRun run = CliRun.of("run", "--config", config.toString());

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err().lines().toList()).singleElement().asString()
                    .startsWith("radshift run: the site-keyed input topics must all have the same number of partitions")
                    .contains("cp-inferences has 2", "cp-studies has 3", "cp-labels has 3", "cp-dlq has 3");
            assertThat(run.out()).as("nothing started").isEmpty();
        }
    }
}
