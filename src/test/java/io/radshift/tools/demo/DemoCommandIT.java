package io.radshift.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.cli.RadShiftCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code radshift demo} as a user runs it, with the shipped demo configuration (bundle and profile redirected to a
 * temporary folder): the scanner change at hospital-c and the rare-finding shift at hospital-d are flagged within
 * the first simulated days, and the stable hospitals raise nothing.
 */
class DemoCommandIT {

    @TempDir
    Path dir;

    @Test
    void flagsTheTwoChangingHospitalsAndNotTheStableOnes() throws Exception {
        final String shipped = Files.readString(Path.of("topologies/demo.yaml"));
        final Path config = dir.resolve("demo.yaml");
        Files.writeString(config, shipped
                .replace("../radshift-demo/bundle", dir.resolve("bundle").toString())
                .replace("../radshift-demo/reference-profile.avro", dir.resolve("profile.avro").toString())
                .replace("port: 9464", "port: 0"));
        final StringWriter out = new StringWriter();
        final CommandLine cli = RadShiftCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));

        final int exit = cli.execute("demo", "--config", config.toString(), "--minutes", "2.5", "--speed", "1.5");

        final List<String> firing = out.toString().lines().filter(l -> l.contains(" FIRING ")).toList();
        assertThat(exit).isZero();
        assertThat(firing).anySatisfy(l -> assertThat(l).contains("site hospital-c").contains("EMBEDDING_DRIFT"));
        assertThat(firing).anySatisfy(l -> assertThat(l).contains("site hospital-d").contains("RARE_LABEL_OVERCONFIDENCE"));
        assertThat(firing).noneMatch(l -> l.contains("site hospital-a") || l.contains("site hospital-b"));
        assertThat(out.toString()).contains("Demo stopped at simulated");
    }
}
