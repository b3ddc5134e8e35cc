package io.radshift.cli;

import io.radshift.data.Manifest;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.demo.model.LabelledImages;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code radshift bundle demo}: builds the demo model bundle (untrained convolutional encoder, prompt embeddings
 * from class prototypes) from phantoms, from labelled image folders, or from manifest rows, so the pipeline runs
 * without downloading BiomedCLIP.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Build the demo model bundle (a small seeded ONNX encoder plus label prompts from class prototypes).",
                "Reference images: phantoms (default), --images DIR with one sub-folder per label, or --manifest CSV rows."})
public final class BundleDemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, description = "Directory to write the bundle into.")
    private Path out;

    @Option(names = "--seed", description = "Seed of the encoder weights and phantoms (default: the demo's fixed seed).")
    private Long seed;

    @Option(names = "--images", description = "Labelled images: DIR/LABEL/**.png|jpg|dcm.")
    private Path images;

    @Option(names = "--manifest", description = "Manifest CSV of labelled images (see --where and --label-column).")
    private Path manifest;

    @Option(names = "--where", split = ",", description = "Manifest filters column=value, comma-separated (e.g. source=kermany,split=train).")
    private List<String> where = List.of();

    @Option(names = "--label-column", defaultValue = "label", description = "Manifest column holding the label (default: ${DEFAULT-VALUE}).")
    private String labelColumn;

    @Override
    public Integer call() throws Exception {
        final DemoBundleBuilder.Options options = options();
        final PrintWriter console = spec.commandLine().getOut();
        console.printf("Building the demo bundle in %s from %s%n", out, describeReference(options));
        console.flush();
        final long start = System.nanoTime();
        final ModelBundle bundle = withElapsedTicker(() -> DemoBundleBuilder.build(out, options));
        console.printf(Locale.ROOT, "%nDone in %.1f s: model %s, %d labels, hash %s%n", (System.nanoTime() - start) / 1e9,
                bundle.modelId(), bundle.labels().size(), bundle.contentHash());
        console.flush();
        return 0;
    }

    private DemoBundleBuilder.Options options() throws java.io.IOException {
        if (images != null && manifest != null) {
            throw new ParameterException(spec.commandLine(), "give either --images or --manifest, not both");
        }
        DemoBundleBuilder.Options options = DemoBundleBuilder.Options.defaults();
        if (seed != null) {
            options = options.withSeed(seed);
        }
        if (images != null) {
            return options.withReference(LabelledImages.fromDirectory(images));
        }
        if (manifest != null) {
            final List<Manifest.Row> rows = Manifest.read(manifest).where(where);
            if (rows.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "no manifest rows match " + where);
            }
            return options.withReference(LabelledImages.fromManifest(rows, labelColumn));
        }
        return options;
    }

    private static String describeReference(final DemoBundleBuilder.Options options) {
        return options.reference().map(r -> r.files().size() + " labelled images (" + String.join(", ", r.labelNames()) + ")")
                .orElse(options.phantomCount() + " phantoms");
    }

    /** Work that may fail with an exception. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws Exception;
    }

    /** Runs {@code work} while a ticker shows the elapsed seconds on stderr (the builder has no progress callback). */
    private <T> T withElapsedTicker(final Work<T> work) throws Exception {
        final PrintWriter err = spec.commandLine().getErr();
        final long start = System.nanoTime();
        final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "bundle-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> {
            err.printf(Locale.ROOT, "\r  rendering/decoding references, running the encoder ... %.0f s", (System.nanoTime() - start) / 1e9);
            err.flush();
        }, 1, 1, TimeUnit.SECONDS);
        try {
            return work.run();
        } finally {
            ticker.shutdownNow();
        }
    }
}
