package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radshift.data.Manifest;
import io.radshift.data.SharedData;
import io.radshift.report.HeadlessChromium;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code radshift assess --html} on real chest X-rays: a reference profile of 400 Kermany training images (every
 * tenth; the
 * paediatric hospital) built with the demo ONNX bundle, then the 120 ieee8023 images of other, adult hospitals
 * assessed against it with their labels. The page, its CSV and JSON, and the assess JSON report must agree; a real
 * headless Chromium renders the page (no console error, no broken image, nothing loaded but the file, every chart
 * drawn) and saves screenshots under {@code target/assess-report/}. Skipped when the shared X-rays are absent.
 */
class AssessReportIT {

    private static final Path OUT = Path.of("target", "assess-report");
    /** ieee8023 labels in the bundle's terms: COVID-19 and other pneumonias are pneumonia. */
    private static final String LABEL_MAP = "normal=No Finding,pneumonia=Pneumonia,covid19=Pneumonia,"
        + "other_pneumonia=Pneumonia";

    @TempDir
    static Path dir;
    private static String stdout;
    private static int exit;
    private static long pneumoniaPositives;

    @BeforeAll
    static void assessIeee8023AgainstKermany() throws Exception {
        final Optional<Path> cxr = SharedData.cxr();
        Assumptions.assumeTrue(cxr.isPresent(), SharedData.absentMessage());
        final Path bundle = DemoBundleBuilder.ensure(dir.resolve("bundle")).dir();
        final Manifest manifest = Manifest.read(cxr.get().resolve("manifest.csv"));
        final Path csv = dir.resolve("subset.csv");
        final List<String> lines = new ArrayList<>(List.of("file,source,label,view"));
        // Every tenth training image: the manifest lists the normal images first.
        final List<Manifest.Row> kermany = manifest.where(List.of("source=kermany", "split=train"));
        for (int i = 0; i < kermany.size() && i / 10 < 400; i += 10) {
            lines.add(line(kermany.get(i)));
        }
        final List<Manifest.Row> site = manifest.where(List.of("source=ieee8023_other_sites"));
        site.forEach(r -> lines.add(line(r)));
        pneumoniaPositives = site.stream().filter(r -> List.of("covid19", "other_pneumonia").contains(r.get("label")))
            .count();
        Files.write(csv, lines, StandardCharsets.UTF_8);
        final Path profile = dir.resolve("kermany.profile.avro");
        run("baseline", "--bundle", bundle.toString(), "--out", profile.toString(), "--manifest", csv.toString(),
            "--where", "source=kermany", "--label-map", LABEL_MAP, "--null-windows", "200");
        Files.createDirectories(OUT);
        exit = run("assess", "--profile", profile.toString(), "--bundle", bundle.toString(), "--manifest",
            csv.toString(), "--where", "source=ieee8023_other_sites", "--label-map", LABEL_MAP, "--window", "40",
            "--out", OUT.resolve("assess.json").toString(), "--html", OUT.resolve("ieee8023.html").toString());
    }

    private static int run(final String... args) {
        final CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as("%s: %s", args[0], run.err()).isIn(0, AssessCommand.EXIT_DRIFT);
        stdout = run.out();
        return run.exitCode();
    }

    private static String line(final Manifest.Row row) {
        return String.join(",", row.file().toString(), row.get("source"), row.get("label"),
            "\"" + row.get("view") + "\"");
    }

    @Test
    void thePageHasEveryChartWithTitledAxesLegendsAndNothingFromTheNetwork() throws Exception {
        assertThat(stdout).contains("Report page written to " + OUT.resolve("ieee8023.html"));
        final String html = Files.readString(OUT.resolve("ieee8023.html"));
        assertThat(html).contains("Embedding distance to the reference: mmd2-rff per window",
            "Embedding map: the archive on the principal axes of the reference", "Image quality",
            "Predicted label mix against the reference", "Precision, recall and F1 per label",
            "Ground truth per label, against the reference");
        assertThat(html).doesNotContain("data:");
        assertThat(ReportPages.assertSelfContainedWithLabelledCharts(html)).isGreaterThanOrEqualTo(6);
        // No file names, paths or study ids of the archive on the page.
        assertThat(html).doesNotContain("ieee8023_other_sites/", ".png", ".jpg", ".jpeg");
    }

    @Test
    void theCsvAndJsonBesideThePageHoldTheNumbersOfTheAssessment() throws Exception {
        final JsonNode report = new ObjectMapper().readTree(OUT.resolve("assess.json").toFile());
        final JsonNode page = new ObjectMapper().readTree(OUT.resolve("ieee8023.json").toFile());
        assertThat(page.get("studies").asLong()).isEqualTo(report.get("summary").get("studies").asLong());
        assertThat(page.get("windows").asInt()).isEqualTo(report.get("windows").size());
        assertThat(page.get("verdict").asText()).isEqualTo(report.get("summary").get("verdict").asText());
        assertThat(exit).isEqualTo(page.get("verdict").asText().equals("DRIFT") ? AssessCommand.EXIT_DRIFT : 0);
        // The distance chart's points are the windows' statistics of the assess report.
        final JsonNode mmd = chart(page, "assess-distance-mmd2-rff");
        final JsonNode statistic = mmd.get("series").get(0).get("points");
        for (int w = 0; w < report.get("windows").size(); w++) {
            final JsonNode test = StreamSupport.stream(report.get("windows").get(w).get("tests").spliterator(), false)
                .filter(t -> t.get("test").asText().equals("mmd2-rff")).findFirst().orElseThrow();
            assertThat(statistic.get(w).get("y").asDouble()).isEqualTo(test.get("statistic").asDouble());
        }
        // The map: a reference sample of the 400 reference images and every scored ieee8023 image.
        final JsonNode map = chart(page, "assess-embedding-map");
        assertThat(map.get("series").get(0).get("points").size()).isEqualTo(400);
        assertThat(map.get("series").get(1).get("points").size()).isEqualTo(report.get("summary").get("scored").asInt());
        // The labels were given: the pneumonia positives counted on the page are those of the manifest.
        final List<String> csv = Files.readAllLines(OUT.resolve("ieee8023.csv"));
        assertThat(csv.get(0)).isEqualTo("site,element,id,series,x,value");
        final int row = csv.indexOf(csv.stream().filter(l -> l.startsWith("archive,table,assess-ground-truth-table,")
            && l.endsWith(",label,Pneumonia")).findFirst().orElseThrow());
        final String series = csv.get(row).split(",")[3];
        assertThat(csv).contains("archive,table,assess-ground-truth-table," + series + ",positives," + pneumoniaPositives);
        assertThat(Files.readString(OUT.resolve("ieee8023.json"))).doesNotContain("NaN", "Infinity");
    }

    @Test
    void chromiumRendersThePageWithoutConsoleErrorsOrBrokenImages() throws Exception {
        final Optional<Path> binary = HeadlessChromium.find();
        Assumptions.assumeTrue(binary.isPresent(), "SKIPPED: chromium not found on the PATH (CI's .ci/run installs "
            + "Debian's chromium); the assessment page was not rendered");
        try (HeadlessChromium chromium = HeadlessChromium.start(binary.get(), dir.resolve("chromium-profile"))) {
            final Path html = OUT.resolve("ieee8023.html").toAbsolutePath();
            final HeadlessChromium.Page shown = chromium.render(html, OUT.resolve("screenshots").resolve("ieee8023.png"),
                1280, 900, 16_000);
            final int charts = ReportPages.count(Files.readString(html), "<svg ");
            assertThat(shown.consoleErrors()).isEmpty();
            assertThat(shown.brokenImages()).isZero();
            assertThat(shown.svgs()).isEqualTo(charts);
            assertThat(shown.chartsDrawn()).as("charts laid out with their text").isEqualTo(charts);
            assertThat(shown.requests()).as("the page loads nothing but itself").containsOnly(html.toUri().toString());
            assertThat(shown.title()).isEqualTo("RadShift pre-deployment assessment");
            // The top of the page, small enough for the README (docs/assess-report.png is a copy).
            final HeadlessChromium.Page top = chromium.render(html, OUT.resolve("screenshots").resolve("ieee8023-top.png"),
                1180, 1000, 1000);
            assertThat(top.consoleErrors()).isEmpty();
        }
    }

    private static JsonNode chart(final JsonNode page, final String id) {
        return StreamSupport.stream(page.get("charts").spliterator(), false)
            .filter(c -> c.get("id").asText().equals(id)).findFirst().orElseThrow();
    }
}
