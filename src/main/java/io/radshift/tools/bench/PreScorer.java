package io.radshift.tools.bench;

import ai.onnxruntime.OrtException;
import io.radshift.avro.StudyEvent;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.ImageInput;
import io.radshift.inference.ImageScorer;
import io.radshift.inference.ScoredImage;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.inference.stream.StudyInferences;
import io.radshift.ingest.FormatSniffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores images once, exactly as the stream's inference stage does (the Kafka-free {@link ImageScorer}:
 * decoding, preprocessing, quality features, the ONNX model on the CPU), so a replay can publish the resulting
 * {@code StudyInference} records straight to {@code study-inferences} and run 90 days in minutes. The alert
 * benchmark's only call into the scoring classes.
 */
public final class PreScorer implements AutoCloseable {

    private static final int BATCH = 32;

    /**
     * One image to score, from a file or from memory (a phantom), with its ground truth and patient group.
     *
     * @param file      the image file; null when {@code bytes} is given
     * @param bytes     the encoded image; null when {@code file} is given
     * @param positives per-label truth in bundle order, or null
     * @param known     labels the truth covers, or null
     * @param group     patient group key
     */
    public record Input(Path file, byte[] bytes, boolean[] positives, boolean[] known, String group) {

        /** The encoded image. */
        byte[] image() {
            try {
                return bytes != null ? bytes : Files.readAllBytes(file);
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Receives progress after each batch. */
    @FunctionalInterface
    public interface Progress {
        /** {@code done} of {@code total} images scored. */
        void update(int done, int total);
    }

    private final ImageEncoder encoder;
    private final ImageScorer scorer;
    private final StudyInferences toInference;
    private final Map<String, Integer> failures = new TreeMap<>();

    /** Opens the bundle's encoder on the CPU. */
    public PreScorer(final ModelBundle bundle) throws OrtException {
        this.encoder = ImageEncoder.open(bundle, InferenceOptions.cpuDefaults());
        this.scorer = new ImageScorer(encoder, new ImageDecoder());
        this.toInference = new StudyInferences(bundle, encoder.provider());
    }

    /** Scores every input in order; images that cannot be decoded are left out and counted by reason. */
    public List<PooledStudy> score(final List<Input> inputs, final Progress progress) throws OrtException {
        final List<PooledStudy> out = new ArrayList<>(inputs.size());
        for (int start = 0; start < inputs.size(); start += BATCH) {
            final List<Input> batch = inputs.subList(start, Math.min(inputs.size(), start + BATCH));
            final List<StudyEvent> events = new ArrayList<>(batch.size());
            final List<ImageInput> images = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                final byte[] image = batch.get(i).image();
                events.add(StudyEvent.newBuilder().setStudyId("pool-" + (start + i)).setSiteId("pool")
                    .setEventTime(Instant.EPOCH)
                    .setImage(ByteBuffer.wrap(image)).setImageFormat(FormatSniffer.sniff(image)).build());
                images.add(ImageInput.ofBytes(image, FormatSniffer.sniff(image), null));
            }
            final List<ScoredImage> results = scorer.score(images, ImageScorer.UNTIMED);
            for (int i = 0; i < results.size(); i++) {
                final Input input = batch.get(i);
                if (results.get(i).ok()) {
                    out.add(new PooledStudy(toInference.of(events.get(i), results.get(i), batch.size(), 0),
                        input.positives(), input.known(), input.group()));
                } else {
                    failures.merge(results.get(i).failureReason(), 1, Integer::sum);
                }
            }
            progress.update(Math.min(inputs.size(), start + BATCH), inputs.size());
        }
        return out;
    }

    /** Images that could not be scored so far, by reason. */
    public Map<String, Integer> failures() {
        return Map.copyOf(failures);
    }

    @Override
    public void close() throws OrtException {
        encoder.close();
    }
}
