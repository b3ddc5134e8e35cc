package io.radshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.tools.embedded.EmbeddedKafka;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The purge of RadShift's own internal topic on the in-process broker: records below the group's committed offset
 * are deleted, partitions the group never committed and other topics are left alone.
 */
class ConsumedTopicPurgeIT {

    private static final String GROUP = "radshift-purge-it";
    private static final String ALL_SITES = "purge-it-all-sites";
    private static final String OTHER = "purge-it-studies";

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(2, ALL_SITES, OTHER);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void deletesWhatTheGroupCommittedAndNothingElse() throws Exception {
        produce(ALL_SITES, 0, 100);
        produce(ALL_SITES, 1, 40);
        produce(OTHER, 0, 100);
        final TopicPartition consumed = new TopicPartition(ALL_SITES, 0);
        final TopicPartition neverCommitted = new TopicPartition(ALL_SITES, 1);
        final TopicPartition otherTopic = new TopicPartition(OTHER, 0);
        try (Admin admin = admin()) {
            admin.alterConsumerGroupOffsets(GROUP, Map.of(consumed, new OffsetAndMetadata(60),
                    otherTopic, new OffsetAndMetadata(70))).all().get(30, TimeUnit.SECONDS);
            try (ConsumedTopicPurge purge = new ConsumedTopicPurge(admin(), GROUP, List.of(ALL_SITES),
                    Executors.newSingleThreadScheduledExecutor())) {
                assertThat(purge.purge()).isEqualTo(Map.of(consumed, 60L));
            }
            assertThat(earliest(admin, consumed)).as("consumed and committed: deleted").isEqualTo(60);
            assertThat(earliest(admin, neverCommitted)).isZero();
            assertThat(earliest(admin, otherTopic)).as("not RadShift's internal topic").isZero();
        }
    }

    private static long earliest(final Admin admin, final TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get(30, TimeUnit.SECONDS).offset();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static void produce(final String topic, final int partition, final int records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int n = 0; n < records; n++) {
                producer.send(new ProducerRecord<>(topic, partition, "*", "window " + n));
            }
            producer.flush();
        }
    }
}
