package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.data.Manifest;
import io.radshift.data.SharedData;
import io.radshift.ingest.Pseudonymizer;
import io.radshift.report.HeadlessChromium;
import io.radshift.report.explain.ExplainPage;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileAvro;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code radshift explain} on real chest X-rays with the demo bundle, through the command line: a reference profile
 * from 160 Kermany images ({@code radshift baseline}), then explanations of an adult Hannover and an NIH image, the
 * page opened in a real headless Chromium; old profiles and unreadable images. Skips when the shared X-rays are absent.
 */
class ExplainCommandIT {

    private static final Path OUT = Path.of("target", "explain-it");

    @TempDir
    static Path dir;

    private static Path cxr;
    private static Path bundle;
    private static Path profile;
    private static Path reference;
    private static List<Path> explained;

    @BeforeAll
    static void referenceProfile() throws Exception {
        final Optional<Path> shared = SharedData.cxr();
        Assumptions.assumeTrue(shared.isPresent(), SharedData.absentMessage());
        cxr = shared.get();
        bundle = dir.resolve("bundle");
        DemoBundleBuilder.ensure(bundle);
        // 160 Kermany validation images as the reference data set, linked (not copied) under LABEL/ folders, in
        // target/ rather than the temporary folder (JUnit warns about every link it deletes there).
        reference = OUT.resolve("reference");
        deleteLinks(reference);
        final Manifest manifest = Manifest.read(cxr.resolve("manifest.csv"));
        final List<Manifest.Row> rows = manifest.where(List.of("source=kermany", "split=val"));
        for (int i = 0; i < 160; i++) {
            final Manifest.Row row = rows.get(i * (rows.size() / 160));
            final Path link = reference.resolve(row.get("label")).resolve(row.file().getFileName());
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, row.file().toAbsolutePath());
        }
        profile = dir.resolve("reference.profile.avro");
        final CliRun baseline = CliRun.of("baseline", "--bundle", bundle.toString(), "--images",
            reference.toString(), "--null-windows", "30", "--out", profile.toString());
        assertThat(baseline.exitCode()).as(baseline.err()).isZero();
        explained = new ArrayList<>();
        explained.add(manifest.where(List.of("source=hannover")).get(0).file());
        explained.add(manifest.where(List.of("source=nih_64px")).get(0).file());
        Files.createDirectories(OUT);
    }

    private static void deleteLinks(final Path folder) throws Exception {
        if (Files.isDirectory(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void explainsRealXraysIntoAPageChromiumShowsWholeAndOffline() throws Exception {
        final Path out = OUT.resolve("page");
        final List<String> args = new ArrayList<>(List.of("explain", "--bundle", bundle.toString(), "--profile",
            profile.toString(), "--reference-images", reference.toString(), "--grid", "6", "--out", out.toString()));
        explained.forEach(f -> args.add(f.toString()));
        final CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("explained 2 studies");

        final String html = Files.readString(out.resolve(ExplainPage.PAGE));
        final ReferenceProfile read = ReferenceProfileAvro.read(profile);
        final int maps = 1 + read.labels().rareLabels().size();
        assertThat(html).contains("image 1 (IMAGE argument 1)", "image 2 (IMAGE argument 2)",
            "more novel than", "Nearest reference exemplars", "Strongest: row");
        assertThat(html).as("no file names of the explained studies").doesNotContain(
            explained.get(0).getFileName().toString(), explained.get(1).getFileName().toString());
        assertThat(read.explanation().medoids()).isNotEmpty().allSatisfy(m ->
            assertThat(reference.resolve(m.image())).exists());
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("study-"))
                .count()).isEqualTo(2L * (1 + maps));
        }
        for (final String label : read.labels().rareLabels()) {
            assertThat(html).contains("score of " + label + " (rare)");
        }

        final Optional<Path> binary = HeadlessChromium.find();
        Assumptions.assumeTrue(binary.isPresent(), "SKIPPED: chromium not found on the PATH (CI's .ci/run installs "
            + "Debian's chromium); the explain page was not rendered");
        try (HeadlessChromium chromium = HeadlessChromium.start(binary.get(), dir.resolve("chromium-profile"))) {
            final Path page = out.resolve(ExplainPage.PAGE).toAbsolutePath();
            final HeadlessChromium.Page shown = chromium.render(page, OUT.resolve("explain.png"), 1280, 900, 8_000);
            assertThat(shown.consoleErrors()).isEmpty();
            assertThat(shown.brokenImages()).isZero();
            assertThat(shown.images()).isGreaterThanOrEqualTo(2 * (1 + maps) + 1);
            assertThat(shown.requests()).as("the page loads its own files only").allMatch(u ->
                u.startsWith(out.toAbsolutePath().toUri().toString()));
            assertThat(shown.title()).isEqualTo("RadShift explanation of 2 studies");
            assertThat(OUT.resolve("explain.png")).isNotEmptyFile();
        }
    }

    @Test
    void aProfileWithoutTheExplanationPartStillExplainsAndSaysWhatIsMissing() throws Exception {
        final ReferenceProfile current = ReferenceProfileAvro.read(profile);
        final ReferenceProfile old = new ReferenceProfile(current.tags(), current.embedding(), current.labels(),
            current.metadata(), current.quality(), current.nulls(), current.sketch(), current.tolerances());
        final Path oldFile = dir.resolve("old.profile.avro");
        ReferenceProfileAvro.write(old, oldFile);
        final Path out = OUT.resolve("old-profile");
        final CliRun run = CliRun.of("explain", "--bundle", bundle.toString(), "--profile", oldFile.toString(),
            "--grid", "4", "--out", out.toString(), explained.get(0).toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(out.resolve(ExplainPage.PAGE))).contains(
            "Reference exemplars are unavailable", "its rank among the reference's studies is unavailable");
    }

    @Test
    void aReportsStudyIdIsFoundInThePublishedFolderWithTheHospitalsKey() throws Exception {
        final Path published = OUT.resolve("published");
        deleteLinks(published);
        final Path link = Files.createDirectories(published.resolve("ward-3")).resolve("chest.png");
        Files.createSymbolicLink(link, explained.get(0).toAbsolutePath());
        final Path key = dir.resolve("h1.key");
        Files.writeString(key, "a hospital's own secret key");
        final String id = new Pseudonymizer(Files.readAllBytes(key)).studyId("h1", link.toAbsolutePath().normalize()
            .toString());
        final Path out = OUT.resolve("by-id");
        final CliRun run = CliRun.of("explain", "--bundle", bundle.toString(), "--profile", profile.toString(),
            "--grid", "4", "--site", "h1", "--key-file", key.toString(), "--archive", published.toString(),
            "--study", id, "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(out.resolve(ExplainPage.PAGE))).contains("study " + id).doesNotContain("chest.png",
            "ward-3");
    }

    @Test
    void anUnreadableImageIsOneLineNamingItsPosition() throws Exception {
        final Path notAnImage = dir.resolve("notes.png");
        Files.writeString(notAnImage, "not an image");
        final CliRun run = CliRun.of("explain", "--bundle", bundle.toString(), "--profile", profile.toString(),
            "--out", OUT.resolve("bad").toString(), explained.get(0).toString(), notAnImage.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().filter(l -> l.startsWith("radshift explain:")).toList()).singleElement()
            .asString().startsWith("radshift explain: image 2 (IMAGE argument 2) cannot be explained: ")
            .doesNotContain("notes.png");
    }
}
