package io.radshift.tools.bench;

import ai.onnxruntime.OrtException;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.SharedEncoder;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.onnx.InferenceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What several stream tasks' encoders cost the process: resident memory and threads added when {@code tasks}
 * tasks each open their own ONNX Runtime session, against {@code tasks} leases of the one {@link SharedEncoder}.
 * Every encoder embeds one batch first, so that ONNX Runtime has allocated its arena and started its thread pool.
 * Read from {@code /proc/self/status} (Linux); the shared case runs first, since freed native memory is not always
 * returned to the system and would otherwise flatter it.
 */
public final class SessionFootprint {

    /**
     * Resident memory and threads added.
     *
     * @param sharedBytes   resident bytes added by the leases of one shared encoder
     * @param sharedThreads threads added by them
     * @param ownBytes      resident bytes added by one encoder per task
     * @param ownThreads    threads added by them
     */
    public record Result(int tasks, long sharedBytes, int sharedThreads, long ownBytes, int ownThreads) {
    }

    private SessionFootprint() {
    }

    /** Measures both ways for {@code tasks} tasks, each embedding {@code batch}. */
    public static Result measure(final ModelBundle bundle, final InferenceOptions options, final int tasks,
                                 final List<float[]> batch) throws OrtException, IOException {
        final long[] before = status();
        final List<SharedEncoder.Lease> leases = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            final SharedEncoder.Lease lease = SharedEncoder.acquire(bundle, options);
            lease.encoder().embedAndScore(batch);
            leases.add(lease);
        }
        final long[] shared = status();
        for (final SharedEncoder.Lease lease : leases) {
            lease.close();
        }
        final long[] between = status();
        final List<ImageEncoder> own = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            final ImageEncoder encoder = ImageEncoder.open(bundle, options);
            encoder.embedAndScore(batch);
            own.add(encoder);
        }
        final long[] separate = status();
        for (final ImageEncoder encoder : own) {
            encoder.close();
        }
        return new Result(tasks, shared[0] - before[0], (int) (shared[1] - before[1]),
                separate[0] - between[0], (int) (separate[1] - between[1]));
    }

    /** {VmRSS in bytes, Threads} of this process. */
    private static long[] status() throws IOException {
        long rss = 0;
        long threads = 0;
        for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            } else if (line.startsWith("Threads:")) {
                threads = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return new long[] {rss, threads};
    }
}
