package io.radshift.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Prometheus and Alertmanager binaries of Debian's {@code prometheus} and {@code prometheus-alertmanager}
 * packages, which {@code .ci/run} installs. Tests that need one call {@link #assumeInstalled} and skip with a
 * message saying how to install it when it is absent; on CI they run.
 */
final class PrometheusTools {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    static final Path AMTOOL = Path.of("/usr/bin/amtool");

    /** What a finished command printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {
    }

    private PrometheusTools() {
    }

    /** Skips the calling test, with the install command, unless {@code binary} is installed. */
    static void assumeInstalled(final Path binary) {
        Assumptions.assumeTrue(Files.isExecutable(binary), () -> binary + " is not installed, so this test is SKIPPED: "
                + "apt-get install -y prometheus prometheus-alertmanager (.ci/run does)");
    }

    /** Runs a tool to completion from the repository root; fails after 60 s. */
    static Result run(final Path binary, final String... arguments) {
        final List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(arguments));
        try {
            final Process process = new ProcessBuilder(command).directory(OpsFiles.ROOT.toFile())
                    .redirectErrorStream(true).start();
            final byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
