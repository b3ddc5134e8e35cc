package io.radshift.tools.bench;

import io.radshift.inference.stream.InferenceProcessor;
import io.radshift.inference.stream.ImageSource;
import io.radshift.inference.stream.BufferedStudy;
import io.radshift.inference.stream.StudyBatchScorer;

import ai.onnxruntime.OrtException;
import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.decode.DecoderLimits;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.decode.Preprocessor;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Measures the inference stage against a bare ONNX Runtime loop on the same images, in one run:
 *
 * <ul>
 *   <li><b>bare model</b>: {@link ImageEncoder#embedAndScore} on pre-decoded tensors, {@code batch} per call;</li>
 *   <li><b>processor path</b>: the inference processor's drain path on full buffers of pre-built studies:
 *       buffer-entry decoding, StudyEvent deserialization (Confluent serde, embedded registry), image decode +
 *       preprocess (parallel, as in the processor), the model call, StudyInference building and sink
 *       serialization; without the RocksDB store writes and Kafka I/O;</li>
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
                             final double seconds) throws OrtException, DecodeException {
        final double decode = decodePerCore(bundle, encodedImages, seconds);
        final double bare;
        final String provider;
        try (ImageEncoder encoder = ImageEncoder.open(bundle, InferenceProcessor.options(settings))) {
            bare = bareModel(encoder, tensors(bundle, encodedImages, settings.batchSize()), settings.batchSize(), seconds);
            provider = encoder.provider().name();
        }
        final double processor = processorPath(bundle, settings, encodedImages, seconds);
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
                                        final double seconds) throws OrtException {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0);
             ImageEncoder encoder = ImageEncoder.open(bundle, InferenceProcessor.options(settings))) {
            final RadShiftConfig config = new RadShiftConfig(null, new RadShiftConfig.Registry(registry.url(), null, null),
                    null, settings, null, null, null, null, null, null);
            final Topics topics = new Topics(config, RestSchemaRegistryClient.builder(registry.url()).build());
            final List<byte[]> buffered = bufferedStudies(topics, images);
            final StudyBatchScorer scorer = new StudyBatchScorer(encoder,
                    new ImageDecoder(new DecoderLimits(settings.maxImageBytes(), settings.maxImagePixels())),
                    new ImageSource(settings.maxImageBytes(), Duration.ofSeconds(10)));
            drainOnce(topics, scorer, buffered, 0, settings.batchSize());
            final long start = System.nanoTime();
            long scored = 0;
            for (int next = 0; System.nanoTime() - start < seconds * 1e9; next += settings.batchSize()) {
                scored += drainOnce(topics, scorer, buffered, next, settings.batchSize());
            }
            return scored / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * What {@link InferenceProcessor} does for one full buffer, minus the RocksDB store and the forward plumbing:
     * decode the buffered entries, deserialize the StudyEvents, score them, serialize the StudyInferences for the sink.
     */
    private static long drainOnce(final Topics topics, final StudyBatchScorer scorer, final List<byte[]> buffered,
                                  final int from, final int batch) throws OrtException {
        final String source = topics.studies().name();
        final List<StudyEvent> studies = new ArrayList<>(batch);
        for (int i = from; i < from + batch; i++) {
            final BufferedStudy entry = BufferedStudy.fromBytes(buffered.get(i % buffered.size()));
            studies.add(topics.studies().valueSerde().deserializer().deserialize(source, entry.value()));
        }
        long scored = 0;
        for (final StudyBatchScorer.Result result : scorer.score(studies, (size, nanos) -> { })) {
            if (result.ok() && topics.inferences().valueSerde().serializer().serialize(topics.inferences().name(), result.inference()).length > 0) {
                scored++;
            }
        }
        return scored;
    }

    /** The images as the buffer store holds them: serialized StudyEvents wrapped in {@link BufferedStudy} entries. */
    private static List<byte[]> bufferedStudies(final Topics topics, final List<byte[]> images) {
        final List<byte[]> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            final StudyEvent study = StudyEvent.newBuilder().setStudyId("bench-" + i).setSiteId("site-bench")
                    .setEventTime(Instant.ofEpochMilli(1_000_000L + i)).setImage(ByteBuffer.wrap(images.get(i)))
                    .setImageFormat(ImageFormat.UNKNOWN).build();
            final byte[] value = topics.studies().valueSerde().serializer().serialize(topics.studies().name(), study);
            out.add(new BufferedStudy(null, value, study.getEventTime().toEpochMilli(), 0L, new RecordHeaders()).toBytes());
        }
        return out;
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
