package io.radshift.tools.bench;

import ai.onnxruntime.OrtException;
import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.ImageInput;
import io.radshift.inference.ImageScorer;
import io.radshift.inference.ScoredImage;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.decode.DecoderLimits;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.stream.BufferedStudy;
import io.radshift.inference.stream.ImageSource;
import io.radshift.inference.stream.InferenceProcessor;
import io.radshift.inference.stream.StudyInferences;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
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
 *       buffer-entry decoding, StudyEvent deserialization (Confluent serde, embedded registry), the
 *       {@link ImageScorer} (image decode + preprocess in parallel, the model call), StudyInference building and
 *       serialization; without the RocksDB store writes and Kafka I/O;</li>
 *   <li><b>decode + preprocess per core</b>: one thread running the scorer's per-image step
 *       ({@link ImageScorer#prepare}) on the encoded images.</li>
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
        try (ImageEncoder encoder = ImageEncoder.open(bundle, InferenceProcessor.options(settings))) {
            final ImageScorer scorer = new ImageScorer(encoder,
                    new ImageDecoder(new DecoderLimits(settings.maxImageBytes(), settings.maxImagePixels())));
            final List<ImageInput> inputs = encodedImages.stream()
                    .map(bytes -> ImageInput.ofBytes(bytes, ImageFormat.UNKNOWN, null)).toList();
            final double decode = decodePerCore(scorer, inputs, seconds);
            final double bare = bareModel(encoder, tensors(scorer, inputs, settings.batchSize()), seconds);
            final double processor = processorPath(scorer, settings, encodedImages, seconds);
            return new Result(bare, processor, decode, encodedImages.size(), settings.batchSize(), encoder.provider().name());
        }
    }

    private static List<float[]> tensors(final ImageScorer scorer, final List<ImageInput> images, final int count)
            throws DecodeException {
        final List<float[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(scorer.prepare(images.get(i % images.size())).tensor());
        }
        return out;
    }

    private static double bareModel(final ImageEncoder encoder, final List<float[]> batch, final double seconds)
            throws OrtException {
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

    private static double decodePerCore(final ImageScorer scorer, final List<ImageInput> images, final double seconds)
            throws DecodeException {
        for (int i = 0; i < Math.min(20, images.size()); i++) {
            scorer.prepare(images.get(i));
        }
        final long start = System.nanoTime();
        long decoded = 0;
        while (System.nanoTime() - start < seconds * 1e9) {
            scorer.prepare(images.get((int) (decoded % images.size())));
            decoded++;
        }
        return decoded / ((System.nanoTime() - start) / 1e9);
    }

    private static double processorPath(final ImageScorer scorer, final RadShiftConfig.Model settings,
                                        final List<byte[]> images, final double seconds) throws OrtException {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            final RadShiftConfig config = new RadShiftConfig(null, new RadShiftConfig.Registry(registry.url(), null, null),
                    null, settings, null, null, null, null, null, null);
            final Topics topics = new Topics(config, RestSchemaRegistryClient.of(config.schemaRegistry()));
            final List<byte[]> buffered = bufferedStudies(topics, images);
            final Drain drain = new Drain(topics, scorer, new ImageSource(settings.maxImageBytes(), Duration.ofSeconds(10)),
                    new StudyInferences(scorer.bundle(), scorer.provider()));
            drain.once(buffered, 0, settings.batchSize());
            final long start = System.nanoTime();
            long scored = 0;
            for (int next = 0; System.nanoTime() - start < seconds * 1e9; next += settings.batchSize()) {
                scored += drain.once(buffered, next, settings.batchSize());
            }
            return scored / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * What {@link InferenceProcessor} does for one full buffer, minus the RocksDB store and the forward plumbing:
     * decode the buffered entries, deserialize the StudyEvents, score them, serialize the StudyInferences for the sink.
     */
    private static final class Drain implements ImageScorer.ModelCallListener {

        private final Topics topics;
        private final ImageScorer scorer;
        private final ImageSource images;
        private final StudyInferences toInference;
        private int modelBatch;
        private long modelNanos;

        Drain(final Topics topics, final ImageScorer scorer, final ImageSource images, final StudyInferences toInference) {
            this.topics = topics;
            this.scorer = scorer;
            this.images = images;
            this.toInference = toInference;
        }

        @Override
        public void completed(final int batchSize, final long nanos) {
            modelBatch = batchSize;
            modelNanos = nanos;
        }

        long once(final List<byte[]> buffered, final int from, final int batch) throws OrtException {
            final String source = topics.studies().name();
            final List<StudyEvent> studies = new ArrayList<>(batch);
            final List<ImageInput> inputs = new ArrayList<>(batch);
            for (int i = from; i < from + batch; i++) {
                final BufferedStudy entry = BufferedStudy.fromBytes(buffered.get(i % buffered.size()));
                final StudyEvent study = topics.studies().valueSerde().deserializer().deserialize(source, entry.value());
                studies.add(study);
                inputs.add(images.inputOf(study));
            }
            final List<ScoredImage> results = scorer.score(inputs, this);
            long scored = 0;
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).ok() && topics.inferences().valueSerde().serializer().serialize(topics.inferences().name(),
                        toInference.of(studies.get(i), results.get(i), modelBatch, modelNanos / 1e6)).length > 0) {
                    scored++;
                }
            }
            return scored;
        }
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
