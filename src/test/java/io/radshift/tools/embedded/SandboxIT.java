package io.radshift.tools.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.config.RadShiftConfig;
import io.radshift.ingest.registry.CompatibilityLevel;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sandbox stopped and started again on the same folder keeps its topics, committed records and schema ids. */
class SandboxIT {

    private static final Schema STUDY = SchemaBuilder.record("Study").namespace("it").fields()
            .requiredString("id").endRecord();

    @TempDir
    Path dir;

    @Test
    void aRestartedSandboxHasTheSameAddressesTopicsRecordsAndSchemas() throws Exception {
        final Sandbox.Ports ports = Sandbox.Ports.free();
        final int id;
        final String bootstrap;
        try (Sandbox sandbox = Sandbox.start(dir, ports)) {
            bootstrap = sandbox.bootstrapServers();
            sandbox.createTopics(2, "studies");
            final RestSchemaRegistryClient registry = client(sandbox);
            id = registry.register("studies-value", STUDY);
            registry.setCompatibility("studies-value", CompatibilityLevel.FULL);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sandbox-it"),
                    new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("studies", "hospital-a", "study-1"));
                producer.commitTransaction();
            }
        }

        try (Sandbox again = Sandbox.start(dir, ports)) {
            assertThat(again.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(again.registryUrl()).isEqualTo("http://127.0.0.1:" + ports.registry());
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", again.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("studies");
            }
            assertThat(committedValues(again.bootstrapServers())).containsExactly("study-1");
            final RestSchemaRegistryClient fresh = client(again);
            assertThat(fresh.getById(id)).isEqualTo(STUDY);
            assertThat(fresh.register("studies-value", STUDY)).isEqualTo(id);
            assertThat(fresh.getCompatibility("studies-value")).isEqualTo(CompatibilityLevel.FULL);
        }
    }

    @Test
    void theRegistryCanBeStoppedAndStartedWhileTheBrokerRuns() throws Exception {
        try (Sandbox sandbox = Sandbox.start(dir, Sandbox.Ports.free())) {
            final int id = client(sandbox).register("studies-value", STUDY);
            sandbox.stopRegistry();
            sandbox.startRegistry();
            assertThat(client(sandbox).getById(id)).isEqualTo(STUDY);
        }
    }

    private static RestSchemaRegistryClient client(final Sandbox sandbox) {
        return RestSchemaRegistryClient.of(new RadShiftConfig.Registry(sandbox.registryUrl(), null, null));
    }

    private static List<String> committedValues(final String bootstrap) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "sandbox-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("studies"));
            final List<String> values = new ArrayList<>();
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }
}
