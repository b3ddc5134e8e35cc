package io.radshift.cli;

import io.radshift.avro.ImageFormat;
import io.radshift.data.SharedData;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.ImageInput;
import io.radshift.inference.ImageScorer;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.decode.GreyImage;
import io.radshift.inference.decode.ImageDecoder;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.tools.bench.BenchImages;
import io.radshift.tools.bench.DecodeBenchmark;
import io.radshift.tools.bench.HospitalImages;
import io.radshift.tools.bench.NativeDecodeReference;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code radshift bench decode}: decode + preprocess images/s of the scorer's per-image step, per core and on all
 * cores, against a native reference (Pillow on one thread, run in the same run) on the same images: the shared
 * X-rays as they are, and full-resolution 8/16-bit PNG and 16-bit DICOM of 2,000-3,000 px made from them.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode+preprocess images/s per core and on all cores vs a native reference (Pillow, same run), on the"
                + " shared X-rays and on full-resolution 8/16-bit PNG and DICOM made from them.")
public final class BenchDecodeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--bundle", description = "Model bundle whose input size and preprocessing are used (default: the demo bundle).")
    private Path bundleDir;

    @Option(names = "--data", description = "Chest X-ray folder with manifest.csv (default: the shared data set when present).")
    private Path data;

    @Option(names = "--images", defaultValue = "256", description = "How many shared X-rays to cycle through (default: ${DEFAULT-VALUE}).")
    private int imageCount;

    @Option(names = "--full-images", defaultValue = "4",
            description = "Full-resolution images per encoding (8-bit PNG, 16-bit PNG, DICOM); 0 skips them (default: ${DEFAULT-VALUE}).")
    private int fullCount;

    @Option(names = "--seconds", defaultValue = "5", description = "Seconds per measurement (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--threads", description = "Threads of the all-cores measurement (default: the number of cores).")
    private Integer threads;

    /** One set of images and its rates (native ones NaN without a reference). */
    private record Row(String set, String description, int images, DecodeBenchmark.Rate perCore, double allCores,
                       DecodeBenchmark.Rate nativePerCore) {
        double ratio() {
            return perCore.wall() / nativePerCore.wall();
        }

        double cpuRatio() {
            return perCore.cpu() / nativePerCore.cpu();
        }

        boolean hasNative() {
            return !Double.isNaN(nativePerCore.wall());
        }
    }

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        final ModelBundle bundle = bundleDir != null ? ModelBundle.load(bundleDir)
                : DemoBundleBuilder.ensure(Files.createTempDirectory("radshift-bench-bundle"));
        final Optional<Path> cxr = data != null ? Optional.of(data) : SharedData.cxr();
        final Optional<NativeDecodeReference> reference = NativeDecodeReference.find();
        if (cxr.isEmpty()) {
            out.println(SharedData.absentMessage() + ": phantoms instead of X-rays");
        }
        if (reference.isEmpty()) {
            out.println(NativeDecodeReference.absentMessage());
        }
        final List<Row> rows = new ArrayList<>();
        try (ImageEncoder encoder = ImageEncoder.open(bundle, InferenceOptions.cpuDefaults())) {
            final ImageScorer scorer = new ImageScorer(encoder, new ImageDecoder());
            final int size = bundle.manifest().inputSize();
            final BenchImages.Selection shared = cxr.isPresent() ? BenchImages.sharedXrays(cxr.get(), imageCount)
                    : BenchImages.phantoms(512, imageCount);
            out.printf("Measuring decode + preprocess to %d px, %.0f s per measurement, %d threads for all cores ...%n",
                    size, seconds, cores);
            out.flush();
            rows.add(measure("shared", shared, scorer, reference, size, cores));
            if (fullCount > 0) {
                final List<GreyImage> sources = BenchImages.fullResolutionSources(cxr.orElse(null), fullCount);
                for (final HospitalImages.Kind kind : HospitalImages.Kind.values()) {
                    final ProgressBar bar = ProgressBar.onStderr("making " + kind + " images", spec.commandLine().getErr());
                    final BenchImages.Selection full = BenchImages.fullResolution(sources, kind, done -> bar.update(done, sources.size()));
                    // Pillow reads no DICOM: that set has no native reference.
                    rows.add(measure(kind.name().toLowerCase(Locale.ROOT), full, scorer,
                            kind == HospitalImages.Kind.DICOM16 ? Optional.empty() : reference, size, cores));
                }
            }
        }
        print(out, rows, cores, reference.isPresent());
        return 0;
    }

    private Row measure(final String set, final BenchImages.Selection images, final ImageScorer scorer,
                        final Optional<NativeDecodeReference> reference, final int size, final int cores) throws Exception {
        final List<ImageInput> inputs = images.bytes().stream().map(b -> ImageInput.ofBytes(b, ImageFormat.UNKNOWN, null)).toList();
        // Best of two interleaved runs on each side: on a shared machine the load changes from one minute to the next.
        DecodeBenchmark.Rate perCore = DecodeBenchmark.perCore(scorer, inputs, seconds);
        DecodeBenchmark.Rate ref = new DecodeBenchmark.Rate(Double.NaN, Double.NaN);
        for (int run = 0; run < 2; run++) {
            if (run > 0) {
                perCore = best(perCore, DecodeBenchmark.perCore(scorer, inputs, seconds));
            }
            if (reference.isPresent()) {
                final DecodeBenchmark.Rate r = reference.get().imagesPerSecond(images.bytes(), size, seconds);
                ref = run == 0 ? r : best(ref, r);
            }
        }
        final double all = DecodeBenchmark.allCores(scorer, inputs, seconds, cores);
        return new Row(set, images.description(), inputs.size(), perCore, all, ref);
    }

    private static DecodeBenchmark.Rate best(final DecodeBenchmark.Rate a, final DecodeBenchmark.Rate b) {
        return new DecodeBenchmark.Rate(Math.max(a.wall(), b.wall()), Math.max(a.cpu(), b.cpu()));
    }

    private static void print(final PrintWriter out, final List<Row> rows, final int cores, final boolean native_) {
        out.println();
        out.printf(Locale.ROOT, "| images | n | RadShift img/s, 1 thread | RadShift img/s, %d threads | Pillow img/s, 1 thread"
                + " | RadShift / Pillow per core | same, per CPU second |%n", cores);
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (final Row r : rows) {
            out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %s | %s | %s |%n", r.description(), r.images(), r.perCore().wall(),
                    r.allCores(), r.hasNative() ? String.format(Locale.ROOT, "%.2f", r.nativePerCore().wall()) : "-",
                    r.hasNative() ? String.format(Locale.ROOT, "%.2f", r.ratio()) : "-",
                    r.hasNative() ? String.format(Locale.ROOT, "%.2f", r.cpuRatio()) : "-");
        }
        final Row shared = rows.get(0);
        final StringBuilder bench = new StringBuilder(String.format(Locale.ROOT,
                "BENCH decode images=%d per_core=%.1f all_cores=%.1f threads=%d native_per_core=%s ratio_to_native=%s"
                        + " ratio_to_native_cpu=%s", shared.images(), shared.perCore().wall(), shared.allCores(), cores,
                shared.hasNative() ? String.format(Locale.ROOT, "%.1f", shared.nativePerCore().wall()) : "NA",
                ratio(shared.hasNative(), shared.ratio()), ratio(shared.hasNative(), shared.cpuRatio())));
        for (final Row r : rows.subList(1, rows.size())) {
            bench.append(String.format(Locale.ROOT, " %s_per_core=%.2f %s_ratio_to_native=%s", r.set(), r.perCore().wall(), r.set(),
                    ratio(r.hasNative(), r.ratio())));
        }
        if (!native_) {
            bench.append(" native=absent");
        }
        out.println();
        out.println(bench);
        out.flush();
    }

    private static String ratio(final boolean present, final double ratio) {
        return present ? String.format(Locale.ROOT, "%.2f", ratio) : "NA";
    }
}
