package io.radshift.inference.stream;

import ai.onnxruntime.OrtException;
import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.decode.Preprocessor;
import io.radshift.ingest.registry.EmbeddedSchemaRegistry;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.topology.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Measures the inference stage against a bare ONNX Runtime loop on the same images, in one run:
 *
 * <ul>
 *   <li><b>bare model</b>: {@link ImageEncoder#embedAndScore} on pre-decoded tensors, {@code batch} per call;</li>
 *   <li><b>processor path</b>: the real topology of {@link InferenceStage} in a {@link TopologyTestDriver}: source
 *       deserialization (Confluent serde, embedded registry), the RocksDB buffer store, decode + preprocess
 *       (parallel), the model call, StudyInference building and sink serialization; no broker I/O;</li>
 *   <li><b>decode + preprocess per core</b>: one thread decoding the encoded images to the model's input.</li>
 * </ul>
 */
public final class InferenceStageBenchmark {

    /** The three measured throughputs in images per second, and what ran. */
    public record Result(double bareModel, double processorPath, double decodePerCore, int images, int batch, String provider) {
        /** Processor path over bare model. */
        public double ratio() {
            return processorPath / bareModel;
        }
    }

    private InferenceStageBenchmark() {
    }

    /**
     * Runs the three measurements for about {@code seconds} each.
     *
     * @param encodedImages the encoded images (PNG, JPEG or DICOM bytes) cycled through
     */
    public static Result run(final ModelBundle bundle, final RadShiftConfig.Model settings, final List<byte[]> encodedImages,
                             final double seconds, final Path stateDir) throws OrtException, DecodeException {
        final double decode = decodePerCore(bundle, encodedImages, seconds);
        final double bare;
        final String provider;
        try (ImageEncoder encoder = ImageEncoder.open(bundle, InferenceProcessor.options(settings))) {
            bare = bareModel(encoder, tensors(bundle, encodedImages, settings.batchSize()), settings.batchSize(), seconds);
            provider = encoder.provider().name();
        }
        final double processor = processorPath(bundle, settings, encodedImages, seconds, stateDir);
        return new Result(bare, processor, decode, encodedImages.size(), settings.batchSize(), provider);
    }

    private static List<float[]> tensors(final ModelBundle bundle, final List<byte[]> images, final int count) throws DecodeException {
        final ImageDecoder decoder = new ImageDecoder();
        final Preprocessor pre = Preprocessor.forBundle(bundle.manifest());
        final List<float[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(pre.toChw(decoder.decode(images.get(i % images.size())).grey()));
        }
        return out;
    }

    private static double bareModel(final ImageEncoder encoder, final List<float[]> batch, final int batchSize,
                                    final double seconds) throws OrtException {
        for (int i = 0; i < 3; i++) {
            encoder.embedAndScore(batch);
        }
        final long start = System.nanoTime();
        long images = 0;
        while (System.nanoTime() - start < seconds * 1e9) {
            images += encoder.embedAndScore(batch).size();
        }
        return images / ((System.nanoTime() - start) / 1e9);
    }

    private static double decodePerCore(final ModelBundle bundle, final List<byte[]> images, final double seconds) throws DecodeException {
        final ImageDecoder decoder = new ImageDecoder();
        final Preprocessor pre = Preprocessor.forBundle(bundle.manifest());
        for (int i = 0; i < Math.min(20, images.size()); i++) {
            pre.toChw(decoder.decode(images.get(i)).grey());
        }
        final long start = System.nanoTime();
        long decoded = 0;
        while (System.nanoTime() - start < seconds * 1e9) {
            pre.toChw(decoder.decode(images.get((int) (decoded % images.size()))).grey());
            decoded++;
        }
        return decoded / ((System.nanoTime() - start) / 1e9);
    }

    private static double processorPath(final ModelBundle bundle, final RadShiftConfig.Model settings, final List<byte[]> images,
                                        final double seconds, final Path stateDir) {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            final RadShiftConfig config = new RadShiftConfig(null, new RadShiftConfig.Registry(registry.url(), null, null),
                    null, batchOnly(settings), null, null, null, null, null, null);
            final Topics topics = new Topics(config, RestSchemaRegistryClient.builder(registry.url()).build());
            final List<byte[]> payloads = studyPayloads(topics, images);
            final Topology topology = new Topology();
            InferenceStage.addTo(topology, topics, config.model(), bundle, RadShiftMetrics.discarding());
            try (TopologyTestDriver driver = new TopologyTestDriver(topology, driverProperties(stateDir))) {
                final TestInputTopic<String, byte[]> in = driver.createInputTopic(topics.studies().name(),
                        new StringSerializer(), new ByteArraySerializer());
                final TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(topics.inferences().name(),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer());
                pipe(in, out, payloads, 3L * settings.batchSize());
                final long start = System.nanoTime();
                long scored = 0;
                while (System.nanoTime() - start < seconds * 1e9) {
                    scored += pipe(in, out, payloads, settings.batchSize());
                }
                return scored / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** Pipes {@code count} studies and returns how many inferences came out. */
    private static long pipe(final TestInputTopic<String, byte[]> in, final TestOutputTopic<byte[], byte[]> out,
                             final List<byte[]> payloads, final long count) {
        for (long i = 0; i < count; i++) {
            in.pipeInput("site-bench", payloads.get((int) (i % payloads.size())));
        }
        return out.readRecordsToList().size();
    }

    /** The same settings with a latency long enough that only full batches drain. */
    private static RadShiftConfig.Model batchOnly(final RadShiftConfig.Model s) {
        return new RadShiftConfig.Model(s.bundle(), s.provider(), s.deviceId(), s.intraOpThreads(), s.batchSize(),
                Duration.ofHours(1), s.maxImageBytes(), s.maxImagePixels());
    }

    private static List<byte[]> studyPayloads(final Topics topics, final List<byte[]> images) {
        final List<byte[]> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            final StudyEvent study = StudyEvent.newBuilder().setStudyId("bench-" + i).setSiteId("site-bench")
                    .setEventTime(Instant.ofEpochMilli(1_000_000L + i)).setImage(ByteBuffer.wrap(images.get(i)))
                    .setImageFormat(ImageFormat.UNKNOWN).build();
            out.add(topics.studies().valueSerde().serializer().serialize(topics.studies().name(), study));
        }
        return out;
    }

    private static Properties driverProperties(final Path stateDir) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "radshift-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    /** Reads image files into memory (so disk speed is not measured). */
    public static List<byte[]> readAll(final List<Path> files) throws java.io.IOException {
        final List<byte[]> out = new ArrayList<>(files.size());
        for (final Path file : files) {
            out.add(Files.readAllBytes(file));
        }
        return out;
    }
}
