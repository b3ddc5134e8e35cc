package io.radshift.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.cli.CliRun;
import io.radshift.data.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code radshift demo} as a user runs it, with the shipped demo configuration (bundle and profiles redirected to a
 * temporary folder shared by the tests): the on-call is paged exactly once for each changing hospital (hospital-c
 * and hospital-d, one incident each) and never for the stable hospital-a and hospital-b, with phantoms and with
 * real X-rays ({@code --images}); the console prints incidents, not one line per test.
 */
class DemoCommandIT {

    @TempDir
    static Path dir;

    @Test
    void pagesOnceForEachChangingHospitalAndNeverForTheStableOnes() throws Exception {
        final CliRun run = demo("--minutes", "2.5", "--speed", "1.5");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertOnePagePerChangingHospital(run.out());
    }

    @Test
    void realXraysFromImagesPageOnceForEachChangingHospital() throws Exception {
        Assumptions.assumeTrue(SharedData.cxr().isPresent(), SharedData.absentMessage());

        final CliRun run = demo("--images", SharedData.cxr().orElseThrow().toString(), "--minutes", "2.5", "--speed",
            "1.5");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("X-rays of reference patients").contains("hospital-c")
            .contains("% of the X-rays from");
        assertOnePagePerChangingHospital(run.out());
    }

    @Test
    void imagesWithoutUsableXraysStopWithOneLineBeforeStartingAnything() throws Exception {
        final Path empty = Files.createDirectories(dir.resolve("no-xrays"));

        final CliRun run = demo("--images", empty.toString(), "--minutes", "0.1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("radshift demo: --images").contains("at least two hospitals")
            .doesNotContain("\n").doesNotContain("Exception");
        assertThat(run.out()).doesNotContain("Kafka (in-process)");
    }

    private static CliRun demo(final String... args) throws IOException {
        final String shipped = Files.readString(Path.of("topologies/demo.yaml"));
        final Path config = dir.resolve("demo.yaml");
        Files.writeString(config, shipped
                .replace("../radshift-demo/bundle", dir.resolve("bundle").toString())
                .replace("../radshift-demo/reference-profile.avro", dir.resolve("profile.avro").toString())
                .replace("port: 9464", "port: 0"));
        final List<String> all = new ArrayList<>(List.of("demo", "--config", config.toString()));
        all.addAll(List.of(args));
        return CliRun.of(all);
    }

    private static void assertOnePagePerChangingHospital(final String console) {
        final List<String> firing = console.lines().filter(l -> l.contains(" FIRING ")).toList();
        final List<String> pages = firing.stream().filter(l -> !l.contains("[not paging")).toList();
        assertThat(pages).as(console).filteredOn(l -> l.contains("site hospital-c ")).hasSize(1);
        assertThat(pages).as(console).filteredOn(l -> l.contains("site hospital-d ")).hasSize(1);
        assertThat(firing).as(console).noneMatch(l -> l.contains("site hospital-a ") || l.contains("site hospital-b "));
        assertThat(pages).as("the all-sites view pages only when no site explains it").noneMatch(l -> l.contains("site * "));
        assertThat(console.lines()).as("updates are folded into the incident line").noneMatch(l -> l.contains(" UPDATE "));
        assertThat(console).contains("Demo stopped at simulated");
    }
}
