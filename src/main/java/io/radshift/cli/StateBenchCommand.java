package io.radshift.cli;

import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.report.StateMarkdown;
import io.radshift.tools.bench.StateBenchmark;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code radshift bench state}: heap, state bytes per (site, window scheme) and /metrics scrape size along a long
 * feed of many sites, and the changelog restore time after a crash, closed by a {@code BENCH state} line.
 */
@Command(name = "state", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Bounded-state benchmark: feeds SITES sites and STUDIES cheap synthetic pre-scored studies "
            + "through the real RadShift application (in-process Kafka and Schema Registry, exactly-once, the "
            + "configured windows, detector and incidents) and measures at checkpoints the heap after GC, the state "
            + "bytes per (site, window scheme) and the /metrics scrape size, which must not grow with the studies.",
            "Then, for each --restore-sites count, feeds that many sites, deletes the local state folder (a crash "
                + "that loses the disk) and times the restart until RUNNING with every store restored from its "
                + "changelog.",
            "Progress goes to stderr; the last line of stdout is 'BENCH state sites=... studies=... heap_mb=... "
                + "bytes_per_site_window=... scrape_kb=... restore_s_N=... grows_with_studies=...'."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:benchmark written", "2:error"})
public final class StateBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--sites", defaultValue = "10000", description = "Sites of the main feed (default: ${DEFAULT-VALUE}).")
    private int sites;

    @Option(names = "--studies", defaultValue = "1000000",
            description = "Studies of the main feed (default: ${DEFAULT-VALUE}).")
    private long studies;

    @Option(names = "--per-site-day", defaultValue = "10",
            description = "Studies per site and day of event time, which sets the span fed (default: ${DEFAULT-VALUE}).")
    private double perSiteDay;

    @Option(names = "--checkpoints", defaultValue = "4",
            description = "Measurements along the feed, evenly spaced (default: ${DEFAULT-VALUE}).")
    private int checkpoints;

    @Option(names = "--restore-sites", split = ",", defaultValue = "100,1000",
            description = "Site counts of the restore runs; 0 for none (default: ${DEFAULT-VALUE}).")
    private int[] restoreSites;

    @Option(names = "--restore-studies-per-site", defaultValue = "20",
            description = "Studies per site fed before each restore (default: ${DEFAULT-VALUE}).")
    private int restoreStudiesPerSite;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "topologies/bench-alerts.yaml",
            description = "Deployment to measure: windows and detection (default: ${DEFAULT-VALUE}, production "
                + "windows). Kafka, registry and state folder come from the benchmark.")
    private Path configFile;

    @Option(names = "--bundle", paramLabel = "DIR",
            description = "Model bundle whose shape the studies take; default: the configuration's model.bundle, "
                + "where the demo bundle is built on first use.")
    private Path bundle;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--stall-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Give up when the application commits nothing for this long (default: ${DEFAULT-VALUE}).")
    private long stallSeconds;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "BENCHMARKS-state.md",
            description = "Markdown output (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final RadShiftConfig config = new ConfigLoader().load(configFile);
        if (bundle == null && config.model().bundle() == null) {
            throw new IllegalArgumentException(configFile + " names no model.bundle; give --bundle");
        }
        final ModelBundle model = bundle != null ? ModelBundle.load(bundle)
            : DemoBundleBuilder.ensure(config.model().bundle());
        final int[] restores = restoreSites.length == 1 && restoreSites[0] == 0 ? new int[0] : restoreSites;
        final StateBenchmark.Settings settings = new StateBenchmark.Settings(sites, studies, perSiteDay, checkpoints,
            restores, restoreStudiesPerSite, seed, Duration.ofSeconds(stallSeconds));
        final StateBenchmark.Result result = new StateBenchmark(config, model, settings, new StderrBenchListener(err)).run();
        final String markdown = StateMarkdown.render(result);
        Files.writeString(out, markdown, StandardCharsets.UTF_8);
        stdout.println(markdown);
        stdout.println("Written to " + out);
        stdout.println(result.benchLine());
        stdout.flush();
        return 0;
    }
}
