package io.radshift.cli;

import io.radshift.tools.bench.AcquisitionShift;
import io.radshift.tools.bench.DetectionBenchmark;
import io.radshift.report.DetectionMarkdown;
import io.radshift.tools.bench.KermanyProtocol;
import io.radshift.data.Manifest;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.offline.BundleStudyScorer;
import io.radshift.offline.LabelMap;
import io.radshift.offline.ReferenceProfiles;
import io.radshift.offline.ScoredInputs;
import io.radshift.offline.StudyInput;
import io.radshift.stats.profile.ProfileSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code radshift bench detection}: false-alarm rate and power of RadShift's drift tests and of two baselines
 * (Evidently's mean-embedding distance rule, an Alibi-Detect-style MMD permutation test) on the real chest
 * X-rays, with the compute time per window of each, written as Markdown.
 */
@Command(name = "detection", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Detection benchmark on the shared chest X-rays (DIR/manifest.csv). Reference: kermany/train "
            + "scored with the bundle, profile split by patient. False alarms: label-mix matched windows of "
            + "kermany val+test images of patients absent from kermany/train. Power: windows of hannover and "
            + "ieee8023_other_sites, and of the same kermany images after synthetic acquisition shifts (noise, blur, "
            + "gamma/contrast, JPEG recompression; a lossless re-encode as control). Detectors: RadShift (all tests; "
            + "embedding tests alone), Evidently's distance rule (Euclidean distance of mean embeddings > 0.2), an "
            + "MMD permutation test (RBF kernel, median-heuristic bandwidth on the pooled sample, random reference "
            + "subsample, p < alpha). RadShift flags a window when a test is significant AND its effect is beyond "
            + "its tolerance; the merely significant rate is reported beside it. Prints and writes Markdown tables "
            + "with flag rates, the false-alarm goal and compute time per window, and ends with a BENCH line."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:benchmark written", "2:error"})
public final class DetectionBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Chest X-ray folder holding manifest.csv (shared/data/cxr).")
    private Path data;

    @Option(names = "--bundle", paramLabel = "DIR",
            description = "Model bundle; default: the demo bundle, built on first use in "
                + "${java.io.tmpdir}/radshift-demo-bundle.")
    private Path bundle;

    @Option(names = "--windows", defaultValue = "200",
            description = "Windows per condition and size (default: ${DEFAULT-VALUE}).")
    private int windows;

    @Option(names = "--sizes", split = ",", defaultValue = "20,50,100,200",
            description = "Window sizes (default: ${DEFAULT-VALUE}).")
    private int[] sizes;

    @Option(names = "--mmd-reference", defaultValue = "500",
            description = "Reference subsample of the MMD permutation test (default: ${DEFAULT-VALUE}).")
    private int mmdReference;

    @Option(names = "--permutations", defaultValue = "100",
            description = "Permutations of the MMD test (default: ${DEFAULT-VALUE}, Alibi Detect's default).")
    private int permutations;

    @Option(names = "--alpha", defaultValue = "0.05", description = "Test level (default: ${DEFAULT-VALUE}).")
    private double alpha;

    @Option(names = "--seed", defaultValue = "7", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "BENCHMARKS-detection.md",
            description = "Markdown output (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Manifest manifest = Manifest.read(data.resolve("manifest.csv"));
        final Path bundleDir = bundle != null ? bundle
            : DemoBundleBuilder.ensure(Path.of(System.getProperty("java.io.tmpdir"), "radshift-demo-bundle")).dir();
        final Path shiftedDir = Files.createTempDirectory("radshift-bench-shifted-");
        try (BundleStudyScorer scorer = BundleStudyScorer.open(bundleDir)) {
            final LabelMap labels = LabelMap.resolve(KermanyProtocol.LABEL_MAP, KermanyProtocol.LABEL_MAP.keySet(),
                scorer.labels());
            final ScoredInputs reference = score(scorer, KermanyProtocol.reference(manifest), "reference", err);
            final ReferenceProfiles.Built built = ReferenceProfiles.build(reference, labels, scorer,
                ProfileSettings.defaults().withSeed(seed), true);
            final int stratify = scorer.labels().indexOf(KermanyProtocol.STRATIFY_LABEL);
            final List<StudyInput> unseen = KermanyProtocol.unseenPatients(manifest);
            final List<DetectionBenchmark.Condition> conditions = new ArrayList<>();
            conditions.add(new DetectionBenchmark.Condition("kermany unseen patients", "false alarm",
                score(scorer, unseen, "kermany held-out", err).observations(labels), stratify));
            for (final String site : KermanyProtocol.OTHER_SITES) {
                conditions.add(new DetectionBenchmark.Condition(site, "power",
                    score(scorer, KermanyProtocol.site(manifest, site), site, err).observations(labels), -1));
            }
            for (final AcquisitionShift shift : shifts()) {
                final List<StudyInput> shifted = shift(unseen, shift, shiftedDir);
                conditions.add(new DetectionBenchmark.Condition("kermany unseen + " + shift.name(),
                    shift.kind() == AcquisitionShift.Kind.NONE ? "false alarm" : "power",
                    score(scorer, shifted, shift.name(), err).observations(labels), stratify));
            }
            final DetectionBenchmark benchmark = new DetectionBenchmark(built.profile(),
                reference.observations(labels), new DetectionBenchmark.Settings(sizes, windows, mmdReference,
                    permutations, alpha, seed));
            final ProgressBar bar = ProgressBar.onStderr("windows", err);
            final DetectionBenchmark.Result result = benchmark.run(conditions, bar::update);
            final String markdown = header(scorer, reference, built, conditions)
                + DetectionMarkdown.falseAlarmGoal(result, alpha) + "\n" + DetectionMarkdown.render(result, sizes);
            Files.writeString(out, markdown, StandardCharsets.UTF_8);
            stdout.println(markdown);
            stdout.println("Written to " + out);
            stdout.println(DetectionMarkdown.benchLine(result, alpha));
            stdout.flush();
        } finally {
            deleteRecursively(shiftedDir);
        }
        return 0;
    }

    /** The synthetic acquisition shifts, with the lossless re-encode control first. */
    static List<AcquisitionShift> shifts() {
        return List.of(AcquisitionShift.none(), AcquisitionShift.noise(0.03), AcquisitionShift.blur(1.0),
            AcquisitionShift.gammaContrast(1.25, 0.85), AcquisitionShift.jpeg(0.25));
    }

    private static ScoredInputs score(final BundleStudyScorer scorer, final List<StudyInput> inputs,
                                      final String task, final PrintWriter err) throws IOException {
        final ScoredInputs scored = ScoredInputs.score(scorer, inputs, ProgressBar.onStderr(task, err)::update);
        BaselineCommand.reportFailures(scored, err);
        return scored;
    }

    private static List<StudyInput> shift(final List<StudyInput> inputs, final AcquisitionShift shift,
                                          final Path root) throws IOException {
        final Path dir = Files.createDirectories(root.resolve(shift.kind().name().toLowerCase(Locale.ROOT)));
        final List<StudyInput> out = new ArrayList<>(inputs.size());
        for (final StudyInput input : inputs) {
            out.add(new StudyInput(shift.apply(input.file(), dir), input.studyId(), input.patient(), input.label(),
                input.metadata()));
        }
        return out;
    }

    private String header(final BundleStudyScorer scorer, final ScoredInputs reference,
                          final ReferenceProfiles.Built built, final List<DetectionBenchmark.Condition> conditions) {
        final StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Bundle %s (%s); reference kermany/train %d images (%d patients; fit "
                + "%d / calibration %d studies); %d windows per cell; alpha %.2f; MMD test: %d reference studies, %d "
                + "permutations; seed %d.%n%nPools: ", scorer.modelId(), scorer.bundleHash(),
            reference.scored().size(), built.patients(), built.profile().embedding().fitCount(),
            built.profile().embedding().calibrationCount(), windows, alpha, Math.min(mmdReference,
                reference.scored().size()), permutations, seed));
        text.append(String.join(", ", conditions.stream().map(c -> c.name() + " " + c.pool().size()).toList()));
        text.append(".\n\nTolerances derived from the reference (ten groups of held-out patients against the fit "
            + "split; a family's band applies where it is larger): ");
        text.append(String.join(", ", built.profile().tolerances().stream()
            .map(t -> String.format(Locale.ROOT, "%s %.4f", t.key(), t.tolerance())).toList()));
        return text.append(".\n\n").toString();
    }

    private static void deleteRecursively(final Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
