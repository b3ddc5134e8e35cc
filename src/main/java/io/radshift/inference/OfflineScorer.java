package io.radshift.inference;

import ai.onnxruntime.OrtException;
import io.radshift.data.Manifest;
import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.decode.DecodedImage;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.decode.Preprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Decodes and scores image files in batches, for the {@code baseline}/{@code assess} commands and benchmarks.
 * Each batch is decoded in parallel (common fork-join pool), then embedded in one model call. Results keep input
 * order; undecodable files become {@link ScoredImage#failed} entries instead of aborting the run.
 */
public final class OfflineScorer {

    /** Receives progress after each batch. */
    @FunctionalInterface
    public interface Progress {
        /** {@code done} of {@code total} images processed so far. */
        void update(int done, int total);
    }

    /** A progress listener that ignores updates. */
    public static final Progress SILENT = (done, total) -> { };

    private final ImageEncoder encoder;
    private final ImageDecoder decoder;
    private final Preprocessor preprocessor;
    private final int batchSize;

    /** Scores with {@code encoder}'s bundle preprocessing in batches of {@code batchSize}. */
    public OfflineScorer(final ImageEncoder encoder, final ImageDecoder decoder, final int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1");
        }
        this.encoder = encoder;
        this.decoder = decoder;
        this.preprocessor = Preprocessor.forBundle(encoder.bundle().manifest());
        this.batchSize = batchSize;
    }

    /** Scores manifest rows (their {@code file()}), in row order. */
    public List<ScoredImage> scoreRows(final List<Manifest.Row> rows, final Progress progress) throws OrtException {
        return scoreFiles(rows.stream().map(Manifest.Row::file).toList(), progress);
    }

    /** Scores image files, in input order. */
    public List<ScoredImage> scoreFiles(final List<Path> files, final Progress progress) throws OrtException {
        final List<ScoredImage> out = new ArrayList<>(files.size());
        for (int start = 0; start < files.size(); start += batchSize) {
            out.addAll(scoreBatch(files.subList(start, Math.min(files.size(), start + batchSize))));
            progress.update(out.size(), files.size());
        }
        return out;
    }

    private List<ScoredImage> scoreBatch(final List<Path> batch) throws OrtException {
        final Decoded[] decoded = new Decoded[batch.size()];
        IntStream.range(0, batch.size()).parallel().forEach(i -> decoded[i] = decode(batch.get(i)));
        final List<float[]> tensors = new ArrayList<>();
        for (final Decoded d : decoded) {
            if (d.tensor != null) {
                tensors.add(d.tensor);
            }
        }
        final List<EncodedStudy> encoded = encoder.embedAndScore(tensors);
        final List<ScoredImage> out = new ArrayList<>(batch.size());
        int next = 0;
        for (int i = 0; i < batch.size(); i++) {
            final Decoded d = decoded[i];
            out.add(d.tensor == null ? ScoredImage.failed(batch.get(i), d.reason, d.message)
                    : ScoredImage.scored(batch.get(i), encoded.get(next++), d.image.quality()));
        }
        return out;
    }

    private Decoded decode(final Path file) {
        try {
            final DecodedImage image = decoder.decode(Files.readAllBytes(file));
            return new Decoded(image, preprocessor.toChw(image.grey()), null, null);
        } catch (final DecodeException e) {
            return new Decoded(null, null, e.reason(), e.getMessage());
        } catch (final IOException e) {
            return new Decoded(null, null, "io-error", "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The outcome of decoding one file: image and tensor, or a failure reason and message. */
    private record Decoded(DecodedImage image, float[] tensor, String reason, String message) {
    }
}
