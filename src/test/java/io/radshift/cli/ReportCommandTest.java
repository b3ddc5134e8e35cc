package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code radshift report}: its help, and one clear line with exit code 2 for what it cannot do. */
class ReportCommandTest {

    @TempDir
    Path dir;

    private String out = "";
    private String err = "";
    private Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        config = dir.resolve("r.yaml");
        Files.writeString(config, """
                windows:
                  - {name: oncall, type: sliding, size: 2h, advance: 1h}
                  - {name: weekly, type: iso-week, zone: Europe/Berlin}
                """);
    }

    private int run(final String... args) {
        final CliRun run = CliRun.of(args);
        out = run.out();
        err = run.err();
        return run.exitCode();
    }

    @Test
    void helpNamesTheOptionsTheFilesAndTheExitCodes() {
        assertThat(run("report", "--help")).isZero();
        assertThat(out.replaceAll("\\s+", " ")).contains("Usage: radshift report", "--week", "--site",
            "--out", "--config", "--bootstrap", "--registry", "--window", "--zone", "--timeout", "FILE.csv and FILE.json",
            "inline SVG", "nothing loaded from the network", "Exit codes");
        assertThat(err).isEmpty();
    }

    @Test
    void aWeekThatIsNotAnIsoWeekIsOneLineAndExitTwo() {
        assertThat(run("report", "--config", config.toString(), "--week", "2026-47", "--out", dir.resolve("r.html").toString()))
            .isEqualTo(2);
        assertThat(err.lines()).singleElement().asString()
            .isEqualTo("radshift report: week '2026-47' is not an ISO week such as 2026-W47");
    }

    @Test
    void anUnknownWindowSchemeIsOneLineAndExitTwo() {
        assertThat(run("report", "--config", config.toString(), "--week", "2026-W47", "--window", "daily",
            "--out", dir.resolve("r.html").toString())).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString()
            .startsWith("radshift report: --window daily is not a window scheme of");
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitTwoWithinTheTimeout() {
        final long start = System.nanoTime();
        assertThat(run("report", "--config", config.toString(), "--week", "2026-W47", "--bootstrap", "127.0.0.1:1",
            "--timeout", "PT3S", "--out", dir.resolve("r.html").toString())).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString()
            .isEqualTo("radshift report: could not reach Kafka at 127.0.0.1:1 within 3 s");
        assertThat(System.nanoTime() - start).isLessThan(30_000_000_000L);
        assertThat(dir.resolve("r.html")).doesNotExist();
    }
}
