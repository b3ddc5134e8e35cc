package io.radshift.tools.bench;

import io.radshift.config.RadShiftConfig;
import io.radshift.config.ConfigLoader;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.ingest.StudyPublisher;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileAvro;
import io.radshift.tools.demo.DemoReference;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.Sandbox;
import io.radshift.topics.Topics;
import io.radshift.window.WindowScheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Crash safety proven by killing processes ({@code radshift bench chaos}): the monitor runs as a child JVM against a
 * {@link Sandbox}; one run processes a fixed set of studies uninterrupted, another is killed with SIGKILL again and
 * again at chosen moments (a model batch, a window close, an alert: {@link KillMoment}) and restarted each time,
 * meanwhile the broker is restarted under load and the Schema Registry is down for a while. Both runs read the same
 * studies topic and write their own outputs; {@link ChaosComparison} compares what they committed. Before the runs,
 * the monitor is started once with the registry down and must exit with one line after its bounded retries.
 */
public final class ChaosBenchmark {

    /**
     * @param perSiteDay     studies per site and simulated day
     * @param days           simulated days (hospital-c changes on day 3, so 4 or more for alerts)
     * @param kills          SIGKILLs of the interrupted run
     * @param seed           seed of the studies and of the kill delays
     * @param brokerRestart  whether to restart the broker while the interrupted run works
     * @param registryOutage how long the registry is down while the interrupted run works (zero: never)
     * @param registryDownAtStart whether to start the monitor once with the registry down first
     * @param timeout        how long a run may take to write every window
     * @param work           folder for the bundle, profile, sandbox, configurations and logs
     */
    public record Options(int perSiteDay, int days, int kills, long seed, boolean brokerRestart, Duration registryOutage,
                          boolean registryDownAtStart, Duration timeout, Path work) {
    }

    /**
     * The outcome: the comparison plus what was done to the interrupted run.
     *
     * @param kills       SIGKILLs by the moment they were aimed at
     * @param killsMissed SIGKILLs whose moment did not come within the trigger timeout (the monitor was killed anyway)
     */
    public record Result(int studies, Map<KillMoment, Integer> kills, int killsMissed, int restartsAfterOwnExit, boolean brokerRestarted,
                         Duration registryOutage, String registryAtStart, ChaosComparison comparison,
                         Duration baselineTime, Duration chaosTime) {

        /**
         * Whether nothing was lost, doubled or duplicated, and the registry outage at start (when tried) gave one
         * clear line.
         */
        public boolean passed() {
            return comparison.passed() && (registryAtStart.isEmpty() || registryAtStart.contains("unreachable after"));
        }

        /** Total SIGKILLs. */
        public int killCount() {
            return kills.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** The benchmark's last line. */
        public String benchLine() {
            final ChaosComparison c = comparison;
            final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "BENCH chaos kills=%d", killCount()));
            kills.forEach((moment, count) -> line.append(" kills_").append(moment.label()).append('=').append(count));
            line.append(" kills_missed_moment=").append(killsMissed);
            return line.append(String.format(Locale.ROOT, " studies=%d windows=%d windows_equal=%d/%d lost=%d doubled=%d"
                            + " duplicate_alerts=%d alerts=%d lost_alerts=%d extra_alerts=%d all_sites_windows_equal=%d/%d"
                            + " all_sites_alerts=%d all_sites_alerts_differing=%d"
                            + " broker_restarts=%d registry_outage_s=%d registry_down_at_start=%s own_exits=%d"
                            + " baseline_s=%.0f chaos_s=%.0f",
                    studies, c.windows(), c.windowsEqual(), c.windows(), c.lost(), c.doubled(), c.duplicateAlerts(),
                    c.alerts(), c.lostAlerts(), c.extraAlerts(), c.allSitesEqual(), c.allSitesWindows(),
                    c.allSitesAlerts(), c.allSitesAlertsDiffering(),
                    brokerRestarted ? 1 : 0, registryOutage.toSeconds(),
                    registryAtStart.isEmpty() ? "not-tried" : registryAtStart.contains("unreachable after") ? "clear-error" : "unexpected",
                    restartsAfterOwnExit, baselineTime.toMillis() / 1e3, chaosTime.toMillis() / 1e3)).toString();
        }
    }

    private static final int PARTITIONS = 3;
    private static final Duration KILL_TRIGGER_TIMEOUT = Duration.ofSeconds(120);
    private static final int MAX_KILL_DELAY_MS = 300;

    private final Options options;
    private final Consumer<String> say;
    private final Random random;
    private volatile long baselineDone;

    /** @param say told one line per step */
    public ChaosBenchmark(final Options options, final Consumer<String> say) {
        this.options = options;
        this.say = say;
        this.random = new Random(options.seed());
    }

    /**
     * Runs the benchmark.
     *
     * @param progress told (done, total) while the studies are published
     */
    public Result run(final BiConsumer<Integer, Integer> progress) throws Exception {
        Files.createDirectories(options.work());
        final ModelBundle bundle = DemoBundleBuilder.ensure(options.work().resolve("bundle"));
        final Path profile = profile(bundle);
        final Path sandboxDir = options.work().resolve("sandbox");
        if (Files.exists(sandboxDir)) {
            EmbeddedKafka.deleteRecursively(sandboxDir);
        }
        try (Sandbox sandbox = Sandbox.start(sandboxDir, Sandbox.Ports.free())) {
            say.accept("Sandbox: Kafka " + sandbox.bootstrapServers() + ", Schema Registry " + sandbox.registryUrl());
            final ChaosStudies studies = new ChaosStudies(options.perSiteDay(), options.days(), options.seed());
            final List<ChaosStudies.Sent> sent = publish(sandbox, studies, bundle, progress);
            final RadShiftConfig baselineConfig = config(sandbox, "baseline", bundle.dir(), profile);
            final WindowScheme.Sliding scheme = (WindowScheme.Sliding) WindowScheme.of(baselineConfig.windows().get(0));
            final Map<WindowKey, Long> expected = ChaosStudies.expectedCounts(sent, scheme, studies.sentinelTime());
            say.accept(String.format(Locale.ROOT, "Published %d studies; %d site windows must close.", sent.size(), expected.size()));

            final String atStart = options.registryDownAtStart() ? registryDownAtStart(sandbox, bundle.dir(), profile) : "";
            final RadShiftConfig chaosConfig = config(sandbox, "chaos", bundle.dir(), profile);
            // The two runs read the same studies and write their own topics: they run side by side.
            final long start = System.nanoTime();
            final CompletableFuture<MonitorOutputs> uninterrupted = CompletableFuture.supplyAsync(
                    () -> uninterrupted(sandbox, baselineConfig, expected));
            final Interrupted chaos = interrupted(sandbox, chaosConfig, expected);
            final Duration chaosTime = Duration.ofNanos(System.nanoTime() - start);
            final MonitorOutputs baseline = uninterrupted.join();
            final Duration baselineTime = baselineTime(start);
            try (baseline; MonitorOutputs outputs = chaos.outputs()) {
                final ChaosComparison comparison = ChaosComparison.of(expected, baseline.windows(), outputs.windows(),
                        baseline.alerts(), outputs.alerts());
                return new Result(sent.size(), chaos.kills(), chaos.missed(), chaos.ownExits(), options.brokerRestart(),
                        options.registryOutage(), atStart, comparison, baselineTime, chaosTime);
            }
        }
    }

    /** What the interrupted run did and wrote. */
    private record Interrupted(MonitorOutputs outputs, Map<KillMoment, Integer> kills, int missed, int ownExits) {
    }

    private Path profile(final ModelBundle bundle) throws Exception {
        final Path file = options.work().resolve("reference-profile.avro");
        if (Files.isRegularFile(file)) {
            try {
                ReferenceProfileAvro.read(file, bundle.modelId(), bundle.contentHash());
                return file;
            } catch (IllegalStateException otherBundle) {
                say.accept("The cached reference profile belongs to another bundle; rebuilding it.");
            }
        }
        say.accept("Building the demo reference profile (first run only)...");
        final ReferenceProfile profile;
        try (ImageEncoder encoder = ImageEncoder.open(bundle, InferenceOptions.cpuDefaults())) {
            profile = DemoReference.build(encoder, 600, options.seed() + 100, (done, total) -> { });
        }
        ReferenceProfileAvro.write(profile, file);
        return file;
    }

    private List<ChaosStudies.Sent> publish(final Sandbox sandbox, final ChaosStudies studies, final ModelBundle bundle,
                                            final BiConsumer<Integer, Integer> progress) {
        sandbox.createTopics(PARTITIONS, "studies");
        try (StudyPublisher publisher = new StudyPublisher(sandbox.bootstrapServers(),
                RestSchemaRegistryClient.of(new RadShiftConfig.Registry(sandbox.registryUrl(), null, null)), Map.of(),
                "studies", "study-labels")) {
            return studies.publish(publisher, bundle.labels(), progress);
        }
    }

    /** The monitor started while the registry is down must exit with one line; returns that line. */
    private String registryDownAtStart(final Sandbox sandbox, final Path bundle, final Path profile) throws IOException {
        final RadShiftConfig config = config(sandbox, "registry-down", bundle, profile);
        sandbox.stopRegistry();
        final long start = System.nanoTime();
        try (MonitorProcess monitor = MonitorProcess.start(configFile("registry-down"), log("registry-down"))) {
            return "started although the registry was down";
        } catch (IllegalStateException exited) {
            final String line = exited.getMessage();
            say.accept(String.format(Locale.ROOT, "Registry down at start: the monitor exited after %.1f s: %s",
                    (System.nanoTime() - start) / 1e9, line));
            return line;
        } finally {
            sandbox.startRegistry();
        }
    }

    private MonitorOutputs uninterrupted(final Sandbox sandbox, final RadShiftConfig config,
                                         final Map<WindowKey, Long> expected) {
        say.accept("Uninterrupted run started.");
        final MonitorOutputs outputs = outputs(sandbox, config);
        try (MonitorProcess monitor = MonitorProcess.start(configFile("baseline"), log("baseline"))) {
            awaitWindows(outputs, expected, () -> { });
        }
        settle(outputs);
        baselineDone = System.nanoTime();
        say.accept("Uninterrupted run done.");
        return outputs;
    }

    private Duration baselineTime(final long start) {
        return Duration.ofNanos(baselineDone - start);
    }

    private Interrupted interrupted(final Sandbox sandbox, final RadShiftConfig config,
                                    final Map<WindowKey, Long> expected) throws IOException {
        say.accept("Interrupted run: " + options.kills() + " SIGKILLs"
                + (options.brokerRestart() ? ", a broker restart" : "")
                + (options.registryOutage().isZero() ? "" : ", the registry down for " + options.registryOutage().toSeconds() + " s"));
        final Path file = configFile("chaos");
        final Map<KillMoment, Integer> kills = new EnumMap<>(KillMoment.class);
        final MonitorOutputs outputs = outputs(sandbox, config);
        MonitorProcess monitor = MonitorProcess.start(file, log("chaos"));
        int ownExits = 0;
        int missed = 0;
        try {
            for (int k = 0; k < options.kills(); k++) {
                if (k == options.kills() / 2) {
                    disturb(sandbox, monitor);
                }
                final KillMoment moment = KillMoment.values()[k % KillMoment.values().length];
                final boolean hit = awaitMoment(monitor, moment);
                MonitorProcess.pause(Duration.ofMillis(random.nextInt(MAX_KILL_DELAY_MS)));
                if (!monitor.isAlive()) {
                    ownExits++;
                }
                monitor.kill();
                kills.merge(moment, 1, Integer::sum);
                missed += hit ? 0 : 1;
                say.accept(String.format(Locale.ROOT, "  SIGKILL %d of %d at %s%s", k + 1, options.kills(), moment.label(),
                        hit ? "" : " (not seen within " + KILL_TRIGGER_TIMEOUT.toSeconds() + " s: killed anyway)"));
                monitor = MonitorProcess.start(file, log("chaos"));
            }
            final MonitorProcess last = monitor;
            awaitWindows(outputs, expected, () -> {
                if (!last.isAlive()) {
                    throw new IllegalStateException("the monitor exited by itself; see " + log("chaos"));
                }
            });
        } finally {
            monitor.close();
        }
        settle(outputs);
        return new Interrupted(outputs, kills, missed, ownExits);
    }

    /** Restarts the broker and takes the registry away for a while, both while the monitor works. */
    private void disturb(final Sandbox sandbox, final MonitorProcess monitor) {
        if (options.brokerRestart()) {
            awaitMoment(monitor, KillMoment.INFERENCE);
            final long start = System.nanoTime();
            sandbox.restartBroker();
            say.accept(String.format(Locale.ROOT, "  broker restarted under load in %.1f s", (System.nanoTime() - start) / 1e9));
        }
        if (!options.registryOutage().isZero()) {
            awaitMoment(monitor, KillMoment.INFERENCE);
            sandbox.stopRegistry();
            MonitorProcess.pause(options.registryOutage());
            sandbox.startRegistry();
            say.accept("  registry was down for " + options.registryOutage().toSeconds() + " s while the monitor worked");
        }
    }

    /** Waits until the moment's metric increases; false when it did not within the trigger timeout. */
    private static boolean awaitMoment(final MonitorProcess monitor, final KillMoment moment) {
        final double before = monitor.metric(moment.metric()).orElse(0.0);
        final long deadline = System.nanoTime() + KILL_TRIGGER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && monitor.isAlive()) {
            if (monitor.metric(moment.metric()).orElse(before) > before) {
                return true;
            }
            MonitorProcess.pause(Duration.ofMillis(20));
        }
        return false;
    }

    /**
     * Reads the run's outputs until every expected site window is there, and the all-sites window of each of their
     * ends (every site sends from the start, so the view merges each end once all have delivered it), or fails after
     * the timeout.
     */
    private void awaitWindows(final MonitorOutputs outputs, final Map<WindowKey, Long> expectedSites, final Runnable check) {
        final Set<WindowKey> expected = new HashSet<>(expectedSites.keySet());
        expectedSites.keySet().forEach(key -> expected.add(new WindowKey(ChaosComparison.ALL_SITES, key.kind(), key.end())));
        final long deadline = System.nanoTime() + options.timeout().toNanos();
        while (!outputs.windows().keySet().containsAll(expected)) {
            if (System.nanoTime() > deadline) {
                final long missing = expected.stream().filter(key -> !outputs.windows().containsKey(key)).count();
                say.accept("  " + missing + " expected windows still missing after " + options.timeout().toSeconds() + " s");
                return;
            }
            check.run();
            outputs.poll(Duration.ofSeconds(1));
        }
    }

    /** Lets the all-sites merge and the last alerts commit: reads until nothing new came for four seconds. */
    private static void settle(final MonitorOutputs outputs) {
        int unchanged = 0;
        int size = -1;
        while (unchanged < 4) {
            outputs.poll(Duration.ofSeconds(1));
            final int now = outputs.windows().values().stream().mapToInt(List::size).sum() + outputs.alerts().size();
            unchanged = now == size ? unchanged + 1 : 0;
            size = now;
        }
    }

    private static MonitorOutputs outputs(final Sandbox sandbox, final RadShiftConfig config) {
        final RadShiftConfig live = config.withEndpoints(sandbox.bootstrapServers(), config.schemaRegistry().url());
        final Topics topics = new Topics(live, RestSchemaRegistryClient.of(live.schemaRegistry()));
        return new MonitorOutputs(topics, live.kafka().applicationId() + "-reader");
    }

    private RadShiftConfig config(final Sandbox sandbox, final String run, final Path bundle, final Path profile)
            throws IOException {
        final Path file = options.work().resolve(run + ".yaml");
        Files.writeString(file, String.format(Locale.ROOT, """
                # Written by radshift bench chaos for its %1$s run against the sandbox.
                kafka:
                  bootstrapServers: %2$s
                  applicationId: radshift-chaos-%1$s
                  stateDir: %3$s
                  properties:
                    # A killed member leaves the group after 6 s instead of 45 s.
                    session.timeout.ms: "6000"
                    heartbeat.interval.ms: "1500"
                schemaRegistry:
                  url: %4$s
                  startupAttempts: 3
                  startupBackoff: 200ms
                topics:
                  studies: studies
                  studyLabels: study-labels-%1$s
                  inferences: study-inferences-%1$s
                  windows: drift-windows-%1$s
                  alerts: drift-alerts-%1$s
                  deadLetter: radshift-dead-letter-%1$s
                  partitions: %5$d
                model: {bundle: %6$s, provider: cpu, batchSize: 16, maxBatchLatency: 200ms, intraOpThreads: 1}
                reference: {profile: %7$s}
                windows:
                  - {name: oncall-6h, type: tumbling, size: 6h, grace: 1h}
                # A monitor that is down for a while must not make the others' partitions look idle.
                detection: {minStudies: 10, fireAfter: 2, fireWindow: 3, idleTimeout: 10m, siteSilentAfter: 30d,
                    siteStateRetention: 60d}
                metrics: {port: 0}
                """, run, sandbox.bootstrapServers(), options.work().resolve("state-" + run).toAbsolutePath(),
                sandbox.registryUrl(), PARTITIONS, bundle.toAbsolutePath(), profile.toAbsolutePath()));
        return new ConfigLoader().load(file);
    }

    private Path configFile(final String run) {
        return options.work().resolve(run + ".yaml");
    }

    private Path log(final String run) {
        return options.work().resolve(run + ".log");
    }
}
