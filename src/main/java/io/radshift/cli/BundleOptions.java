package io.radshift.cli;

import io.radshift.offline.BundleStudyScorer;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options naming the model bundle and how ONNX Runtime runs it. */
public final class BundleOptions {

    @Option(names = "--bundle", paramLabel = "DIR", required = true,
            description = "Model bundle folder (bundle.json, encoder.onnx, prompts.bin), validated before use.")
    private Path bundle;

    @Option(names = "--provider", paramLabel = "cpu|cuda|cuda:N", defaultValue = "cpu",
            description = "ONNX Runtime execution provider (default: ${DEFAULT-VALUE}); CUDA falls back to CPU.")
    private String provider;

    @Option(names = "--threads", defaultValue = "0",
            description = "ONNX Runtime intra-op threads, 0 = all cores (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--batch", defaultValue = "32", description = "Images per model call (default: ${DEFAULT-VALUE}).")
    private int batch;

    /** Images per model call. */
    public int batch() {
        return batch;
    }

    /** The bundle folder. */
    public Path dir() {
        return bundle;
    }

    /** Loads the bundle and opens its encoder. */
    public BundleStudyScorer open() throws IOException {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        }
        return BundleStudyScorer.open(bundle, provider, threads, batch);
    }
}
