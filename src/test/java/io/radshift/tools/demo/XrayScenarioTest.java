package io.radshift.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.avro.ImageFormat;
import io.radshift.tools.demo.model.ChexpertLabels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code demo --images DIR} maps a folder of X-rays onto the four demo hospitals, on a tiny temp folder. */
class XrayScenarioTest {

    private static final List<String> LABELS = ChexpertLabels.ALL;

    @TempDir
    Path dir;

    private final List<String> manifest = new ArrayList<>(List.of("file,source,label"));

    /** Writes a real 8x8 PNG and its manifest row. */
    private void image(final String source, final String file, final String label) throws IOException {
        final Path path = dir.resolve(source).resolve(file);
        Files.createDirectories(path.getParent());
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", path.toFile());
        manifest.add(source + "/" + file + "," + source + "," + label);
    }

    /** home: 40 patients with 2 images each; other1: 30 images; other2: 25; tiny: 5 (too few). */
    private void writeFolder() throws IOException {
        for (int p = 1; p <= 20; p++) {
            image("home", "person" + p + "_bacteria_" + (2 * p) + ".png", "pneumonia");
            image("home", "person" + p + "_bacteria_" + (2 * p + 1) + ".png", "pneumonia");
            image("home", String.format("IM-%04d-0001.png", p), "normal");
            image("home", String.format("IM-%04d-0002.png", p), "normal");
        }
        for (int i = 0; i < 30; i++) {
            image("other1", "a" + i + ".png", "covid19");
        }
        for (int i = 0; i < 25; i++) {
            image("other2", "b" + i + ".png", "normal");
        }
        for (int i = 0; i < 5; i++) {
            image("tiny", "c" + i + ".png", "normal");
        }
        manifest.add("other2/missing.png,other2,normal");
        Files.write(dir.resolve("manifest.csv"), manifest);
    }

    @Test
    void theLargestHospitalIsHomeAndItsPatientsAreSplitBetweenReferenceAndStableSites() throws IOException {
        writeFolder();

        final XrayScenario.Plan plan = XrayScenario.plan(dir, LABELS);

        assertThat(plan.home().name()).isEqualTo("home");
        assertThat(plan.forC().name()).isEqualTo("other1");
        assertThat(plan.forD().name()).isEqualTo("other2");
        assertThat(plan.forD().images()).as("the missing file is left out").hasSize(25);
        assertThat(plan.reference().size() + plan.live().size()).isEqualTo(80);
        assertThat(plan.reference()).isNotEmpty();
        assertThat(plan.live()).isNotEmpty();
        final Set<String> referencePatients = groups(plan.reference());
        assertThat(groups(plan.live())).doesNotContainAnyElementsOf(referencePatients);
        assertThat(referencePatients).contains(groupOf(plan.reference().get(0)));
        assertThat(referencePatients.size() + groups(plan.live()).size()).as("40 patients").isEqualTo(40);
    }

    @Test
    void manifestLabelsBecomeGroundTruthForTheMappedBundleLabels() throws IOException {
        writeFolder();
        final XrayScenario.Plan plan = XrayScenario.plan(dir, LABELS);
        final int pneumonia = LABELS.indexOf("Pneumonia");
        final int noFinding = LABELS.indexOf(ChexpertLabels.NO_FINDING);
        final List<XrayImage> home = new ArrayList<>(plan.reference());
        home.addAll(plan.live());

        final XrayImage sick = home.stream().filter(i -> i.file().getFileName().toString().startsWith("person"))
            .findFirst().orElseThrow();
        final XrayImage healthy = home.stream().filter(i -> i.file().getFileName().toString().startsWith("IM-"))
            .findFirst().orElseThrow();
        assertThat(sick.positives()[pneumonia]).isTrue();
        assertThat(sick.positives()[noFinding]).isFalse();
        assertThat(healthy.positives()[noFinding]).isTrue();
        assertThat(sick.known()[pneumonia] && sick.known()[noFinding]).isTrue();
        assertThat(sick.known()[LABELS.indexOf("Edema")]).as("a pneumonia image says nothing about edema").isFalse();
        assertThat(plan.forC().images()).as("covid19 maps to no bundle label").allMatch(i -> i.positives() == null);
        assertThat(sick.read().format()).isEqualTo(ImageFormat.PNG);
    }

    @Test
    void stableSitesSendLivePatientsAndChangingSitesMixInAnotherHospitalFromTheirChangeDay() throws IOException {
        writeFolder();
        final XrayScenario.Plan plan = XrayScenario.plan(dir, LABELS);

        final Map<String, HospitalSimulator.Site> sites = DemoScenario.xraySites(plan, 300, 11).stream()
            .collect(Collectors.toMap(HospitalSimulator.Site::site, s -> s));

        final Set<String> live = groups(plan.live());
        final Set<String> other1 = groups(plan.forC().images());
        final Set<String> other2 = groups(plan.forD().images());
        for (final String stable : List.of("hospital-a", "hospital-b")) {
            assertThat(sites.get(stable).after()).isNull();
            assertThat(draw(sites.get(stable).before(), 200)).allMatch(live::contains);
        }
        assertThat(draw(sites.get("hospital-c").before(), 200)).allMatch(live::contains);
        assertThat(sites.get("hospital-c").changeAfter()).isEqualTo(java.time.Duration.ofDays(3));
        assertThat(sites.get("hospital-d").changeAfter()).isEqualTo(java.time.Duration.ofDays(2));
        final List<String> c = draw(sites.get("hospital-c").after(), 400);
        assertThat(c).allMatch(g -> live.contains(g) || other1.contains(g));
        // Half from the other hospital: 400 draws, sd 0.025, so [0.4, 0.6] fails only for a wrong fraction.
        assertThat(c.stream().filter(other1::contains).count() / 400.0).isBetween(0.4, 0.6);
        final List<String> d = draw(sites.get("hospital-d").after(), 400);
        assertThat(d).allMatch(g -> live.contains(g) || other2.contains(g));
        assertThat(d.stream().filter(other2::contains).count() / 400.0).isBetween(0.4, 0.6);
        assertThat(sites.get("hospital-c").story()).contains("other1").contains("day 3");
    }

    @Test
    void withoutAManifestEachSubFolderIsAHospitalLabelledByItsNextSubFolder() throws IOException {
        for (int p = 0; p < 30; p++) {
            image("hospA", "NORMAL/IM-" + (1000 + p) + "-0001.png", "");
            image("hospA", "PNEUMONIA/person" + p + "_virus_1.png", "");
        }
        for (int i = 0; i < 20; i++) {
            image("hospB", "x" + i + ".png", "");
        }

        final XrayScenario.Plan plan = XrayScenario.plan(dir, LABELS);

        assertThat(plan.home().name()).isEqualTo("hospA");
        assertThat(plan.forC().name()).isEqualTo("hospB");
        assertThat(plan.forD().name()).as("only two hospitals: both changing sites mix in the second").isEqualTo("hospB");
        final int noFinding = LABELS.indexOf(ChexpertLabels.NO_FINDING);
        assertThat(plan.reference()).filteredOn(i -> i.file().toString().contains("NORMAL"))
            .isNotEmpty().allMatch(i -> i.positives()[noFinding]);
        assertThat(plan.reference()).filteredOn(i -> i.file().toString().contains("PNEUMONIA"))
            .isNotEmpty().allMatch(i -> i.positives()[LABELS.indexOf("Pneumonia")]);
    }

    @Test
    void aFolderWithoutTwoUsableHospitalsIsRefusedWithOneLine() throws IOException {
        assertThatThrownBy(() -> XrayScenario.plan(dir, LABELS)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least two hospitals").hasMessageContaining("found none")
            .hasMessageNotContaining("\n");
        for (int i = 0; i < 30; i++) {
            image("solo", "IM-" + (2000 + i) + "-0001.png", "");
        }
        assertThatThrownBy(() -> XrayScenario.plan(dir, LABELS)).hasMessageContaining("found only solo (30)");
        assertThatThrownBy(() -> XrayScenario.plan(dir.resolve("absent"), LABELS)).hasMessageContaining("no such folder");
    }

    private static List<String> draw(final StudySource source, final int n) {
        final List<String> groups = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            groups.add(source.next().group());
        }
        return groups;
    }

    private static Set<String> groups(final List<XrayImage> images) {
        final Set<String> out = new HashSet<>();
        images.forEach(i -> out.add(groupOf(i)));
        return out;
    }

    private static String groupOf(final XrayImage image) {
        return image.group();
    }
}
