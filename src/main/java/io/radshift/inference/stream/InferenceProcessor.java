package io.radshift.inference.stream;

import ai.onnxruntime.OrtException;
import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyInference;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.BatchPipeline;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.ImageInput;
import io.radshift.inference.ImageScorer;
import io.radshift.inference.ScoredImage;
import io.radshift.inference.SharedEncoder;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.DecoderLimits;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.onnx.ExecutionProvider;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.ingest.DeadLetters;
import io.radshift.ingest.SiteIds;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.topics.Topic;
import io.radshift.topics.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micro-batches studies for ONNX Runtime without losing or duplicating any under {@code exactly_once_v2}.
 *
 * <p>Every incoming study is first written to the changelogged {@link #BUFFER_STORE} under the next per-task
 * sequence number (a big-endian long, so the store iterates in arrival order), together with its record timestamp
 * and headers. Once {@code batchSize} studies wait, they are submitted to a {@link BatchPipeline}: decoded on the
 * shared decode threads, then embedded on the model thread, while this stream thread goes on buffering (and
 * submitting) the next batch, so decoding batch k+1 overlaps the model call of batch k. At most
 * {@link #MAX_IN_FLIGHT} batches are in flight. A batch's outputs are forwarded, and its studies deleted from the
 * buffer, on the stream thread: when it is done (checked on every record and punctuation), when a further batch
 * needs its place, and from a wall-clock punctuator once the task's input is drained (a whole check period passed
 * without a new study: nothing more is coming to fill the batch, so waiting would only add latency) or its oldest
 * study has waited {@code maxBatchLatency}; both also submit a partial batch. So a busy stream fills whole batches,
 * and a quiet one scores a study within a check period instead of {@code maxBatchLatency}. Outputs and the store deletes happen in the same transaction as the input
 * offsets, so a crash either rolls all of them back (the studies are still buffered, or will be re-read) or none:
 * an in-flight batch is only derived data, its studies stay in the store until its outputs are forwarded, and a
 * new owner of the task scores them again.
 *
 * <p>Outputs go in sequence order (per-key order kept) and carry the original event time and headers, restored
 * from the buffer because a punctuator has no record context. A study that cannot be scored goes to the
 * dead-letter child with its original bytes and reason headers; it never fails the batch, because an exception in a
 * punctuator would reach Kafka's handler without the source record. A model failure fails the task loudly: the
 * buffer is intact and the batch is retried when the thread is replaced. All tasks of the process share one ONNX
 * Runtime session ({@link SharedEncoder}) and one decode pool.
 *
 * <p>A buffered study is consumed as far as the consumer group's committed offsets tell, but not yet handed on. So
 * after every change of its buffer the task sets its mark in {@link BufferMarks} (the offset in its partition of
 * {@code studies} below which every study it processed has left the buffer, kept by a {@link BufferLedger}), which
 * the application publishes for the idle rule of the monitoring stage: a site whose study waits here for its batch
 * is not quiet.
 *
 * <p>Both children get serialized bytes: the StudyInference serialized here with the {@code study-inferences}
 * serde, the dead letter as the study's original bytes. So each sink writes exactly what it is given, and a record
 * cannot reach the wrong topic in a form its consumers would misread.
 */
public final class InferenceProcessor implements Processor<String, StudyEvent, byte[], byte[]> {

    /** Name of the buffer store (sequence number to {@link BufferedStudy} bytes). */
    public static final String BUFFER_STORE = "inference-buffer";
    /** Name of the child that writes scored studies to {@code study-inferences}. */
    public static final String INFERENCES_CHILD = "study-inferences-sink";
    /** Name of the child that writes failed studies to the dead-letter topic. */
    public static final String DEAD_LETTER_CHILD = "inference-dead-letter-sink";

    /** Batches submitted and not yet forwarded: one in the model, the next decoding. */
    public static final int MAX_IN_FLIGHT = 2;
    /**
     * How often the punctuator looks for a drained input or a study that waited too long. Kafka Streams punctuates
     * after the loop's processing step, so a period with no study means the task's fetched input ran out.
     */
    static final Duration CHECK_INTERVAL = Duration.ofMillis(10);

    private static final Logger LOG = LoggerFactory.getLogger(InferenceProcessor.class);
    private static final AtomicBoolean PROVIDER_LOGGED = new AtomicBoolean();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private final RadShiftConfig.Model settings;
    private final ModelBundle bundle;
    private final Topic<String, StudyEvent> studies;
    private final Topic<String, StudyInference> inferences;
    private final RadShiftMetrics metrics;
    private final BufferMarks marks;
    private final BufferLedger ledger = new BufferLedger();

    private final Deque<InFlight> inFlight = new ArrayDeque<>();

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Long, byte[]> buffer;
    private SharedEncoder.Lease encoder;
    private ImageScorer scorer;
    private BatchPipeline pipeline;
    private ImageSource images;
    private StudyInferences toInference;
    private long nextSequence;
    /** The first buffered sequence number not yet submitted, how many studies wait from it, and since when. */
    private long nextToSubmit;
    private int waiting;
    private long oldestWaitingAt;
    /** Whether a study arrived since the punctuator last looked; none means the input is drained. */
    private boolean arrivedSinceCheck;

    /**
     * Creates the processor of one task; the encoder opens in {@link #init}.
     *
     * @param topics the source topic's serdes keep each buffered study as its original serialized bytes and its name
     *               goes into dead-letter headers; the {@code study-inferences} serdes serialize the outputs
     * @param marks  where the task sets how far its input has left the buffer
     */
    public InferenceProcessor(final RadShiftConfig.Model settings, final ModelBundle bundle, final Topics topics,
                              final RadShiftMetrics metrics, final BufferMarks marks) {
        this.settings = settings;
        this.bundle = bundle;
        this.studies = topics.studies();
        this.inferences = topics.inferences();
        this.metrics = metrics;
        this.marks = marks;
    }

    /** The encoder options the configuration asks for: CUDA on its device or the CPU, batches of {@code batchSize}. */
    public static InferenceOptions options(final RadShiftConfig.Model settings) {
        final ExecutionProvider provider = settings.provider().equals("cuda")
                ? ExecutionProvider.cuda(settings.deviceId()) : ExecutionProvider.cpu();
        return new InferenceOptions(provider, settings.intraOpThreads(), false, settings.batchSize());
    }

    @Override
    public void init(final ProcessorContext<byte[], byte[]> ctx) {
        this.context = ctx;
        this.buffer = ctx.getStateStore(BUFFER_STORE);
        this.encoder = openEncoder();
        this.scorer = new ImageScorer(encoder.encoder(),
                new ImageDecoder(new DecoderLimits(settings.maxImageBytes(), settings.maxImagePixels())));
        this.pipeline = new BatchPipeline(scorer);
        this.images = new ImageSource(settings.maxImageBytes(), HTTP_TIMEOUT, settings.imageRoots());
        this.toInference = new StudyInferences(bundle, encoder.encoder().provider());
        recoverBufferState();
        marks.restored(context.taskId().partition(), this, ledger.mark());
        ctx.schedule(CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::drainIfIdleOrLate);
    }

    @Override
    public void process(final Record<String, StudyEvent> record) {
        final long sourceOffset = context.recordMetadata().map(RecordMetadata::offset).orElse(BufferedStudy.NO_OFFSET);
        if (sourceOffset != BufferedStudy.NO_OFFSET) {
            ledger.processed(sourceOffset);
        }
        handle(record, sourceOffset);
        setMark();
    }

    /** Dead-letters a study at the door, or buffers it and submits a full batch. */
    private void handle(final Record<String, StudyEvent> record, final long sourceOffset) {
        final StudyEvent study = record.value();
        if (study == null) {
            metrics.deadLettered(DeadLetters.TOMBSTONE);
            context.forward(new Record<>(studies.keySerde().serializer().serialize(studies.name(), record.key()), (byte[]) null,
                    record.timestamp(), deadLetterHeaders(record.headers(), DeadLetters.TOMBSTONE, "study event is null (tombstone)")),
                    DEAD_LETTER_CHILD);
            return;
        }
        final Optional<SiteIds.Rejection> refused = SiteIds.check(record.key(), study.getSiteId());
        if (refused.isPresent()) {
            // At the door: a 64 KB or free-text site id must not become a metrics tag, nor cost a model call.
            final SiteIds.Rejection r = refused.get();
            metrics.deadLettered(r.reason());
            LOG.warn("Dead-lettering a study at the door: {} ({})", r.reason(), r.message());
            context.forward(new Record<>(studies.keySerde().serializer().serialize(studies.name(), record.key()),
                    studies.valueSerde().serializer().serialize(studies.name(), study), record.timestamp(),
                    deadLetterHeaders(record.headers(), r.reason(), r.message())), DEAD_LETTER_CHILD);
            return;
        }
        metrics.studyReceived(study.getSiteId().toString());
        final long now = context.currentSystemTimeMs();
        final BufferedStudy entry = new BufferedStudy(studies.keySerde().serializer().serialize(studies.name(), record.key()),
                studies.valueSerde().serializer().serialize(studies.name(), study),
                record.timestamp(), now, new RecordHeaders(record.headers().toArray()), sourceOffset);
        buffer.put(nextSequence++, entry.toBytes());
        arrivedSinceCheck = true;
        ledger.buffered(sourceOffset == BufferedStudy.NO_OFFSET ? BufferLedger.UNKNOWN_OFFSET : sourceOffset);
        if (waiting++ == 0) {
            oldestWaitingAt = now;
        }
        forwardCompleted();
        if (waiting >= settings.batchSize()) {
            submit();
        }
    }

    /**
     * Lets the batches in flight finish without forwarding them (their studies stay buffered for whoever owns the
     * task next), then lets go of the shared encoder.
     */
    @Override
    public void close() {
        if (context != null) {
            marks.release(context.taskId().partition(), this);
        }
        if (pipeline != null) {
            pipeline.close();
        }
        inFlight.clear();
        if (encoder != null) {
            try {
                encoder.close();
            } catch (final OrtException e) {
                LOG.warn("closing the ONNX Runtime session failed: {}", e.getMessage());
            }
        }
    }

    private SharedEncoder.Lease openEncoder() {
        final InferenceOptions options = options(settings);
        try {
            final SharedEncoder.Lease lease = SharedEncoder.acquire(bundle, options);
            final ImageEncoder opened = lease.encoder();
            final String provider = opened.provider().name();
            metrics.executionProvider(provider);
            // One line per process: a CUDA fallback is already logged (once per session) by OnnxModel as a WARN.
            if (opened.provider() == options.provider().kind() && PROVIDER_LOGGED.compareAndSet(false, true)) {
                LOG.info("Inference runs model {} ({}) on {}{}", bundle.modelId(), bundle.contentHash(), provider,
                        opened.provider() == ExecutionProvider.Kind.CUDA ? " device " + settings.deviceId() : "");
            }
            return lease;
        } catch (final OrtException e) {
            throw new StreamsException("cannot open the encoder of bundle " + bundle.dir() + ": " + e.getMessage(), e);
        }
    }

    /** After a restart or a task migration the store may hold studies: continue their sequence and their clock. */
    private void recoverBufferState() {
        waiting = 0;
        nextSequence = 0;
        nextToSubmit = 0;
        ledger.clear();
        try (KeyValueIterator<Long, byte[]> all = buffer.all()) {
            while (all.hasNext()) {
                final KeyValue<Long, byte[]> entry = all.next();
                final BufferedStudy study = BufferedStudy.fromBytes(entry.value);
                ledger.buffered(study.sourceOffset() == BufferedStudy.NO_OFFSET ? BufferLedger.UNKNOWN_OFFSET : study.sourceOffset());
                if (waiting++ == 0) {
                    oldestWaitingAt = study.bufferedAt();
                    nextToSubmit = entry.key;
                }
                nextSequence = entry.key + 1;
            }
        }
        if (waiting > 0) {
            LOG.info("Task {} resumes with {} buffered studies", context.taskId(), waiting);
        }
    }

    /**
     * The punctuator: forwards finished batches; when no study arrived since the last check (the input is drained)
     * or the oldest study (waiting or in flight) has waited {@code maxBatchLatency}, submits everything waiting and
     * forwards every batch in flight.
     */
    private void drainIfIdleOrLate(final long now) {
        drain(now);
        setMark();
    }

    /** {@link #drainIfIdleOrLate}, before the mark is set. */
    private void drain(final long now) {
        forwardCompleted();
        final boolean drained = !arrivedSinceCheck;
        arrivedSinceCheck = false;
        if (drained || waitedTooLong(now)) {
            while (waiting > 0) {
                submit();
            }
            while (!inFlight.isEmpty()) {
                forwardOldest();
            }
        }
    }

    /** Whether the oldest study, waiting or in flight, has waited {@code maxBatchLatency}. */
    private boolean waitedTooLong(final long now) {
        final long latency = settings.maxBatchLatency().toMillis();
        return !inFlight.isEmpty() && now - inFlight.peekFirst().oldestBufferedAt >= latency
                || waiting > 0 && now - oldestWaitingAt >= latency;
    }

    /** Submits the oldest waiting studies, at most {@code batchSize}, after making room in the pipeline. */
    private void submit() {
        while (inFlight.size() >= MAX_IN_FLIGHT) {
            forwardOldest();
        }
        final List<KeyValue<Long, BufferedStudy>> batch = new ArrayList<>(settings.batchSize());
        try (KeyValueIterator<Long, byte[]> range = buffer.range(nextToSubmit, Long.MAX_VALUE)) {
            while (range.hasNext() && batch.size() < settings.batchSize()) {
                final KeyValue<Long, byte[]> entry = range.next();
                batch.add(KeyValue.pair(entry.key, BufferedStudy.fromBytes(entry.value)));
            }
        }
        if (batch.isEmpty()) {
            waiting = 0;
            return;
        }
        final List<StudyEvent> events = new ArrayList<>(batch.size());
        final List<ImageInput> inputs = new ArrayList<>(batch.size());
        for (final KeyValue<Long, BufferedStudy> entry : batch) {
            final StudyEvent study = studies.valueSerde().deserializer().deserialize(studies.name(), entry.value.value());
            events.add(study);
            inputs.add(images.inputOf(study));
        }
        inFlight.addLast(new InFlight(batch, events, pipeline.submit(inputs), oldestWaitingAt));
        nextToSubmit = batch.get(batch.size() - 1).key + 1;
        waiting -= batch.size();
        if (waiting > 0) {
            // The next waiting study came after this batch's last: timing from that one drains early, never late.
            oldestWaitingAt = batch.get(batch.size() - 1).value.bufferedAt();
        }
    }

    /** Forwards the batches at the head of the pipeline that are already done, without waiting. */
    private void forwardCompleted() {
        while (!inFlight.isEmpty() && inFlight.peekFirst().scored.isDone()) {
            forwardOldest();
        }
    }

    /** Waits for the oldest batch in flight, forwards its outputs and deletes its studies from the buffer. */
    private void forwardOldest() {
        final InFlight batch = inFlight.removeFirst();
        final ImageScorer.ScoredBatch scored;
        try {
            scored = BatchPipeline.await(batch.scored);
        } catch (final OrtException e) {
            throw new StreamsException("model call failed for a batch of " + batch.events.size()
                    + " studies; they stay buffered and are retried when the stream thread restarts: " + e.getMessage(), e);
        }
        if (scored.modelBatch() > 0) {
            metrics.inferenceBatch(scorer.provider().name(), scored.modelBatch(), Duration.ofNanos(scored.modelNanos()));
        }
        for (int i = 0; i < batch.entries.size(); i++) {
            emit(batch.entries.get(i).value, batch.events.get(i), scored.results().get(i), scored);
            buffer.delete(batch.entries.get(i).key);
            ledger.forwarded();
        }
    }

    /**
     * Tells the application how far this task's input has left the buffer ({@link BufferMarks}), as of the open
     * transaction: the mark counts once that commits.
     */
    private void setMark() {
        marks.set(context.taskId().partition(), this, ledger.mark());
    }

    /**
     * A batch submitted to the pipeline: its buffered studies (which stay in the store until forwarded) and the
     * pending result.
     */
    private record InFlight(List<KeyValue<Long, BufferedStudy>> entries, List<StudyEvent> events,
                            CompletableFuture<ImageScorer.ScoredBatch> scored, long oldestBufferedAt) {
    }

    private void emit(final BufferedStudy source, final StudyEvent study, final ScoredImage result,
                      final ImageScorer.ScoredBatch batch) {
        if (result.ok()) {
            metrics.studyScored(study.getSiteId().toString());
            final String key = studies.keySerde().deserializer().deserialize(studies.name(), source.key());
            final StudyInference inference = toInference.of(study, result, batch.modelBatch(), batch.modelNanos() / 1e6);
            context.forward(new Record<>(inferences.keySerde().serializer().serialize(inferences.name(), key),
                    inferences.valueSerde().serializer().serialize(inferences.name(), inference),
                    source.timestamp(), source.headers()), INFERENCES_CHILD);
            return;
        }
        metrics.deadLettered(result.failureReason());
        LOG.warn("Dead-lettering a study of site {}: {} ({})", study.getSiteId(), result.failureReason(), result.failureMessage());
        context.forward(new Record<>(source.key(), source.value(), source.timestamp(),
                deadLetterHeaders(source.headers(), result.failureReason(), result.failureMessage())), DEAD_LETTER_CHILD);
    }

    private Headers deadLetterHeaders(final Headers original, final String reason, final String message) {
        return DeadLetters.annotate(new RecordHeaders(original.toArray()), reason, message, studies.name());
    }
}
