package io.radshift.cli;

import io.radshift.app.RadShiftApp;
import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.report.IncidentText;
import io.radshift.tools.demo.DemoConsole;
import io.radshift.tools.demo.DemoReference;
import io.radshift.tools.demo.DemoScenario;
import io.radshift.tools.demo.HospitalSimulator;
import io.radshift.tools.demo.XrayImage;
import io.radshift.tools.demo.XrayScenario;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.ingest.StudyPublisher;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import io.radshift.inference.ImageEncoder;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.inference.onnx.InferenceOptions;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileAvro;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code radshift demo}: everything in one process on a fresh machine: an in-process Kafka node and Schema
 * Registry, the demo model bundle and reference profile (built on first use), the full RadShift pipeline with its
 * metrics endpoint, and simulated hospitals streaming phantom X-rays on a compressed clock. Prints alerts as they
 * fire and resolve and a per-site status table.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the embedded demo: Kafka, Schema Registry, model, pipeline and four simulated hospitals.",
                "hospital-c changes scanner on day 3 and hospital-d sees a rare finding ten times more often from day 2;",
                "RadShift should open one incident (one page) for each of those two sites and none for hospital-a and "
                        + "hospital-b.",
                "The console prints a line when an incident opens (FIRING) or resolves, and every 10 s a table with each "
                        + "site's open incident (severity, since, strongest evidence, updates folded in)."})
public final class DemoCommand implements Callable<Integer> {

    /** Seed of the phantom reference and of the reference studies' simulated metadata. */
    private static final long REFERENCE_SEED = 20261127L;

    @Spec
    private CommandSpec spec;

    @Option(names = "--minutes", description = "Stop by itself after this many minutes (default: run until Ctrl-C).")
    private Double minutes;

    @Option(names = "--config", defaultValue = "topologies/demo.yaml", description = "Demo configuration (default: ${DEFAULT-VALUE}).")
    private Path configFile;

    @Option(names = "--speed", defaultValue = "1.0",
            description = "Simulated hours per wall-clock second (default: ${DEFAULT-VALUE}, i.e. a day every 24 s).")
    private double hoursPerSecond;

    @Option(names = "--studies-per-day", defaultValue = "300", description = "Studies per site and simulated day (default: ${DEFAULT-VALUE}).")
    private int studiesPerDay;

    @Option(names = "--reference-studies", defaultValue = "2000",
            description = "Phantom studies in the reference profile, built on first use (default: ${DEFAULT-VALUE}).")
    private int referenceStudies;

    @Option(names = "--images", paramLabel = "DIR",
            description = {"Send real chest X-rays from DIR instead of phantoms, e.g. ../shared/data/cxr. Hospitals are "
                    + "the 'source' column of DIR/manifest.csv, or DIR's sub-folders (labels from the next sub-folder, "
                    + "e.g. NORMAL/); those with at least 20 images count. The largest is home: half of its patients "
                    + "build the reference profile (cached next to the phantom profile), the other half are sent by all "
                    + "four sites; hospital-c mixes in 50%% X-rays of the second largest hospital from day 3, hospital-d "
                    + "of the third largest from day 2."})
    private Path images;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final RadShiftConfig config = new ConfigLoader().load(configFile);
        final ModelBundle bundle = DemoBundleBuilder.ensure(config.model().bundle());
        final XrayScenario.Plan xrays = images == null ? null : XrayScenario.plan(images, bundle.labels());
        out.printf("Model bundle:      %s (%s)%n", bundle.dir(), bundle.modelId());
        final ReferenceProfile profile = xrays == null
                ? ensureProfile(config.reference().profile(), bundle, referenceStudies + " phantom studies",
                        (encoder, progress) -> DemoReference.build(encoder, referenceStudies, REFERENCE_SEED, progress))
                : ensureProfile(config.reference().profile().resolveSibling("reference-profile-"
                                + xrays.home().name().replaceAll("[^A-Za-z0-9_-]", "_") + "-" + xrays.fingerprint() + ".avro"),
                        bundle, xrays.reference().size() + " " + xrays.home().name() + " X-rays of reference patients",
                        (encoder, progress) -> DemoReference.build(encoder,
                                xrays.reference().stream().map(XrayImage::read).iterator(), xrays.reference().size(),
                                REFERENCE_SEED, progress));
        final List<HospitalSimulator.Site> sites = xrays == null ? DemoScenario.sites(studiesPerDay, 2026, bundle.labels())
                : DemoScenario.xraySites(xrays, studiesPerDay, 2026);
        try (ShutdownSignal signal = new ShutdownSignal();
             EmbeddedKafka kafka = EmbeddedKafka.start();
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            // The embedded broker starts empty every time, so local state from an earlier run would point at
            // changelog offsets that no longer exist: each demo run gets fresh state, removed at the end.
            final Path stateDir = Files.createTempDirectory("radshift-demo-state-");
            final RadShiftConfig live = config.withEndpoints(kafka.bootstrapServers(), registry.url()).withStateDir(stateDir);
            try (RadShiftApp app = RadShiftApp.start(live, bundle, profile);
                 StudyPublisher publisher = new StudyPublisher(kafka.bootstrapServers(), RestSchemaRegistryClient.of(live.schemaRegistry()),
                         live.kafka().clientProperties(), live.topics().studies(), live.topics().studyLabels())) {
                final Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(21))
                        .atZone(ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)).toInstant();
                final HospitalSimulator simulator = new HospitalSimulator(sites, publisher, bundle.labels(), start,
                        hoursPerSecond * 3600.0);
                final DemoConsole console = new DemoConsole(app.topics(), out,
                        new DemoConsole.IncidentFormat(IncidentText::event, IncidentText::incident),
                        simulator::sentPerSite, alertingWindow(live));
                printBanner(out, kafka, registry, app, start, sites);
                console.start();
                simulator.start();
                awaitEnd(out, signal);
                simulator.close();
                console.close();
                out.printf("Demo stopped at simulated %s: %s; sent %s.%n", simulator.simulatedNow().truncatedTo(ChronoUnit.MINUTES),
                        console.totals(), simulator.sentPerSite());
            } finally {
                EmbeddedKafka.deleteRecursively(stateDir);
            }
        }
        out.flush();
        return 0;
    }

    /** Builds a reference profile with the bundle's encoder, reporting (done, total). */
    @FunctionalInterface
    private interface ProfileBuild {
        ReferenceProfile build(ImageEncoder encoder, BiConsumer<Integer, Integer> progress) throws Exception;
    }

    /** The profile cached in {@code file}, or one built by {@code build} (from {@code what}) and cached there. */
    private ReferenceProfile ensureProfile(final Path file, final ModelBundle bundle, final String what,
                                           final ProfileBuild build) throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        if (Files.isRegularFile(file)) {
            try {
                final ReferenceProfile existing = ReferenceProfileAvro.read(file, bundle.modelId(), bundle.contentHash());
                out.printf("Reference profile: %s%n", file);
                return existing;
            } catch (IllegalStateException otherBundle) {
                out.printf("Reference profile %s belongs to another bundle; rebuilding it.%n", file);
            }
        }
        out.printf("Building the reference profile from %s (first run only)...%n", what);
        out.flush();
        final ProgressBar progress = ProgressBar.onStderr("reference studies", spec.commandLine().getErr());
        final ReferenceProfile profile;
        try (ImageEncoder encoder = ImageEncoder.open(bundle, InferenceOptions.cpuDefaults())) {
            profile = build.build(encoder, progress::update);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ReferenceProfileAvro.write(profile, file);
        out.printf("Reference profile: %s%n", file);
        return profile;
    }

    private static String alertingWindow(final RadShiftConfig config) {
        return config.windows().stream().filter(RadShiftConfig.Window::alerting).findFirst()
                .map(RadShiftConfig.Window::name).orElse(config.windows().get(0).name());
    }

    private void printBanner(final PrintWriter out, final EmbeddedKafka kafka, final EmbeddedSchemaRegistry registry,
                             final RadShiftApp app, final Instant start, final List<HospitalSimulator.Site> sites) {
        out.printf("Kafka (in-process): %s%n", kafka.bootstrapServers());
        out.printf("Schema Registry:    %s%n", registry.url());
        out.printf("Metrics:            %s/metrics   health: %s/health   ready: %s/ready%n", app.opsUrl(), app.opsUrl(), app.opsUrl());
        out.printf("Simulated time starts %s and runs %.1f h per second.%n", start, hoursPerSecond);
        sites.forEach(s -> out.printf("  %-12s %d studies/day, %s%n", s.site(), s.studiesPerDay(), s.story()));
        out.println("Incidents print when they open (FIRING pages the on-call) and resolve; every 10 s a table shows each "
                + "site's open incident with its updates.");
        out.flush();
    }

    private void awaitEnd(final PrintWriter out, final ShutdownSignal signal) throws InterruptedException {
        if (minutes != null) {
            out.printf("Running for %.1f minute(s); Ctrl-C stops earlier.%n", minutes);
        } else {
            out.println("Running until Ctrl-C.");
        }
        out.flush();
        signal.await(minutes == null ? null : Duration.ofMillis((long) (Duration.ofMinutes(1).toMillis() * minutes)));
    }
}
