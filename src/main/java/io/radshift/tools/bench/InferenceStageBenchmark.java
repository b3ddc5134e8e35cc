package io.radshift.tools.bench;

import ai.onnxruntime.OrtException;
import io.radshift.avro.ImageFormat;
import io.radshift.avro.StudyEvent;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.BatchPipeline;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.ImageInput;
import io.radshift.inference.ImageScorer;
import io.radshift.inference.ScoredImage;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.decode.DecoderLimits;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.decode.Preprocessor;
import io.radshift.inference.stream.BufferedStudy;
import io.radshift.inference.stream.ImageSource;
import io.radshift.inference.stream.InferenceProcessor;
import io.radshift.inference.stream.StudyInferences;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.tools.demo.model.PhantomGenerator;
import io.radshift.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
 *   <li><b>decode + preprocess per core and on all cores</b>: the scorer's per-image step
 *       ({@link ImageScorer#prepare}) on the encoded images, on one thread and on one thread per core
 *       ({@link DecodeBenchmark}).</li>
 * </ul>
 */
public final class InferenceStageBenchmark {

    /** The measured throughputs in images per second, and what ran. */
    public record Result(double bareModel, double processorPath, double decodePerCore, double decodeAllCores, int threads,
                         int images, int batch, String provider) {
        /** Processor path over bare model. */
        public double ratio() {
            return processorPath / bareModel;
        }

        /** The most the processor path can do: the smaller of the bare model rate and the all-core decode rate. */
        public double ceiling() {
            return Math.min(bareModel, decodeAllCores);
        }

        /** Processor path over its ceiling. */
        public double ratioToCeiling() {
            return processorPath / ceiling();
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
                             final double seconds) throws Exception {
        try (ImageEncoder encoder = ImageEncoder.open(bundle, InferenceProcessor.options(settings))) {
            final ImageScorer scorer = new ImageScorer(encoder,
                    new ImageDecoder(new DecoderLimits(settings.maxImageBytes(), settings.maxImagePixels())));
            final List<ImageInput> inputs = encodedImages.stream()
                    .map(bytes -> ImageInput.ofBytes(bytes, ImageFormat.UNKNOWN, null)).toList();
            final int threads = Runtime.getRuntime().availableProcessors();
            final double decode = DecodeBenchmark.perCore(scorer, inputs, seconds).wall();
            final double decodeAll = DecodeBenchmark.allCores(scorer, inputs, seconds, threads);
            final double bare = bareModel(encoder, tensors(scorer, inputs, settings.batchSize()), seconds);
            final double processor = processorPath(scorer, settings, encodedImages, seconds);
            return new Result(bare, processor, decode, decodeAll, threads, encodedImages.size(), settings.batchSize(),
                    encoder.provider().name());
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

    private static double processorPath(final ImageScorer scorer, final RadShiftConfig.Model settings,
                                        final List<byte[]> images, final double seconds) throws OrtException {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            final RadShiftConfig config = new RadShiftConfig(null, new RadShiftConfig.Registry(registry.url(), null, null),
                    null, settings, null, null, null, null, null, null);
            final Topics topics = new Topics(config, RestSchemaRegistryClient.of(config.schemaRegistry()));
            final List<byte[]> buffered = bufferedStudies(topics, images);
            try (BatchPipeline pipeline = new BatchPipeline(scorer)) {
                final Drain drain = new Drain(topics, pipeline, new ImageSource(settings.maxImageBytes(), Duration.ofSeconds(10)),
                        new StudyInferences(scorer.bundle(), scorer.provider()));
                drain.submit(buffered, 0, settings.batchSize());
                drain.forwardAll();
                final long start = System.nanoTime();
                long scored = 0;
                for (int next = 0; System.nanoTime() - start < seconds * 1e9; next += settings.batchSize()) {
                    scored += drain.submit(buffered, next, settings.batchSize());
                }
                scored += drain.forwardAll();
                return scored / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    /**
     * What {@link InferenceProcessor} does with full buffers, minus the RocksDB store and the forward plumbing:
     * decode the buffered entries, deserialize the StudyEvents, submit them to the {@link BatchPipeline} with at most
     * {@code InferenceProcessor.MAX_IN_FLIGHT} batches in flight, serialize the StudyInferences for the sink.
     */
    private static final class Drain {

        private final Topics topics;
        private final BatchPipeline pipeline;
        private final ImageSource images;
        private final StudyInferences toInference;
        private final Deque<InFlight> inFlight = new ArrayDeque<>();

        Drain(final Topics topics, final BatchPipeline pipeline, final ImageSource images, final StudyInferences toInference) {
            this.topics = topics;
            this.pipeline = pipeline;
            this.images = images;
            this.toInference = toInference;
        }

        /** Submits one batch, first forwarding the oldest in flight when the pipeline is full; returns studies forwarded. */
        long submit(final List<byte[]> buffered, final int from, final int batch) throws OrtException {
            long forwarded = 0;
            while (inFlight.size() >= InferenceProcessor.MAX_IN_FLIGHT) {
                forwarded += forwardOldest();
            }
            final String source = topics.studies().name();
            final List<StudyEvent> studies = new ArrayList<>(batch);
            final List<ImageInput> inputs = new ArrayList<>(batch);
            for (int i = from; i < from + batch; i++) {
                final BufferedStudy entry = BufferedStudy.fromBytes(buffered.get(i % buffered.size()));
                final StudyEvent study = topics.studies().valueSerde().deserializer().deserialize(source, entry.value());
                studies.add(study);
                inputs.add(images.inputOf(study));
            }
            inFlight.addLast(new InFlight(studies, pipeline.submit(inputs)));
            return forwarded;
        }

        long forwardAll() throws OrtException {
            long forwarded = 0;
            while (!inFlight.isEmpty()) {
                forwarded += forwardOldest();
            }
            return forwarded;
        }

        private long forwardOldest() throws OrtException {
            final InFlight batch = inFlight.removeFirst();
            final ImageScorer.ScoredBatch scored = BatchPipeline.await(batch.scored);
            long forwarded = 0;
            for (int i = 0; i < scored.results().size(); i++) {
                final ScoredImage result = scored.results().get(i);
                if (result.ok() && topics.inferences().valueSerde().serializer().serialize(topics.inferences().name(),
                        toInference.of(batch.studies.get(i), result, scored.modelBatch(), scored.modelNanos() / 1e6)).length > 0) {
                    forwarded++;
                }
            }
            return forwarded;
        }

        private record InFlight(List<StudyEvent> studies, CompletableFuture<ImageScorer.ScoredBatch> scored) {
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

    /** {@code count} preprocessed phantom tensors for {@code bundle}'s encoder. */
    public static List<float[]> phantomTensors(final ModelBundle bundle, final int count) {
        final Preprocessor pre = Preprocessor.forBundle(bundle.manifest());
        final PhantomGenerator phantoms = new PhantomGenerator();
        final List<float[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(pre.toChw(phantoms.render(Set.of(), PhantomGenerator.Acquisition.nominal(), i)));
        }
        return out;
    }
}
