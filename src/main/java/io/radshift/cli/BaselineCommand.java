package io.radshift.cli;

import io.radshift.report.BaselineSummary;

import io.radshift.offline.LabelMap;
import io.radshift.offline.ReferenceProfiles;
import io.radshift.offline.ScoredInputs;
import io.radshift.offline.StudyInput;
import io.radshift.offline.StudyScorer;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileAvro;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code radshift baseline}: scores the reference (training-distribution) images with a model bundle and writes
 * the {@link ReferenceProfile} that {@code assess} and the streaming detector compare windows with.
 */
@Command(name = "baseline", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build a reference profile: score reference images with the model bundle (ONNX Runtime), "
            + "split them into a fit part and a held-out calibration part (by patient), calibrate the null "
            + "distributions of the embedding statistics for window sizes 10..1000, and write the profile (Avro).",
            "",
            "Ground truth: a study's manifest label becomes a bundle label through --label-map (e.g. "
                + "pneumonia=Pneumonia,normal=No Finding) or, without an entry, a bundle label equal to it ignoring "
                + "case. Manifest labels are one class per study, so a study is known positive for its mapped label "
                + "and known negative for the other mapped-to labels; other bundle labels stay unknown, and studies "
                + "with an unmapped label carry no ground truth.",
            "",
            "Example: radshift baseline --bundle demo-bundle --manifest cxr/manifest.csv --where source=kermany "
                + "--where split=train --label-map \"pneumonia=Pneumonia,normal=No Finding\" --out kermany.profile.avro"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:profile written", "2:bad arguments, unreadable bundle/manifest/images, too few studies"})
public final class BaselineCommand implements Callable<Integer> {

    /** How studies are grouped for the fit/calibration split. */
    enum GroupBy { patient, none }

    @Spec
    private CommandSpec spec;

    @Mixin
    private BundleOptions bundle;

    @Mixin
    private StudySelectionOptions selection;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Profile file to write (Avro).")
    private Path out;

    @Option(names = "--label-map", paramLabel = "MANIFEST=BUNDLE", split = ",",
            description = "Manifest label to bundle label, comma-separated, e.g. "
                + "\"pneumonia=Pneumonia,normal=No Finding\".")
    private Map<String, String> labelMap = new LinkedHashMap<>();

    @Option(names = "--group-by", paramLabel = "patient|none", defaultValue = "patient",
            description = "Keep all studies of a patient on one side of the fit/calibration split; the patient is "
                + "parsed from Kermany file names (personNNN_, IM-NNNN-, NORMAL2-IM-NNNN-); other files are their "
                + "own group (default: ${DEFAULT-VALUE}).")
    private GroupBy groupBy;

    @Option(names = "--metadata", paramLabel = "COLUMN", split = ",",
            description = "With --manifest: categorical columns to profile for metadata-shift tests, e.g. view.")
    private List<String> metadataColumns = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of the split, bandwidth subsample, RFF frequencies and null windows "
                + "(default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--null-windows", defaultValue = "1000",
            description = "Null windows drawn per window size during calibration (default: ${DEFAULT-VALUE}).")
    private int nullWindows;

    @Override
    public Integer call() throws Exception {
        final PrintWriter err = spec.commandLine().getErr();
        try (StudyScorer scorer = bundle.open()) {
            final List<StudyInput> inputs = selection.inputs(metadataColumns);
            final ProgressBar bar = ProgressBar.onStderr("scoring", err);
            final ScoredInputs scored = ScoredInputs.score(scorer, inputs, bar::update);
            reportFailures(scored, err);
            final LabelMap labels = LabelMap.resolve(labelMap, inputs.stream().map(StudyInput::label).toList(),
                scorer.labels());
            final ReferenceProfiles.Built built = ReferenceProfiles.build(scored, labels, scorer,
                ProfileSettings.defaults().withSeed(seed).withNullWindows(nullWindows), groupBy == GroupBy.patient,
                selection::relativeName);
            final ReferenceProfile profile = built.profile();
            ReferenceProfileAvro.write(profile, out);
            new BaselineSummary(profile, labels, scored, grouping(built)).print(spec.commandLine().getOut(), out);
        }
        return 0;
    }

    static void reportFailures(final ScoredInputs scored, final PrintWriter err) {
        if (scored.failed().isEmpty()) {
            return;
        }
        // Counts by reason only: file names may carry patient identifiers.
        final Map<String, Integer> byReason = new LinkedHashMap<>();
        scored.failed().forEach(f -> byReason.merge(f.image().failureReason(), 1, Integer::sum));
        err.println("warning: " + scored.failed().size() + " image(s) could not be scored and are left out: " + byReason);
        err.flush();
    }

    private String grouping(final ReferenceProfiles.Built built) {
        return groupBy == GroupBy.none ? "each study its own group (--group-by none)"
            : built.patients() + " patients" + (built.withoutPatient() == 0 ? ""
                : ", " + built.withoutPatient() + " studies without a patient pattern (own group each)");
    }
}
