package io.radshift.cli;

import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.data.SharedData;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.report.AlertsMarkdown;
import io.radshift.tools.bench.AlertsBenchmark;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code radshift bench alerts}: pages on stable sites, window false-alarm rates, pages per incident and detection
 * delays of the real pipeline over a long replay, written as Markdown and closed by a {@code BENCH alerts} line.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Alert-quality benchmark: replays DAYS simulated days per site through the real RadShift "
            + "application (in-process Kafka and Schema Registry, exactly-once, the configured windows and alert "
            + "gating) with studies scored once by the model bundle, and counts what the on-call would get.",
            "Sites: stable sites from real same-hospital X-rays (kermany patients not in the reference, label mix as "
                + "in the reference) and from phantoms, one per window size n; changing sites with a scanner change, "
                + "a rare-finding prevalence change (Pneumothorax x10) and another hospital's X-rays mixed in.",
            "Reports pages per stable site per 30 days (goal <= 0.1), window false-alarm rate per n (goal <= alpha), "
                + "pages per incident (goal 1) and detection delay after each change (goal: the first window with "
                + "half its studies changed). A page is a drift-alerts FIRING with paging = true.",
            "Progress goes to stderr; the last line of stdout is 'BENCH alerts stable_pages_per_site_month=... "
                + "pages_per_incident=... far_n50=... far_n200=... delay_h=...'."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:benchmark written", "2:error"})
public final class AlertsBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Chest X-ray folder holding manifest.csv (default: RADSHIFT_CXR_DIR or ../shared/data/cxr; "
                + "without it only the phantom replay runs).")
    private Path data;

    @Option(names = "--phantoms-only", description = "Skip the real X-ray replay (a quick run without the shared data).")
    private boolean phantomsOnly;

    @Option(names = "--bundle", paramLabel = "DIR",
            description = "Model bundle; default: the configuration's model.bundle, where the demo bundle is built "
                + "on first use.")
    private Path bundle;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "topologies/bench-alerts.yaml",
            description = "Deployment to measure: windows, alpha, gating (default: ${DEFAULT-VALUE}). Kafka, registry, "
                + "state folder and model come from the benchmark.")
    private Path configFile;

    @Option(names = "--days", defaultValue = "90", description = "Simulated days per site (default: ${DEFAULT-VALUE}).")
    private int days;

    @Option(names = "--sizes", split = ",", defaultValue = "20,50,100,200",
            description = "Studies per alerting window of the stable sites, one site per size and replay "
                + "(default: ${DEFAULT-VALUE}).")
    private int[] sizes;

    @Option(names = "--changing-n", defaultValue = "100",
            description = "Studies per alerting window of the changing sites (default: ${DEFAULT-VALUE}).")
    private int changingN;

    @Option(names = "--mix-source", defaultValue = "hannover",
            description = "Manifest source whose X-rays are mixed in at the hospital-mix site (default: ${DEFAULT-VALUE}).")
    private String mixSource;

    @Option(names = "--mix-fraction", defaultValue = "0.3",
            description = "Share of those X-rays from the change on (default: ${DEFAULT-VALUE}).")
    private double mixFraction;

    @Option(names = "--phantom-pool", defaultValue = "2000",
            description = "Phantom studies in the reference and the stable pool; each change pool has half "
                + "(default: ${DEFAULT-VALUE}).")
    private int phantomPool;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--stall-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Give up when the pipeline closes no window for this long (default: ${DEFAULT-VALUE}).")
    private long stallSeconds;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "BENCHMARKS-alerts.md",
            description = "Markdown output (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--offline-windows", paramLabel = "FILE",
            description = {"Skip the pipeline: judge the same studies' alerting windows without Kafka, with the same "
                + "evaluator and per-window level, append them to FILE as JSON lines and stop (minutes, not an "
                + "hour). It counts flagged windows, not pages: tools/alert_gating.py replays the incident rule over "
                + "FILE. For tuning detection settings; the goals are judged by the full run."})
    private Path offlineWindows;

    @Override
    public Integer call() throws Exception {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final RadShiftConfig config = new ConfigLoader().load(configFile);
        final AlertsBenchmark.Settings settings = new AlertsBenchmark.Settings(dataDir(), days, sizes, changingN,
            mixSource, mixFraction, phantomPool, seed, Duration.ofSeconds(stallSeconds));
        if (bundle == null && config.model().bundle() == null) {
            throw new IllegalArgumentException(configFile + " names no model.bundle; give --bundle");
        }
        final ModelBundle model = bundle != null ? ModelBundle.load(bundle)
            : DemoBundleBuilder.ensure(config.model().bundle());
        final AlertsBenchmark benchmark = new AlertsBenchmark(config, model, settings, new StderrBenchListener(err));
        if (offlineWindows != null) {
            final long written = benchmark.writeOfflineWindows(offlineWindows);
            stdout.println("Wrote " + written + " windows to " + offlineWindows + "; judge them with: python3 "
                + "tools/alert_gating.py " + offlineWindows);
            stdout.println("BENCH alerts-offline windows=" + written);
            stdout.flush();
            return 0;
        }
        final AlertsBenchmark.Result result = benchmark.run();
        final String markdown = AlertsMarkdown.render(result);
        Files.writeString(out, markdown, StandardCharsets.UTF_8);
        stdout.println(markdown);
        stdout.println("Written to " + out);
        stdout.println(result.summary().benchLine());
        stdout.flush();
        return 0;
    }

    private Optional<Path> dataDir() {
        if (phantomsOnly) {
            return Optional.empty();
        }
        if (data == null) {
            return SharedData.cxr();
        }
        if (!Files.isRegularFile(data.resolve("manifest.csv"))) {
            throw new IllegalArgumentException("--data " + data + " has no manifest.csv");
        }
        return Optional.of(data);
    }
}
