package io.radshift.cli;

import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.tools.bench.E2eBenchmark;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code radshift bench e2e}: studies per second from StudyEvent to WindowSummary through the whole application
 * with a model bundle, and the latency from a window's end plus grace to its alert, on a live stream and after
 * the stream goes quiet; closed by a {@code BENCH e2e} line.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"End to end: starts RadShift (inference with the model bundle, windows, detector, alerts) on an "
            + "in-process Kafka node and Schema Registry and feeds it StudyEvents with phantom PNG images. "
            + "(1) Throughput: a backlog of BACKLOG studies an hour old, published at once; studies per second up to "
            + "the WindowSummary of every window the backlog closes. (2) Live: RATE studies per second for SECONDS "
            + "with event time = wall clock, every second site alternating scanners window by window so that each "
            + "of its windows opens or resolves an incident; latency = when a window's summary or alert is read "
            + "from drift-windows / drift-alerts minus the window's end plus grace. (3) Quiet: the stream stops and "
            + "the last windows close by the wall clock after detection.idleTimeout; the same latencies.",
            "Progress goes to stderr; the last line of stdout is 'BENCH e2e studies_per_s=... "
                + "alert_latency_p99_live_ms=... alert_latency_p99_quiet_ms=... ...' (NA where nothing was "
                + "measured)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:benchmark run", "2:error"})
public final class E2eBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--sites", defaultValue = "4", description = "Sites (default: ${DEFAULT-VALUE}).")
    private int sites;

    @Option(names = "--backlog", defaultValue = "2000",
            description = "Studies of the throughput phase (default: ${DEFAULT-VALUE}).")
    private int backlog;

    @Option(names = "--seconds", defaultValue = "120",
            description = "Length of the live phase in seconds (default: ${DEFAULT-VALUE}).")
    private int seconds;

    @Option(names = "--rate", defaultValue = "10",
            description = "Studies per second in the live phase, all sites together (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--bundle", paramLabel = "DIR",
            description = "Model bundle; default: the configuration's model.bundle, where the demo bundle is built "
                + "on first use.")
    private Path bundle;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "topologies/bench-e2e.yaml",
            description = "Deployment to measure; its first window must be tumbling (default: ${DEFAULT-VALUE}). "
                + "Kafka, registry and state folder come from the benchmark.")
    private Path configFile;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Give up waiting for window summaries after this long (default: ${DEFAULT-VALUE}).")
    private long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        final PrintWriter stdout = spec.commandLine().getOut();
        final E2eBenchmark.Settings settings = new E2eBenchmark.Settings(sites, backlog, seconds, rate, seed,
            Duration.ofSeconds(timeoutSeconds));
        final RadShiftConfig config = new ConfigLoader().load(configFile);
        if (bundle == null && config.model().bundle() == null) {
            throw new IllegalArgumentException(configFile + " names no model.bundle; give --bundle");
        }
        final ModelBundle model = bundle != null ? ModelBundle.load(bundle)
            : DemoBundleBuilder.ensure(config.model().bundle());
        final E2eBenchmark.Result result = new E2eBenchmark(config, model, settings,
            new StderrBenchListener(spec.commandLine().getErr())).run();
        stdout.println(String.format(Locale.ROOT, "throughput: %d studies in %.1f s = %.1f studies/s",
            result.backlogStudies(), result.backlogWall().toMillis() / 1000.0, result.studiesPerSecond()));
        stdout.println(String.format(Locale.ROOT, "| phase | windows | window p50 ms | window p99 ms | alerts | "
            + "alert p50 ms | alert p99 ms |%n|---|---:|---:|---:|---:|---:|---:|"));
        row(stdout, "live", result.liveWindows(), result.liveAlerts());
        row(stdout, "quiet", result.quietWindows(), result.quietAlerts());
        final E2eBenchmark.Hops hops = result.liveHops();
        stdout.println(String.format(Locale.ROOT, "live windows by hop (%d windows):%n| hop | p50 ms | p99 ms |%n"
            + "|---|---:|---:|", hops.monitoring().size()));
        hop(stdout, "end + grace to the site's next study", hops.nextStudy());
        hop(stdout, "its send to its inference read (inference stage, commit)", hops.inference());
        hop(stdout, "its inference to the window's summary read (window close, detector, commit)", hops.monitoring());
        final E2eBenchmark.QuietHops quiet = result.quietHops();
        stdout.println(String.format(Locale.ROOT, "quiet windows by part (%d windows):%n| part | p50 ms | p99 ms |%n"
            + "|---|---:|---:|", quiet.rest().size()));
        hop(stdout, "the site's last study: its send to its inference read", quiet.lastInference());
        hop(stdout, "idle timeout " + quiet.idleTimeout() + " ms: the part after end + grace (proof of silence)",
            quiet.silenceProof());
        hop(stdout, "the rest: backlog check (its reading period), idle check period, window close, detector, commit",
            quiet.rest());
        stdout.println(result.benchLine());
        stdout.flush();
        return 0;
    }

    private static void hop(final PrintWriter out, final String name, final List<Long> ms) {
        out.println(String.format(Locale.ROOT, "| %s | %s | %s |", name, E2eBenchmark.Result.percentile(ms, 0.5),
            E2eBenchmark.Result.percentile(ms, 0.99)));
    }

    private static void row(final PrintWriter out, final String phase, final List<Long> windows,
                            final List<Long> alerts) {
        out.println(String.format(Locale.ROOT, "| %s | %d | %s | %s | %d | %s | %s |", phase, windows.size(),
            E2eBenchmark.Result.percentile(windows, 0.5), E2eBenchmark.Result.percentile(windows, 0.99), alerts.size(),
            E2eBenchmark.Result.percentile(alerts, 0.5), E2eBenchmark.Result.percentile(alerts, 0.99)));
    }
}
