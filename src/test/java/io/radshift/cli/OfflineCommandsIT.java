package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radshift.data.Manifest;
import io.radshift.data.SharedData;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.stats.profile.ProfileTags;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileAvro;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baseline} then {@code assess} through picocli with the real demo ONNX bundle: on PNG images written
 * here (no shared data needed) and on a small manifest of the real chest X-rays (skipped when absent).
 */
class OfflineCommandsIT {

    private static final List<String> WINDOW_FIELDS = List.of("index", "n", "verdict", "tests");
    private static final List<String> TEST_FIELDS = List.of("test", "label", "statistic", "threshold", "pValue",
        "adjustedPValue", "effectSize", "effectSizeName", "drift");

    @TempDir
    static Path shared;
    private static Path bundle;
    private static Path reference;

    @TempDir
    Path dir;

    @BeforeAll
    static void bundleAndImages() throws IOException {
        bundle = DemoBundleBuilder.ensure(shared.resolve("bundle")).dir();
        reference = writeImages(shared.resolve("reference"), 120, 0, 1);
    }

    /** Smooth phantom-like images: a bright ellipse and blobs on a dark field; PNEUMONIA has an extra opacity. */
    private static Path writeImages(final Path root, final int count, final double noise, final long seed)
        throws IOException {
        final Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            final String label = i % 3 == 0 ? "NORMAL" : "PNEUMONIA";
            final BufferedImage image = new BufferedImage(128, 128, BufferedImage.TYPE_BYTE_GRAY);
            final double cx = 64 + random.nextGaussian() * 4;
            final double opacityX = 40 + random.nextDouble() * 50;
            for (int y = 0; y < 128; y++) {
                for (int x = 0; x < 128; x++) {
                    final double body = Math.exp(-(Math.pow((x - cx) / 45, 2) + Math.pow((y - 64) / 55.0, 2)));
                    final double lung = Math.exp(-(Math.pow((Math.abs(x - cx) - 22) / 12, 2)
                        + Math.pow((y - 60) / 30.0, 2)));
                    final double opacity = label.equals("PNEUMONIA")
                        ? 0.3 * Math.exp(-(Math.pow((x - opacityX) / 10, 2) + Math.pow((y - 75) / 10.0, 2))) : 0;
                    final double v = 0.15 + 0.7 * body - 0.35 * lung + opacity + noise * random.nextGaussian();
                    image.getRaster().setSample(x, y, 0, (int) Math.round(255 * Math.min(1, Math.max(0, v))));
                }
            }
            final Path folder = Files.createDirectories(root.resolve(label));
            ImageIO.write(image, "png", folder.resolve("person" + (i / 2) + "_" + i + ".png").toFile());
        }
        return root;
    }

    /** The profile that {@link #baseline} writes. */
    private Path profile() {
        return dir.resolve("profile.avro");
    }

    /** Runs {@code radshift baseline} on the selection into {@link #profile()}, failing unless it exits 0. */
    private CliRun baseline(final String... selection) {
        final List<String> args = new ArrayList<>(List.of("baseline", "--bundle", bundle.toString(), "--out",
            profile().toString(), "--label-map", "NORMAL=No Finding,PNEUMONIA=Pneumonia,normal=No Finding,"
                + "pneumonia=Pneumonia", "--null-windows", "200"));
        args.addAll(List.of(selection));
        final CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    @Test
    void baselineWritesAProfileAndPrintsItsSummary() throws IOException {
        final CliRun run = baseline("--images", reference.toString());
        final ReferenceProfile read = ReferenceProfileAvro.read(profile());
        assertThat(read.tags().modelId()).isEqualTo(DemoBundleBuilder.MODEL_ID);
        assertThat(read.embedding().fitCount() + read.embedding().calibrationCount()).isEqualTo(120);
        final int pneumonia = read.labels().labels().indexOf("Pneumonia");
        assertThat(read.labels().positives()[pneumonia]).isEqualTo(80);
        assertThat(read.labels().known()[pneumonia]).isEqualTo(120);
        assertThat(run.out()).contains("120 scored, 0 not scorable; 60 patients", "fit ", "calibration",
            "rare labels", "sigma = ", "n=50", "n=200", "mmd2-rff");
        assertThat(run.err()).contains("scoring [").contains("120/120");
    }

    @Test
    void assessOfTheReferenceImagesWritesTheDocumentedJson() throws IOException {
        baseline("--images", reference.toString());
        final Path json = dir.resolve("report.json");
        final CliRun run = CliRun.of("assess", "--profile", profile().toString(), "--bundle", bundle.toString(),
            "--images", reference.toString(), "--window", "50", "--out", json.toString(), "--correction", "bh");
        final JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.fieldNames()).toIterable().contains("profile", "bundle", "windowSize", "windows",
            "summary");
        assertThat(report.get("windowSize").asInt()).isEqualTo(50);
        assertThat(report.get("correction").asText()).isEqualTo("bh");
        assertThat(report.get("bundle").get("hash").asText()).isEqualTo(report.get("profile").get("bundleHash")
            .asText());
        // 120 studies in windows of 50: 50, 50 and a last window of 20 (= the minimum n).
        final JsonNode windows = report.get("windows");
        assertThat(windows).hasSize(3);
        assertThat(windows.get(2).get("n").asInt()).isEqualTo(20);
        for (final JsonNode window : windows) {
            assertThat(window.fieldNames()).toIterable().containsAll(WINDOW_FIELDS);
            assertThat(window.get("tests")).isNotEmpty().allSatisfy(test ->
                assertThat(test.fieldNames()).toIterable().containsAll(TEST_FIELDS));
        }
        final int drifted = report.get("summary").get("driftedWindows").asInt();
        assertThat(run.exitCode()).isEqualTo(drifted > 0 ? AssessCommand.EXIT_DRIFT : 0);
        assertThat(run.out()).contains("window 1  n=50", "window 3  n=20", "Summary:");
    }

    @Test
    void assessFlagsNoisyImagesAndExitsOne() throws IOException {
        baseline("--images", reference.toString());
        final Path noisy = writeImages(dir.resolve("noisy"), 60, 0.15, 2);
        final Path json = dir.resolve("noisy.json");
        final CliRun run = CliRun.of("assess", "--profile", profile().toString(), "--bundle", bundle.toString(),
            "--images", noisy.toString(), "--out", json.toString());
        assertThat(run.exitCode()).isEqualTo(AssessCommand.EXIT_DRIFT);
        final JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("summary").get("verdict").asText()).isEqualTo("DRIFT");
        assertThat(report.get("summary").get("flagged").has("quality-noise:noise")).isTrue();
        assertThat(run.out()).containsPattern("\\n  \\* quality-noise");
    }

    @Test
    void assessRefusesAProfileOfAnotherBundleWithOneLine() throws IOException {
        baseline("--images", reference.toString());
        final ReferenceProfile own = ReferenceProfileAvro.read(profile());
        final ReferenceProfile foreign = new ReferenceProfile(new ProfileTags("other", "biomedclip-vit-b16",
            "sha256:0123", 0L), own.embedding(), own.labels(), own.metadata(), own.quality(), own.nulls(),
            own.sketch());
        final Path file = dir.resolve("foreign.avro");
        ReferenceProfileAvro.write(foreign, file);
        final CliRun run = CliRun.of("assess", "--profile", file.toString(), "--bundle", bundle.toString(),
            "--images", reference.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString()
            .startsWith("radshift assess: profile other was built for model biomedclip-vit-b16")
            .contains("rebuild the profile with radshift baseline");
    }

    @Test
    void realXraysRoundTripFlagsAnotherHospital() throws IOException {
        final Optional<Path> cxr = SharedData.cxr();
        Assumptions.assumeTrue(cxr.isPresent(), SharedData.absentMessage());
        final Manifest manifest = Manifest.read(cxr.get().resolve("manifest.csv"));
        final Path csv = dir.resolve("subset.csv");
        final List<String> lines = new ArrayList<>(List.of("file,source,label,view"));
        manifest.where(List.of("source=kermany", "split=train")).stream().limit(300).forEach(r -> lines.add(line(r)));
        manifest.where(List.of("source=hannover")).stream().limit(70).forEach(r -> lines.add(line(r)));
        Files.write(csv, lines, StandardCharsets.UTF_8);
        final CliRun kermany = baseline("--manifest", csv.toString(), "--where", "source=kermany", "--metadata",
            "view");
        assertThat(kermany.out()).contains("300 scored", "Pneumonia", "No Finding");
        final Path json = dir.resolve("hannover.json");
        assertThat(CliRun.of("assess", "--profile", profile().toString(), "--bundle", bundle.toString(), "--manifest",
            csv.toString(), "--where", "source=hannover", "--label-map", "normal=No Finding", "--out",
            json.toString()).exitCode()).isEqualTo(AssessCommand.EXIT_DRIFT);
        final JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("windows")).hasSize(2);
        assertThat(report.get("summary").get("flagged").has("mmd2-rff")).isTrue();
    }

    private static String line(final Manifest.Row row) {
        return String.join(",", row.file().toString(), row.get("source"), row.get("label"),
            "\"" + row.get("view") + "\"");
    }
}
