package io.radshift.tools.bench;

import io.radshift.inference.ImageEncoder;
import io.radshift.inference.ImageInput;
import io.radshift.inference.ImageScorer;

import ai.onnxruntime.OrtException;
import io.radshift.avro.ImageFormat;
import io.radshift.data.Manifest;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.DecodeException;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.decode.Preprocessor;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.demo.model.PhantomGenerator;
import io.radshift.inference.onnx.ExecutionProvider;
import io.radshift.inference.onnx.InferenceOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Measures (1) the bare ONNX Runtime loop in images/s on pre-decoded tensors at a fixed batch size and
 * (2) decode + preprocess images/s on one thread (= per core; the {@link ImageScorer}'s per-image step) for real
 * X-rays grouped by manifest source, with the encoded bytes already in memory so disk speed is not measured.
 * Prints a table.
 */
public final class InferenceBenchmark {

    /** One measured line. */
    public record Result(String stage, String detail, int images, double seconds) {
        /** Throughput. */
        public double imagesPerSecond() {
            return images / seconds;
        }
    }

    private InferenceBenchmark() {
    }

    /**
     * Runs both measurements.
     *
     * @param realImages    manifest rows to decode (grouped by their {@code source} column); may be empty
     * @param perGroupLimit at most this many images per source
     * @param modelSeconds  how long to run the model loop after warm-up
     */
    public static List<Result> run(final ModelBundle bundle, final InferenceOptions options, final int batch,
                                   final List<Manifest.Row> realImages, final int perGroupLimit, final double modelSeconds,
                                   final PrintStream out) throws OrtException, IOException {
        final List<Result> results = new ArrayList<>();
        try (ImageEncoder encoder = ImageEncoder.open(bundle, options)) {
            results.add(modelLoop(encoder, options, batch, modelSeconds));
            final ImageScorer scorer = new ImageScorer(encoder, new ImageDecoder());
            for (final Map.Entry<String, List<Manifest.Row>> group : bySource(realImages, perGroupLimit).entrySet()) {
                results.add(decodeLoop(scorer, group.getKey(), group.getValue()));
            }
        }
        print(results, out);
        return results;
    }

    private static Map<String, List<Manifest.Row>> bySource(final List<Manifest.Row> rows, final int perGroupLimit) {
        final Map<String, List<Manifest.Row>> groups = new LinkedHashMap<>();
        for (final Manifest.Row row : rows) {
            final List<Manifest.Row> group = groups.computeIfAbsent(row.get("source"), k -> new ArrayList<>());
            if (group.size() < perGroupLimit) {
                group.add(row);
            }
        }
        return groups;
    }

    private static Result modelLoop(final ImageEncoder encoder, final InferenceOptions options, final int batch,
                                    final double seconds) throws OrtException {
        final ModelBundle bundle = encoder.bundle();
        final Preprocessor pre = Preprocessor.forBundle(bundle.manifest());
        final PhantomGenerator phantoms = new PhantomGenerator();
        final List<float[]> tensors = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            tensors.add(pre.toChw(phantoms.render(Set.of(), PhantomGenerator.Acquisition.nominal(), i)));
        }
        for (int i = 0; i < 3; i++) {
            encoder.embedAndScore(tensors);
        }
        final long start = System.nanoTime();
        int images = 0;
        while (System.nanoTime() - start < seconds * 1e9) {
            images += encoder.embedAndScore(tensors).size();
        }
        final String detail = String.format(Locale.ROOT, "%s %s, batch %d, %dx%dx%d, threads %s", bundle.modelId(),
                encoder.provider(), batch, bundle.manifest().inputChannels(), bundle.manifest().inputSize(),
                bundle.manifest().inputSize(), options.intraOpThreads() == 0 ? "all" : options.intraOpThreads());
        return new Result("model", detail, images, (System.nanoTime() - start) / 1e9);
    }

    private static Result decodeLoop(final ImageScorer scorer, final String source, final List<Manifest.Row> rows) throws IOException {
        final List<ImageInput> encoded = new ArrayList<>(rows.size());
        for (final Manifest.Row row : rows) {
            encoded.add(ImageInput.ofBytes(Files.readAllBytes(row.file()), ImageFormat.UNKNOWN, null));
        }
        decodeAll(scorer, encoded.subList(0, Math.min(10, encoded.size())));
        final long start = System.nanoTime();
        final int decoded = decodeAll(scorer, encoded);
        final String detail = String.format(Locale.ROOT, "%s (%s), 1 thread, to %dpx", source,
                rows.isEmpty() ? "-" : rows.get(0).get("w") + "px", scorer.bundle().manifest().inputSize());
        return new Result("decode+preprocess", detail, decoded, (System.nanoTime() - start) / 1e9);
    }

    /** Decodes and preprocesses every image; returns how many decoded (the first calls also warm up the JIT). */
    private static int decodeAll(final ImageScorer scorer, final List<ImageInput> encoded) {
        int decoded = 0;
        for (final ImageInput image : encoded) {
            try {
                scorer.prepare(image);
                decoded++;
            } catch (final DecodeException e) {
                // counted as not decoded; RealXrayDecodeIT checks that the real X-rays all decode
            }
        }
        return decoded;
    }

    private static void print(final List<Result> results, final PrintStream out) {
        out.printf(Locale.ROOT, "%-18s %-58s %8s %9s %10s%n", "stage", "detail", "images", "seconds", "images/s");
        for (final Result r : results) {
            out.printf(Locale.ROOT, "%-18s %-58s %8d %9.2f %10.1f%n", r.stage(), r.detail(), r.images(), r.seconds(), r.imagesPerSecond());
        }
    }

    /**
     * Command-line entry: {@code [bundleDir] [cpu|cuda[:N]] [threads]}; without a bundle directory the demo bundle
     * is built in a temporary directory. Real X-rays come from {@link io.radshift.data.SharedData#cxr()} when present.
     */
    public static void main(final String[] args) throws Exception {
        final Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("radshift-demo-bundle");
        final ModelBundle bundle = args.length > 0 ? ModelBundle.load(dir) : DemoBundleBuilder.ensure(dir);
        final InferenceOptions options = InferenceOptions.cpuDefaults()
                .withProvider(args.length > 1 ? ExecutionProvider.parse(args[1]) : ExecutionProvider.cpu())
                .withIntraOpThreads(args.length > 2 ? Integer.parseInt(args[2]) : 0);
        final List<Manifest.Row> rows = io.radshift.data.SharedData.cxr()
                .map(cxr -> {
                    try {
                        return Manifest.read(cxr.resolve("manifest.csv")).rows();
                    } catch (final IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).orElse(List.of());
        run(bundle, options, 32, rows, 300, 5, System.out);
    }
}
