package io.radshift.tools.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.radshift.inference.onnx.ExecutionProvider;
import io.radshift.inference.onnx.OnnxModel;
import io.radshift.tools.demo.model.VitEncoderGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Model cost on an execution provider with an encoder of BiomedCLIP's vision-tower size (issue 14, item 6):
 * {@link VitEncoderGraph} (ViT-B/16, 224 px, about 86 M parameters, random weights) through {@link OnnxModel}, the
 * class the stream uses, at each batch size: images per second and per-call latency, after warm-up calls. Where
 * CUDA is asked for but this build or machine cannot run it, the result says which provider really ran and why,
 * so a CPU number is never taken for a GPU one.
 */
public final class GpuBenchmark {

    /**
     * @param requested   the provider asked for
     * @param batches     batch sizes, in order
     * @param warmups     untimed calls per batch size
     * @param minCalls    timed calls per batch size at least
     * @param minSeconds  and at least this long
     * @param threads     ONNX Runtime intra-op threads (0: its default)
     */
    public record Settings(ExecutionProvider requested, int[] batches, int warmups, int minCalls, double minSeconds,
                           int threads) {

        /** Checks the ranges. */
        public Settings {
            if (batches.length == 0 || Arrays.stream(batches).anyMatch(b -> b < 1) || warmups < 0 || minCalls < 1) {
                throw new IllegalArgumentException("batch sizes must be positive, calls at least 1");
            }
            batches = batches.clone();
        }
    }

    /**
     * One batch size.
     *
     * @param batch        images per call
     * @param calls        timed calls
     * @param imagesPerSec images per second over the timed calls
     * @param p50Ms        median call latency
     * @param p99Ms        99th percentile call latency (nearest rank)
     */
    public record Row(int batch, int calls, double imagesPerSec, double p50Ms, double p99Ms) {
    }

    /**
     * The result.
     *
     * @param provider   the provider that ran the model
     * @param note       why it is not the requested one, or empty
     * @param parameters model parameters
     * @param rows       one per batch size
     */
    public record Result(ExecutionProvider.Kind provider, String note, long parameters, List<Row> rows) {

        /** The one closing line. */
        public String benchLine() {
            final StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "BENCH gpu model=vit-b16-224 params=%.1fM provider=%s", parameters / 1e6, provider));
            for (final Row r : rows) {
                line.append(String.format(Locale.ROOT, " b%d_img_s=%.1f b%d_p50_ms=%.1f b%d_p99_ms=%.1f", r.batch(),
                    r.imagesPerSec(), r.batch(), r.p50Ms(), r.batch(), r.p99Ms()));
            }
            return line.toString();
        }
    }

    private final Settings settings;
    private final BenchListener listener;

    /**
     * @param settings what to run
     * @param listener progress
     */
    public GpuBenchmark(final Settings settings, final BenchListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /** Builds the encoder, opens it on the provider and times every batch size. */
    public Result run() throws Exception {
        ExecutionProvider provider = settings.requested();
        String note = "";
        if (provider.kind() == ExecutionProvider.Kind.CUDA
                && !OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            note = "this build's ONNX Runtime has no CUDA provider (build with -Pgpu); measured on the CPU instead";
            provider = ExecutionProvider.cpu();
        }
        final Path file = Files.createTempFile("radshift-vit-b16-", ".onnx");
        try {
            listener.note(String.format(Locale.ROOT, "building ViT-B/16 (%.1f M parameters, random weights)",
                VitEncoderGraph.parameterCount() / 1e6));
            Files.write(file, VitEncoderGraph.build(7).toByteArray());
            try (OnnxModel model = OnnxModel.open(file, new long[] {VitEncoderGraph.CHANNELS, VitEncoderGraph.IMAGE,
                    VitEncoderGraph.IMAGE}, provider, settings.threads())) {
                if (provider.kind() == ExecutionProvider.Kind.CUDA && model.provider() != ExecutionProvider.Kind.CUDA) {
                    note = "the CUDA provider did not load on this machine (see the log line above); measured on the "
                        + "CPU instead";
                }
                // A CPU standing in for a GPU runs the smallest batch only: it proves the path, and ViT-B/16 at
                // batch 128 would take minutes a call on a few cores.
                final int[] batches = note.isEmpty() ? settings.batches()
                    : new int[] {Arrays.stream(settings.batches()).min().orElseThrow()};
                if (!note.isEmpty()) {
                    note += ", batch " + batches[0] + " only";
                }
                listener.note("running on " + model.provider() + (note.isEmpty() ? "" : ": " + note));
                final List<Row> rows = new ArrayList<>();
                for (final int batch : batches) {
                    rows.add(time(model, batch));
                    listener.note(String.format(Locale.ROOT, "batch %d: %.1f images/s, p50 %.1f ms, p99 %.1f ms",
                        batch, rows.get(rows.size() - 1).imagesPerSec(), rows.get(rows.size() - 1).p50Ms(),
                        rows.get(rows.size() - 1).p99Ms()));
                }
                return new Result(model.provider(), note, VitEncoderGraph.parameterCount(), rows);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private Row time(final OnnxModel model, final int batch) throws Exception {
        final List<float[]> images = images(batch);
        for (int i = 0; i < settings.warmups(); i++) {
            model.run(images);
        }
        final List<Long> nanos = new ArrayList<>();
        final long begin = System.nanoTime();
        final AlertReplay.Progress progress = listener.task("batch " + batch + ": timed calls");
        while (nanos.size() < settings.minCalls() || System.nanoTime() - begin < settings.minSeconds() * 1e9) {
            final long start = System.nanoTime();
            model.run(images);
            nanos.add(System.nanoTime() - start);
            progress.update(nanos.size(), Math.max(settings.minCalls(), nanos.size()));
        }
        final double total = nanos.stream().mapToLong(Long::longValue).sum() / 1e9;
        final long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Row(batch, sorted.length, batch * sorted.length / total, sorted[(sorted.length - 1) / 2] / 1e6,
            sorted[Math.max(0, (int) Math.ceil(0.99 * sorted.length) - 1)] / 1e6);
    }

    private static List<float[]> images(final int batch) {
        final SplittableRandom random = new SplittableRandom(batch);
        final int size = VitEncoderGraph.CHANNELS * VitEncoderGraph.IMAGE * VitEncoderGraph.IMAGE;
        final List<float[]> images = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            final float[] image = new float[size];
            for (int i = 0; i < size; i++) {
                image[i] = (float) random.nextGaussian();
            }
            images.add(image);
        }
        return images;
    }
}
