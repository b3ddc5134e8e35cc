package io.radshift.cli;

import io.radshift.config.RadShiftConfig;
import io.radshift.data.SharedData;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.demo.model.PhantomGenerator;
import io.radshift.inference.stream.InferenceProcessor;
import io.radshift.tools.bench.BenchImages;
import io.radshift.tools.bench.InferenceStageBenchmark;
import io.radshift.tools.bench.SessionFootprint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code radshift bench inference}: images/s of the inference processor's drain path (no store writes, no
 * Kafka I/O) against a bare ONNX Runtime loop on the same images, and decode + preprocess
 * images/s per core on real X-rays (phantoms when the data is absent). Prints a Markdown table.
 */
@Command(name = "inference", mixinStandardHelpOptions = true,
        description = "Processor path vs bare ONNX Runtime images/s, and decode+preprocess images/s per core.")
public final class BenchInferenceCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--bundle", description = "Model bundle directory (default: the demo bundle, built in a temporary directory).")
    private Path bundleDir;

    @Option(names = "--batch", defaultValue = "32", description = "Micro-batch size (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--seconds", defaultValue = "10", description = "Seconds per measurement (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--data", description = "Chest X-ray folder with manifest.csv (default: the shared data set when present).")
    private Path data;

    @Option(names = "--images", defaultValue = "256", description = "How many real images to cycle through (default: ${DEFAULT-VALUE}).")
    private int imageCount;

    @Option(names = "--phantoms", description = "Use phantom PNGs at the model's input size (decoding nearly free) instead of real X-rays,"
            + " to isolate the processor's own overhead.")
    private boolean phantoms;

    @Option(names = "--provider", defaultValue = "cpu", description = "cpu or cuda (default: ${DEFAULT-VALUE}).")
    private String provider;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads, 0 = all cores (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--tasks", defaultValue = "6",
            description = "Stream tasks for the session footprint: one shared encoder vs one per task (default: ${DEFAULT-VALUE}).")
    private int tasks;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final ModelBundle bundle = bundleDir != null ? ModelBundle.load(bundleDir)
                : DemoBundleBuilder.ensure(Files.createTempDirectory("radshift-bench-bundle"));
        final RadShiftConfig.Model settings = new RadShiftConfig.Model(null, provider, 0, threads == 0 ? null : threads, batch,
                Duration.ofMillis(500), null, null, null);
        final BenchImages.Selection images = phantoms ? BenchImages.phantoms(bundle.manifest().inputSize(), imageCount) : images();
        out.printf("Measuring %s on %d %s, batch %d, %.0f s per measurement ...%n", bundle.modelId(), images.bytes().size(),
                images.description(), batch, seconds);
        out.flush();
        final InferenceStageBenchmark.Result r = InferenceStageBenchmark.run(bundle, settings, images.bytes(), seconds);
        final SessionFootprint.Result footprint = SessionFootprint.measure(bundle, InferenceProcessor.options(settings), tasks,
                InferenceStageBenchmark.phantomTensors(bundle, batch));
        print(out, r, images.description());
        printFootprint(out, footprint);
        out.printf(Locale.ROOT, "%nBENCH inference images=%d batch=%d provider=%s bare=%.1f decode_per_core=%.1f decode_all_cores=%.1f"
                        + " threads=%d ceiling=%.1f processor=%.1f ratio_to_ceiling=%.2f tasks=%d shared_session_mib=%.1f"
                        + " own_sessions_mib=%.1f shared_session_threads=%d own_sessions_threads=%d%n",
                r.images(), r.batch(), r.provider(), r.bareModel(), r.decodePerCore(), r.decodeAllCores(), r.threads(), r.ceiling(),
                r.processorPath(), r.ratioToCeiling(), footprint.tasks(), footprint.sharedBytes() / 1048576.0,
                footprint.ownBytes() / 1048576.0, footprint.sharedThreads(), footprint.ownThreads());
        out.flush();
        return 0;
    }

    private static void printFootprint(final PrintWriter out, final SessionFootprint.Result f) {
        out.println();
        out.printf(Locale.ROOT, "| %d stream tasks | resident MiB added | threads added |%n", f.tasks());
        out.println("|---|---:|---:|");
        out.printf(Locale.ROOT, "| one shared ONNX Runtime session (SharedEncoder) | %.1f | %d |%n", f.sharedBytes() / 1048576.0, f.sharedThreads());
        out.printf(Locale.ROOT, "| one session per task (before) | %.1f | %d |%n", f.ownBytes() / 1048576.0, f.ownThreads());
    }

    private BenchImages.Selection images() throws IOException {
        final Optional<Path> dir = data != null ? Optional.of(data) : SharedData.cxr();
        return dir.isPresent() ? BenchImages.sharedXrays(dir.get(), imageCount)
                : BenchImages.phantoms(PhantomGenerator.Acquisition.nominal().size(), imageCount);
    }

    private static void print(final PrintWriter out, final InferenceStageBenchmark.Result r, final String images) {
        final int cores = Runtime.getRuntime().availableProcessors();
        out.println();
        out.printf(Locale.ROOT, "| measurement (%s, batch %d, %d cores, %s) | images/s |%n", r.provider(), r.batch(), cores, images);
        out.println("|---|---:|");
        out.printf(Locale.ROOT, "| bare ONNX Runtime loop on pre-decoded tensors | %.1f |%n", r.bareModel());
        out.printf(Locale.ROOT, "| processor drain path (buffer entry, serde, decode, model, sink serialization; no store, no Kafka I/O) | %.1f |%n", r.processorPath());
        out.printf(Locale.ROOT, "| decode + preprocess, 1 thread (per core) | %.1f |%n", r.decodePerCore());
        out.printf(Locale.ROOT, "| decode + preprocess, %d threads (all cores) | %.1f |%n", r.threads(), r.decodeAllCores());
        out.printf(Locale.ROOT, "| ceiling: min(bare, all-core decode) | %.1f |%n", r.ceiling());
        out.printf(Locale.ROOT, "| processor / bare | %.2f |%n", r.ratio());
        out.printf(Locale.ROOT, "| processor / ceiling | %.2f |%n", r.ratioToCeiling());
        out.printf(Locale.ROOT, "| processor / serial (model and %d-core decode taking turns, zero overhead) | %.2f |%n", cores,
                r.processorPath() * (1 / r.bareModel() + 1 / r.decodeAllCores()));
        out.flush();
    }
}
