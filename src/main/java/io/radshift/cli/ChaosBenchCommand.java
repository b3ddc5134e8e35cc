package io.radshift.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.radshift.tools.bench.ChaosBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code radshift bench chaos}: crash safety proven by killing the monitor's process, closed by a {@code BENCH chaos}
 * line.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Crash-safety benchmark: starts a sandbox (Kafka node and Schema Registry persisting to a folder) "
            + "and publishes a fixed set of phantom studies from the demo's four hospitals. Then runs the monitor "
            + "('radshift run', a child JVM) three ways against the same studies:",
            "  1. with the Schema Registry down: it must exit after its bounded retries with one line;",
            "  2. uninterrupted, to the end;",
            "  3. killed with SIGKILL --kills times, each time right after its metrics show a model batch, a window "
                + "close or an incident event (in turn) and before that transaction commits, and restarted each time; "
                + "half way, the broker is restarted under load and the registry is down for --registry-outage seconds.",
            "Compares what runs 2 and 3 committed (read_committed): every site window's study count equal to the "
                + "uninterrupted run's and to the published studies, no alert lost or written twice.",
            "Progress goes to stderr; the last line of stdout is 'BENCH chaos kills=... studies=... windows_equal=... "
                + "lost=0 doubled=0 duplicate_alerts=0 ...'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing lost, doubled or duplicated", "1:a difference was found (see the BENCH line)", "2:error"})
public final class ChaosBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--kills", defaultValue = "6", description = "SIGKILLs of the interrupted run, at least 5 for the "
            + "benchmark (default: ${DEFAULT-VALUE}).")
    private int kills;

    @Option(names = "--studies-per-day", defaultValue = "64",
            description = "Studies per site and simulated day (default: ${DEFAULT-VALUE}).")
    private int perSiteDay;

    @Option(names = "--days", defaultValue = "5",
            description = "Simulated days; hospital-c changes scanner on day 3 (default: ${DEFAULT-VALUE}).")
    private int days;

    @Option(names = "--registry-outage", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long the registry is down during the interrupted run, 0 for never (default: ${DEFAULT-VALUE}).")
    private long registryOutageSeconds;

    @Option(names = "--no-broker-restart", description = "Do not restart the broker during the interrupted run.")
    private boolean noBrokerRestart;

    @Option(names = "--no-registry-down-at-start", description = "Skip the start with the registry down.")
    private boolean noRegistryDownAtStart;

    @Option(names = "--seed", defaultValue = "11", description = "Seed of the studies and kill delays (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Give up when a run has not written every window after this long (default: ${DEFAULT-VALUE}).")
    private long timeoutSeconds;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "target/bench-chaos",
            description = "Folder for the bundle, profile, sandbox data, configurations and the monitors' logs "
                + "(default: ${DEFAULT-VALUE}).")
    private Path work;

    @Override
    public Integer call() throws Exception {
        if (kills < 1 || perSiteDay < 1 || days < 1) {
            throw new IllegalArgumentException("--kills, --studies-per-day and --days must be at least 1");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final ChaosBenchmark.Options options = new ChaosBenchmark.Options(perSiteDay, days, kills, seed, !noBrokerRestart,
                Duration.ofSeconds(registryOutageSeconds), !noRegistryDownAtStart, Duration.ofSeconds(timeoutSeconds), work);
        // The sandbox runs in this process: its broker's and clients' warnings while it restarts under load are the
        // expected part of the test, and the monitors' own logs go to files under --work.
        quiet("org.apache.kafka");
        quiet("kafka");
        final ProgressBar bar = ProgressBar.onStderr("publishing", err);
        final ChaosBenchmark.Result result = new ChaosBenchmark(options, line -> {
            err.println(line);
            err.flush();
        }).run(bar::update);
        out.println(result.benchLine());
        out.flush();
        return result.passed() ? 0 : 1;
    }

    private static void quiet(final String logger) {
        ((Logger) LoggerFactory.getLogger(logger)).setLevel(Level.OFF);
    }
}
