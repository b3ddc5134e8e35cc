package io.radshift.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A seeded mutation campaign over one {@link FuzzTarget}: each input is a seed (or an earlier accepted mutant)
 * changed by the target's structure-aware mutations, byte-level {@link Mutator#havoc havoc}, or both, and is fed
 * to the target on a worker thread that measures its CPU time and its heap allocation (CPU time, not wall time:
 * the bound must hold on a loaded CI machine too; a wall-clock watchdog catches hangs).
 *
 * <p>A finding is an input that throws an undocumented exception (an {@link OutOfMemoryError} or
 * {@link StackOverflowError} included), produces a wrong result, runs past the time bound or allocates more than
 * the memory bound. Findings are written to {@code target/fuzz-findings/} so they can be replayed. The campaign
 * is deterministic for a given seed: {@code -Dradshift.fuzz.seed=N} replays one, {@code -Dradshift.fuzz.inputs=N}
 * runs a longer one than the suite's, and {@code -Dradshift.fuzz.replay=target/fuzz-findings/png-1-2.bin,...} feeds
 * only saved findings (each to the target its name starts with).
 */
public final class FuzzCampaign {

    /** Default campaign seed: the suite runs the same inputs every time. */
    public static final long DEFAULT_SEED = 20_261_202L;
    private static final int MAX_CORPUS = 512;
    private static final int MAX_FINDINGS = 5;
    private static final Path FINDINGS = Path.of("target", "fuzz-findings");

    private final FuzzTarget target;
    private final int inputs;
    private final long seed;
    private final Duration timeBound;
    private final long allocationBound;

    /**
     * A campaign of {@code defaultInputs} inputs (or {@code radshift.fuzz.inputs}), each bounded to {@code timeBound}
     * of CPU time and {@code allocationBound} bytes allocated on the heap.
     */
    public FuzzCampaign(final FuzzTarget target, final int defaultInputs, final Duration timeBound, final long allocationBound) {
        this.target = target;
        this.inputs = Integer.getInteger("radshift.fuzz.inputs", defaultInputs);
        this.seed = Long.getLong("radshift.fuzz.seed", DEFAULT_SEED);
        this.timeBound = timeBound;
        this.allocationBound = allocationBound;
    }

    /** Runs the campaign; the report lists the findings (none is the pass). */
    public Report run() throws InterruptedException {
        final Random random = new Random(seed ^ target.name().hashCode());
        final List<byte[]> seeds = target.seeds();
        final List<byte[]> corpus = new ArrayList<>(seeds);
        final Map<String, Integer> outcomes = new TreeMap<>();
        final List<String> findings = new ArrayList<>();
        long slowestNanos = 0;
        int slowest = -1;
        long mostAllocated = 0;
        ExecutorService worker = newWorker();
        try {
            warmUp(worker, seeds);
            final List<byte[]> replay = replayInputs();
            final int total = replay.isEmpty() ? inputs : replay.size();
            for (int i = 0; i < total && findings.size() < MAX_FINDINGS; i++) {
                final byte[] input = replay.isEmpty() ? next(random, corpus, seeds) : replay.get(i);
                final Future<Run> future = worker.submit(() -> feed(input));
                final Run run;
                try {
                    run = future.get(hangMillis(), TimeUnit.MILLISECONDS);
                } catch (final TimeoutException e) {
                    future.cancel(true);
                    worker.shutdownNow();
                    worker = newWorker();
                    findings.add(finding(i, input, "did not finish within " + hangMillis() + " ms of wall time (hang)"));
                    continue;
                } catch (final ExecutionException e) {
                    findings.add(finding(i, input, "harness failure " + e.getCause()));
                    continue;
                }
                if (run.nanos > slowestNanos) {
                    slowestNanos = run.nanos;
                    slowest = i;
                }
                mostAllocated = Math.max(mostAllocated, run.allocated);
                final String problem = problem(run);
                if (problem != null) {
                    findings.add(finding(i, input, problem));
                    continue;
                }
                outcomes.merge(run.failure == null ? "accepted" : outcomeOf(run.failure), 1, Integer::sum);
                if (run.failure == null && corpus.size() < MAX_CORPUS) {
                    corpus.add(input);
                }
            }
        } finally {
            worker.shutdownNow();
        }
        return new Report(target.name(), inputs, seed, outcomes, findings, slowestNanos / 1_000_000, slowest, mostAllocated);
    }

    /** The saved inputs named by {@code -Dradshift.fuzz.replay=FILE,FILE} (whose target's name they start with). */
    private List<byte[]> replayInputs() {
        final List<byte[]> out = new ArrayList<>();
        for (final String file : System.getProperty("radshift.fuzz.replay", "").split(",")) {
            final Path path = Path.of(file.trim());
            if (!file.isBlank() && path.getFileName().toString().startsWith(target.name() + "-")) {
                try {
                    out.add(Files.readAllBytes(path));
                } catch (final IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    /** Feeds every seed once, untimed, so class loading and the JIT do not count against the first inputs. */
    private void warmUp(final ExecutorService worker, final List<byte[]> seeds) throws InterruptedException {
        for (final byte[] seed : seeds) {
            try {
                worker.submit(() -> feed(seed)).get();
            } catch (final ExecutionException e) {
                throw new IllegalStateException("the harness failed on a seed of " + target.name(), e.getCause());
            }
        }
    }

    private byte[] next(final Random random, final List<byte[]> corpus, final List<byte[]> seeds) {
        final byte[] start = corpus.get(random.nextInt(corpus.size()));
        final int how = random.nextInt(3);
        byte[] out = how == 1 ? null : target.mutate(random, start);
        if (out == null || how == 2) {
            out = Mutator.havoc(random, out == null ? start : out, seeds);
        }
        return out;
    }

    private Run feed(final byte[] input) {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        final long start = threads.getCurrentThreadCpuTime();
        Throwable failure = null;
        try {
            target.consume(input);
        } catch (final Throwable t) { // an OutOfMemoryError or StackOverflowError is a finding, not a crash of the test
            failure = t;
        }
        return new Run(threads.getCurrentThreadCpuTime() - start, threads.getCurrentThreadAllocatedBytes() - allocatedBefore, failure);
    }

    private String problem(final Run run) {
        if (run.failure instanceof AssertionError) {
            return "accepted with a wrong result: " + run.failure.getMessage();
        }
        if (run.failure != null && target.documentedFailures().stream().noneMatch(type -> type.isInstance(run.failure))) {
            return "undocumented " + run.failure.getClass().getName() + ": " + run.failure.getMessage() + " at "
                    + (run.failure.getStackTrace().length > 0 ? run.failure.getStackTrace()[0] : "?");
        }
        if (run.nanos > timeBound.toNanos()) {
            return "took " + run.nanos / 1_000_000 + " ms of CPU, over the bound of " + timeBound.toMillis() + " ms";
        }
        if (run.allocated > allocationBound) {
            return "allocated " + (run.allocated >> 20) + " MiB, over the bound of " + (allocationBound >> 20) + " MiB";
        }
        return null;
    }

    private String outcomeOf(final Throwable failure) {
        final String described = target.describe(failure);
        return described != null ? described : failure.getClass().getSimpleName();
    }

    private String finding(final int index, final byte[] input, final String problem) {
        final String name = target.name() + "-" + seed + "-" + index + ".bin";
        try {
            Files.createDirectories(FINDINGS);
            Files.write(FINDINGS.resolve(name), input);
        } catch (final IOException e) {
            return problem + " (input " + index + " could not be saved: " + e.getMessage() + ")";
        }
        return problem + " [input " + index + ", " + input.length + " bytes, saved as " + FINDINGS.resolve(name) + ", starts "
                + HexFormat.of().formatHex(input, 0, Math.min(24, input.length)) + "]";
    }

    /** Wall time after which an input counts as a hang: generous, since the machine may be shared and loaded. */
    private long hangMillis() {
        return Math.max(30_000, 10 * timeBound.toMillis());
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            final Thread thread = new Thread(r, "fuzz-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One input: its CPU time, heap allocation and what it threw (null when accepted). */
    private record Run(long nanos, long allocated, Throwable failure) {
    }

    /**
     * What a campaign did.
     *
     * @param outcomes      inputs per outcome: {@code accepted} or the refusal's reason or exception type
     * @param findings      one line per finding; empty is the pass
     * @param slowestMillis the CPU time of the slowest input
     * @param slowest       its index
     * @param mostAllocated the largest heap allocation of one input, bytes
     */
    public record Report(String target, int inputs, long seed, Map<String, Integer> outcomes, List<String> findings,
                         long slowestMillis, int slowest, long mostAllocated) {

        /** Inputs the target accepted. */
        public int accepted() {
            return outcomes.getOrDefault("accepted", 0);
        }

        /** Inputs the target refused with a documented failure. */
        public int refused() {
            return outcomes.values().stream().mapToInt(Integer::intValue).sum() - accepted();
        }

        @Override
        public String toString() {
            return "fuzz " + target + ": " + inputs + " inputs (seed " + seed + "), outcomes " + outcomes + ", slowest "
                    + slowestMillis + " ms (input " + slowest + "), most allocated " + (mostAllocated >> 20) + " MiB, "
                    + (findings.isEmpty() ? "no findings" : findings.size() + " findings:\n  " + String.join("\n  ", findings));
        }
    }
}
