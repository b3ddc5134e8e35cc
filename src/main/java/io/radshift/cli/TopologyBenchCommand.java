package io.radshift.cli;

import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.tools.bench.TopologyBenchmark;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code radshift bench topology}: records per second through RadShift's monitoring topology against a
 * pass-through Kafka Streams application on the same broker, data and settings, closed by a
 * {@code BENCH topology} line.
 */
@Command(name = "topology", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Topology throughput: publishes RECORDS pre-scored StudyInference records (phantom studies "
            + "scored once by the model bundle) to study-inferences on an in-process Kafka node, spread over DAYS "
            + "of event time across SITES sites so the configured windows close, then times (a) a pass-through "
            + "Kafka Streams application with RadShift's Streams settings (exactly_once_v2, commit interval, the "
            + "same serdes) that reads, deserializes and writes every record to a scratch topic, and (b) the real "
            + "RadShift application (windows, detector, alert lifecycle), each from its start to consumer lag 0.",
            "Progress goes to stderr; the last line of stdout is 'BENCH topology records=... passthrough_rps=... "
                + "radshift_rps=... ratio=... goal=0.70 load=...' (ratio = radshift / pass-through records/s, "
                + "load = the one-minute load average after the runs)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:benchmark run", "2:error"})
public final class TopologyBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--records", defaultValue = "200000",
            description = "StudyInference records to publish and process (default: ${DEFAULT-VALUE}).")
    private int records;

    @Option(names = "--sites", defaultValue = "8", description = "Sites sharing them (default: ${DEFAULT-VALUE}).")
    private int sites;

    @Option(names = "--days", defaultValue = "28",
            description = "Days of event time they are spread over (default: ${DEFAULT-VALUE}).")
    private int days;

    @Option(names = "--bundle", paramLabel = "DIR",
            description = "Model bundle; default: the configuration's model.bundle, where the demo bundle is built "
                + "on first use.")
    private Path bundle;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "topologies/bench-alerts.yaml",
            description = "Deployment to measure: windows, detection (default: ${DEFAULT-VALUE}). Kafka, registry "
                + "and state folder come from the benchmark.")
    private Path configFile;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--stall-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Give up when an application commits no progress for this long (default: ${DEFAULT-VALUE}).")
    private long stallSeconds;

    @Override
    public Integer call() throws Exception {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        // Checked first: building the demo bundle on first use takes a while.
        final TopologyBenchmark.Settings settings = new TopologyBenchmark.Settings(records, sites, days, seed,
            Duration.ofSeconds(stallSeconds));
        final RadShiftConfig config = new ConfigLoader().load(configFile);
        if (bundle == null && config.model().bundle() == null) {
            throw new IllegalArgumentException(configFile + " names no model.bundle; give --bundle");
        }
        final ModelBundle model = bundle != null ? ModelBundle.load(bundle)
            : DemoBundleBuilder.ensure(config.model().bundle());
        final TopologyBenchmark.Result result = new TopologyBenchmark(config, model, settings,
            new StderrBenchListener(err)).run();
        for (final TopologyBenchmark.Run run : new TopologyBenchmark.Run[] {result.passThrough(), result.radshift()}) {
            stdout.println(String.format(Locale.ROOT, "| %s | %d | %.1f | %.0f |", run.name(), run.records(),
                run.wall().toMillis() / 1000.0, run.perSecond()));
        }
        stdout.println(String.format(Locale.ROOT, "load average %.1f before, %.1f after", result.loadBefore(),
            result.loadAfter()));
        stdout.println(result.benchLine());
        stdout.flush();
        return 0;
    }
}
