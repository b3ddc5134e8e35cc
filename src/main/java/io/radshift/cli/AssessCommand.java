package io.radshift.cli;

import io.radshift.report.AssessmentReport;
import io.radshift.report.assess.AssessmentPage;
import io.radshift.report.assess.AssessmentPageBuilder;
import io.radshift.report.assess.AssessmentPageFiles;

import io.radshift.offline.BundleStudyScorer;
import io.radshift.offline.LabelMap;
import io.radshift.offline.ScoredInputs;
import io.radshift.offline.StudyInput;
import io.radshift.offline.Windows;
import io.radshift.stats.AggregateSpec;
import io.radshift.stats.Observation;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.profile.MetadataReference;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileAvro;
import io.radshift.stats.drift.DriftTest;
import io.radshift.stats.drift.EvaluatorConfig;
import io.radshift.stats.drift.Evaluation;
import io.radshift.stats.drift.MultipleTesting;
import io.radshift.stats.drift.Verdict;
import io.radshift.stats.drift.WindowEvaluator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code radshift assess}: a hospital's offline pre-deployment check. Scores its studies with the bundle, cuts
 * them into consecutive windows (the order of the manifest or of the image paths stands in for time) and
 * evaluates each window against the reference profile exactly as the streaming detector would.
 */
@Command(name = "assess", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pre-deployment check of a hospital's studies against a reference profile, offline: score "
            + "the studies with the same model bundle, split them into consecutive windows of N (the remainder "
            + "becomes a last window when it has at least --min-n studies), evaluate every window with all drift "
            + "tests (embedding centroid and MMD with n-calibrated nulls, label prior, rare-label over-confidence, "
            + "score histograms, metadata, image quality) and a multiple-testing correction, print a verdict "
            + "table and optionally write a JSON report and a report page (--html) for people.",
            "",
            "Metadata tests use the profile's metadata columns when the manifest has them and are skipped "
                + "otherwise (e.g. with --images).",
            "",
            "Example: radshift assess --profile kermany.profile.avro --bundle demo-bundle --manifest cxr/manifest.csv "
                + "--where source=hannover --window 50 --out hannover.json --html hannover.html"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no window drifted", "1:at least one window drifted (see the report)",
            "2:error: bad arguments, unreadable input, or a profile built for another model bundle"})
public final class AssessCommand implements Callable<Integer> {

    /** Exit code when some window drifted. */
    public static final int EXIT_DRIFT = 1;

    @Spec
    private CommandSpec spec;

    @Option(names = "--profile", paramLabel = "FILE", required = true,
            description = "Reference profile written by radshift baseline.")
    private Path profileFile;

    @Mixin
    private BundleOptions bundle;

    @Mixin
    private StudySelectionOptions selection;

    @Option(names = "--window", paramLabel = "N", defaultValue = "50",
            description = "Studies per window (default: ${DEFAULT-VALUE}).")
    private int window;

    @Option(names = "--min-n", paramLabel = "N", defaultValue = "20",
            description = "Smallest window evaluated; a shorter remainder is dropped (default: ${DEFAULT-VALUE}).")
    private int minimumN;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.05",
            description = "Level of the multiple-testing procedure per window (default: ${DEFAULT-VALUE}).")
    private double alpha;

    @Option(names = "--correction", paramLabel = "holm|bh", defaultValue = "holm",
            description = "holm (family-wise error) or bh (false discovery rate) (default: ${DEFAULT-VALUE}).")
    private String correction;

    @Option(names = "--label-map", paramLabel = "MANIFEST=BUNDLE", split = ",",
            description = "Manifest label to bundle label, as for radshift baseline.")
    private Map<String, String> labelMap = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON report here.")
    private Path out;

    @Option(names = "--html", paramLabel = "FILE.html",
            description = "Write the pre-deployment report page here (self-contained HTML: embedding distance per "
                + "window with its calibrated threshold, embedding map, quality features, predicted label mix and, "
                + "where labels are given, per-label metrics against the reference with rare labels whose recall "
                + "falls marked); FILE.csv and FILE.json with the same numbers are written beside it.")
    private Path html;

    @Override
    public Integer call() throws Exception {
        final EvaluatorConfig baseConfig = config();
        final ReferenceProfile profile = ReferenceProfileAvro.read(profileFile);
        final PrintWriter stdout = spec.commandLine().getOut();
        try (BundleStudyScorer scorer = bundle.open()) {
            profile.requireBundle(scorer.modelId(), scorer.bundleHash());
            final List<String> metadata = metadataColumns(profile);
            final boolean skipMetadata = metadata.size() != profile.metadata().size();
            final EvaluatorConfig evaluatorConfig = skipMetadata
                ? baseConfig.withTests(without(baseConfig.tests(), DriftTest.METADATA)) : baseConfig;
            if (skipMetadata) {
                stdout.println("note: the studies lack the profile's metadata columns "
                    + profile.metadata().stream().map(MetadataReference::field).toList() + ": metadata tests skipped");
            }
            final List<StudyInput> inputs = selection.inputs(metadata);
            final ScoredInputs scored = ScoredInputs.score(scorer, inputs,
                ProgressBar.onStderr("scoring", spec.commandLine().getErr())::update);
            BaselineCommand.reportFailures(scored, spec.commandLine().getErr());
            final LabelMap labels = LabelMap.resolve(labelMap, inputs.stream().map(StudyInput::label).toList(),
                scorer.labels());
            final List<Observation> observations = scored.observations(labels);
            final List<Evaluation> evaluations = evaluate(profile, evaluatorConfig, observations);
            final AssessmentReport report = new AssessmentReport(profile, profileFile, scorer, bundle.dir(),
                selection.describe(), window, evaluatorConfig, scored, evaluations);
            report.printTable(stdout);
            if (out != null) {
                report.writeJson(out);
                stdout.println("JSON report written to " + out);
            }
            if (html != null) {
                writePage(new AssessmentPageBuilder(profile, evaluatorConfig, selection.describe())
                    .build(observations, scored.failed().size(), evaluations, window, Instant.now()), stdout);
            }
            stdout.flush();
            return evaluations.stream().anyMatch(e -> e.verdict() == Verdict.DRIFT) ? EXIT_DRIFT : 0;
        }
    }

    /** Writes the report page and its CSV and JSON beside it. */
    private void writePage(final AssessmentPage page, final PrintWriter stdout) throws IOException {
        final List<Path> files = AssessmentPageFiles.write(page, html);
        stdout.println("Report page written to " + files.get(0) + " (numbers in " + files.get(1) + " and "
            + files.get(2) + ")");
    }

    private EvaluatorConfig config() {
        if (window < 1 || minimumN < 1) {
            throw new IllegalArgumentException("--window and --min-n must be >= 1");
        }
        final MultipleTesting.Correction method;
        try {
            method = MultipleTesting.Correction.parse(correction);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--correction must be holm or bh, got '" + correction + "'", e);
        }
        return new EvaluatorConfig(alpha, minimumN, method, EnumSet.allOf(DriftTest.class));
    }

    private List<String> metadataColumns(final ReferenceProfile profile) throws IOException {
        final List<String> wanted = profile.metadata().stream().map(MetadataReference::field).toList();
        if (!selection.fromManifest()) {
            return List.of();
        }
        final List<String> present = selection.manifestColumns();
        return present.containsAll(wanted) ? wanted : List.of();
    }

    private static Set<DriftTest> without(final Set<DriftTest> tests, final DriftTest removed) {
        final Set<DriftTest> out = EnumSet.noneOf(DriftTest.class);
        out.addAll(tests);
        out.remove(removed);
        return out;
    }

    private List<Evaluation> evaluate(final ReferenceProfile profile, final EvaluatorConfig config,
                                      final List<Observation> observations) {
        final WindowEvaluator evaluator = new WindowEvaluator(profile, config);
        // Built once: building the spec regenerates the RFF frequencies.
        final AggregateSpec aggregateSpec = profile.aggregateSpec();
        final List<Evaluation> evaluations = new ArrayList<>();
        for (final List<Observation> studies : Windows.consecutive(observations, window, config.minimumN())) {
            evaluations.add(evaluator.evaluate(WindowAggregate.of(aggregateSpec, studies)));
        }
        if (evaluations.isEmpty()) {
            throw new IllegalArgumentException(observations.size() + " scored studies: fewer than --min-n "
                + config.minimumN() + ", nothing to evaluate");
        }
        return evaluations;
    }
}
