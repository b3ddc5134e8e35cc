package io.radshift.cli;

import io.radshift.inference.onnx.ExecutionProvider;
import io.radshift.tools.bench.GpuBenchmark;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code radshift bench gpu}: images per second and latency of a ViT-B/16 encoder (BiomedCLIP's vision-tower size)
 * on an execution provider at several batch sizes, closed by a {@code BENCH gpu} line.
 */
@Command(name = "gpu", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Model cost on an execution provider: builds an ONNX image encoder of BiomedCLIP's vision-tower "
            + "size (ViT-B/16, 224 px, about 86 M parameters, random weights) and times it through the stream's "
            + "ONNX Runtime wrapper at each batch size: images/s and per-call latency p50/p99 after warm-up calls. "
            + "With --provider cuda on a build or machine without CUDA it says so and measures the CPU instead "
            + "(provider=CPU in the closing line). tools/gpu_bench.sh runs it with the GPU build.",
            "Progress goes to stderr; the last line of stdout is 'BENCH gpu model=vit-b16-224 params=... provider=... "
                + "b1_img_s=... b1_p50_ms=... b1_p99_ms=... ...'."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:benchmark run", "2:error"})
public final class GpuBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--provider", defaultValue = "cuda",
            description = "cpu, cuda or cuda:DEVICE (default: ${DEFAULT-VALUE}).")
    private String provider;

    @Option(names = "--batches", split = ",", defaultValue = "1,8,32,128",
            description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    private int[] batches;

    @Option(names = "--warmups", defaultValue = "3", description = "Untimed calls per batch size (default: ${DEFAULT-VALUE}).")
    private int warmups;

    @Option(names = "--calls", defaultValue = "10", description = "Timed calls per batch size at least (default: ${DEFAULT-VALUE}).")
    private int calls;

    @Option(names = "--seconds", defaultValue = "10",
            description = "And at least this many seconds per batch size (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--threads", defaultValue = "0",
            description = "ONNX Runtime intra-op threads, 0 for its default (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Override
    public Integer call() throws Exception {
        final PrintWriter stdout = spec.commandLine().getOut();
        final GpuBenchmark.Result result = new GpuBenchmark(new GpuBenchmark.Settings(ExecutionProvider.parse(provider),
            batches, warmups, calls, seconds, threads), new StderrBenchListener(spec.commandLine().getErr())).run();
        if (!result.note().isEmpty()) {
            stdout.println("note: " + result.note());
        }
        stdout.println("| provider | batch | timed calls | images/s | p50 ms | p99 ms |");
        stdout.println("|---|---:|---:|---:|---:|---:|");
        for (final GpuBenchmark.Row r : result.rows()) {
            stdout.println(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f |", result.provider(),
                r.batch(), r.calls(), r.imagesPerSec(), r.p50Ms(), r.p99Ms()));
        }
        stdout.println(result.benchLine());
        stdout.flush();
        return 0;
    }
}
