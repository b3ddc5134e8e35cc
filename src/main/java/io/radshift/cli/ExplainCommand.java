package io.radshift.cli;

import io.radshift.inference.ImageInput;
import io.radshift.inference.decode.DecodeException;
import io.radshift.ingest.Pseudonymizer;
import io.radshift.offline.BundleStudyScorer;
import io.radshift.offline.explain.Explanation;
import io.radshift.offline.explain.OcclusionExplainer;
import io.radshift.report.explain.ExplainPage;
import io.radshift.stats.profile.ExplanationReference;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileAvro;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code radshift explain}: explains studies at the hospital, where their images are: novelty and its percentile
 * among the reference's studies, the nearest reference exemplars, and occlusion maps of the novelty and of every
 * rare label's score, as PNG overlays and one HTML page. Images come as files, or as the pseudonymous study ids of a
 * report looked up in the published archive with the hospital's key ({@link StudyLookup}).
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explain studies where their images are (nothing leaves the hospital): for each image its "
            + "novelty (distance of its embedding to the reference mean) and its percentile among the reference's "
            + "studies, the nearest reference exemplars (the profile's reference medoids), and occlusion-sensitivity "
            + "maps (a grey patch slid over the image at the model's input resolution) of the novelty and of every "
            + "rare label's score, written as PNG overlays and one HTML page, explain.html.",
            "",
            "The weekly report's most novel studies are pseudonymous ids; explain finds their images with "
                + "--study ID --archive DIR --site SITE and the pseudonymisation key publish used (--key-file or "
                + PseudonymKey.ENV + "): it recomputes the id of every file below DIR.",
            "",
            "Examples: radshift explain --bundle demo-bundle --profile kermany.profile.avro scan1.png scan2.dcm "
                + "--out explain-out",
            "  radshift explain --bundle demo-bundle --profile kermany.profile.avro --site h1 --key-file h1.key "
                + "--archive /archive/published --study h1-0a1b2c3d4e5f60718293a4b5 --out explain-out"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:explanations written", "2:bad arguments, unreadable bundle, profile or image, unknown study id"})
public final class ExplainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private BundleOptions bundle;

    @Option(names = "--profile", paramLabel = "FILE", required = true,
            description = "Reference profile (from radshift baseline) of the same bundle.")
    private Path profileFile;

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Image files (png, jpg, jpeg, dcm) to explain.")
    private List<Path> images = new ArrayList<>();

    @Option(names = "--study", paramLabel = "ID", description = "Pseudonymous study id to explain (repeatable); "
        + "needs --archive, --site and the key.")
    private List<String> studies = new ArrayList<>();

    @Option(names = "--archive", paramLabel = "DIR", description = "With --study: the folder publish sent, at the "
        + "same path.")
    private Path archive;

    @Option(names = "--site", paramLabel = "SITE", description = "With --study: the site id publish used.")
    private String site;

    @Option(names = "--key-file", paramLabel = "FILE", description = "With --study: the pseudonymisation key publish "
        + "used; default: the " + PseudonymKey.ENV + " environment variable.")
    private Path keyFile;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder for explain.html and its PNGs.")
    private Path out;

    @Option(names = "--grid", paramLabel = "N", defaultValue = "8", description = "Occlusion positions per axis, 2 to "
        + "32; each image costs N*N+1 model inputs (default: ${DEFAULT-VALUE}).")
    private int grid;

    @Option(names = "--patch", paramLabel = "PX", defaultValue = "0", description = "Side of the grey patch in model "
        + "input pixels; 0 = two grid cells, so neighbouring patches overlap by half (default: ${DEFAULT-VALUE}).")
    private int patch;

    @Option(names = "--reference-images", paramLabel = "DIR", description = "Folder of the reference data set the "
        + "profile was built from, to show the exemplars' images (optional).")
    private Path referenceImages;

    @Override
    public Integer call() throws Exception {
        final List<Path> files = files();
        final ReferenceProfile profile = readProfile();
        try (BundleStudyScorer scorer = bundle.open()) {
            final OcclusionExplainer explainer = new OcclusionExplainer(scorer.imageScorer(), profile, grid, patch,
                bundle.batch());
            final ProgressBar bar = ProgressBar.onStderr("explaining", spec.commandLine().getErr());
            final List<ExplainPage.Study> explained = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                explained.add(new ExplainPage.Study(name(i), explain(explainer, files.get(i), i)));
                bar.update(i + 1, files.size());
            }
            final Path page = ExplainPage.write(out, context(profile, scorer, explainer), explained,
                exemplarImages(explainer, profile.explanation()), notes(profile));
            final PrintWriter stdout = spec.commandLine().getOut();
            stdout.println("explained " + files.size() + (files.size() == 1 ? " study" : " studies") + ": " + page);
            stdout.flush();
        }
        return 0;
    }

    /** The images to explain: the IMAGE arguments, then the files of the --study ids. */
    private List<Path> files() throws IOException {
        if (images.isEmpty() && studies.isEmpty()) {
            throw new IllegalArgumentException("give IMAGE files or --study ids to explain");
        }
        final List<Path> files = new ArrayList<>(images);
        if (!studies.isEmpty()) {
            if (archive == null || site == null) {
                throw new IllegalArgumentException("--study needs --archive DIR and --site SITE (as publish was run)");
            }
            final Pseudonymizer pseudonymizer = new Pseudonymizer(PseudonymKey.resolve(Optional.ofNullable(keyFile),
                System::getenv));
            files.addAll(StudyLookup.find(pseudonymizer, site, archive, studies));
        }
        return files;
    }

    private ReferenceProfile readProfile() throws IOException {
        if (!Files.isRegularFile(profileFile)) {
            throw new IOException("profile file not found: " + profileFile);
        }
        return ReferenceProfileAvro.read(profileFile);
    }

    /** How the page names study {@code i}: its pseudonymous id when asked for by id, else its IMAGE position. */
    private String name(final int i) {
        return i < images.size() ? "image " + (i + 1) + " (IMAGE argument " + (i + 1) + ")"
            : "study " + studies.get(i - images.size());
    }

    private Explanation explain(final OcclusionExplainer explainer, final Path file,
                                    final int i) throws Exception {
        try {
            return explainer.explain(ImageInput.ofFile(file));
        } catch (final DecodeException e) {
            // Named by position, not path: file names may carry patient identifiers.
            throw new IllegalArgumentException(name(i) + " cannot be explained: " + e.reason() + ": " + e.getMessage(), e);
        }
    }

    private ExplainPage.Context context(final ReferenceProfile profile, final BundleStudyScorer scorer,
                                        final OcclusionExplainer explainer) {
        return new ExplainPage.Context(profile.tags().profileId(), scorer.modelId(), explainer.grid().cells(),
            explainer.grid().patch(), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                .withZone(ZoneOffset.UTC).format(Instant.now()));
    }

    /** The exemplars' grey images, when --reference-images holds them (unreadable ones are left out). */
    private Map<String, float[]> exemplarImages(final OcclusionExplainer explainer, final ExplanationReference reference) {
        final Map<String, float[]> out = new LinkedHashMap<>();
        if (referenceImages == null) {
            return out;
        }
        for (final ExplanationReference.ReferenceMedoid medoid : reference.medoids()) {
            final Path file = referenceImages.resolve(medoid.image()).normalize();
            if (file.startsWith(referenceImages.normalize()) && Files.isRegularFile(file)) {
                try {
                    out.put(medoid.image(), explainer.greyOf(ImageInput.ofFile(file)));
                } catch (final DecodeException e) {
                    // Shown without a thumbnail; the reference's name is in the table anyway.
                }
            }
        }
        return out;
    }

    private List<String> notes(final ReferenceProfile profile) {
        final List<String> notes = new ArrayList<>();
        if (profile.labels().rareLabels().isEmpty()) {
            notes.add("The reference has no rare labels, so only the novelty is mapped.");
        }
        if (referenceImages == null && !profile.explanation().medoids().isEmpty()) {
            notes.add("Exemplar images are not shown: give --reference-images with the reference data set's folder.");
        }
        return notes;
    }
}
