package io.radshift.topology;

import io.radshift.topics.Topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.stats.profile.ReferenceProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps {@code topologies/NAME.topology.txt} equal to {@code Topology.describe()} of every shipped configuration,
 * so that a change to the topology shows up in review diffs. After an intended change, regenerate the files with
 * {@code mvn test -Dtest=TopologyDescriptionTest -Dradshift.topologies.update=true} and commit them.
 */
class TopologyDescriptionTest {

    private static final Path TOPOLOGIES = Path.of("topologies");
    private static EmbeddedSchemaRegistry registry;
    private static ModelBundle bundle;
    private static ReferenceProfile profile;

    @BeforeAll
    static void setUp(@org.junit.jupiter.api.io.TempDir final Path dir) throws IOException {
        registry = EmbeddedSchemaRegistry.start(0);
        bundle = DemoBundleBuilder.ensure(dir.resolve("bundle"));
        profile = new SyntheticSites(1).profile(bundle.modelId(), bundle.contentHash());
    }

    @AfterAll
    static void tearDown() {
        registry.close();
    }

    static Stream<Path> shippedConfigs() throws IOException {
        return Files.list(TOPOLOGIES).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @ParameterizedTest
    @MethodSource("shippedConfigs")
    void describedTopologyIsCommitted(final Path configFile) throws IOException {
        final RadShiftConfig config = new ConfigLoader().load(configFile);
        final Topics topics = new Topics(config, RestSchemaRegistryClient.builder(registry.url()).build());
        final String described = RadShiftTopology.build(config, topics, bundle, profile,
                RadShiftMetrics.discarding()).describe();
        final Path file = TOPOLOGIES.resolve(configFile.getFileName().toString().replace(".yaml", ".topology.txt"));
        if (Boolean.getBoolean("radshift.topologies.update")) {
            Files.writeString(file, described);
        }
        assertThat(file).as("%s is missing: run mvn test -Dtest=TopologyDescriptionTest -Dradshift.topologies.update=true", file)
                .exists();
        assertThat(Files.readString(file))
                .as("the topology of %s changed; review it and regenerate %s with -Dradshift.topologies.update=true", configFile, file)
                .isEqualTo(described);
    }
}
