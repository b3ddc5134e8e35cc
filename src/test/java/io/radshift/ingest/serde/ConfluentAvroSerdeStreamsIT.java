package io.radshift.ingest.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.avro.StudyEvent;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.ingest.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The serde as Kafka Streams instantiates it (by class name from config) and under concurrent use. */
class ConfluentAvroSerdeStreamsIT {

    private EmbeddedSchemaRegistry registry;

    @BeforeEach
    void startRegistry() {
        registry = EmbeddedSchemaRegistry.start(0);
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void worksAsTheDefaultValueSerdeOfATopology() {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.<String, StudyEvent>stream("studies").filter((key, event) -> event.getSiteId().equals("site-b"))
                .to("studies-site-b");
        final Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "serde-it");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
        config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, ConfluentAvroSerde.class.getName());
        config.put("schema.registry.url", registry.url());

        final SchemaRegistryClient client = RestSchemaRegistryClient.builder(registry.url()).build();
        final ConfluentAvroSerde<StudyEvent> serde = new ConfluentAvroSerde<>(client, StudyEvent.class);
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
            final TestInputTopic<String, StudyEvent> input = driver.createInputTopic("studies",
                    Serdes.String().serializer(), serde.serializer());
            final TestOutputTopic<String, StudyEvent> output = driver.createOutputTopic("studies-site-b",
                    Serdes.String().deserializer(), serde.deserializer());
            final StudyEvent event = SampleRecords.studyEvent(1);
            input.pipeInput("study-1", event);
            assertThat(output.readValue()).isEqualTo(event);
        }
        assertThat(client.subjects()).containsExactlyInAnyOrder("studies-value", "studies-site-b-value");
        assertThat(client.latest("studies-site-b-value").id()).as("same schema, same id")
                .isEqualTo(client.latest("studies-value").id());
    }

    @Test
    void oneSerdeInstanceIsSafeAcrossThreads() throws Exception {
        final SchemaRegistryClient client = RestSchemaRegistryClient.builder(registry.url()).build();
        final ConfluentAvroSerde<StudyEvent> serde = new ConfluentAvroSerde<>(client, StudyEvent.class);
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            final List<Callable<Integer>> tasks = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                final int offset = thread * 1_000;
                tasks.add(() -> roundTrips(serde, offset, 250));
            }
            for (final Future<Integer> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isEqualTo(250);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(client.latest("studies-value").version()).as("registered once").isEqualTo(1);
    }

    private static int roundTrips(final ConfluentAvroSerde<StudyEvent> serde, final int offset, final int count) {
        int matching = 0;
        for (int n = offset; n < offset + count; n++) {
            final StudyEvent event = SampleRecords.studyEvent(n);
            final byte[] payload = serde.serializer().serialize("studies", event);
            if (serde.deserializer().deserialize("studies", payload).equals(event)) {
                matching++;
            }
        }
        return matching;
    }
}
