package io.radshift.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code radshift run} as a child JVM, the way an operator runs the monitor, so that it can be killed for real:
 * {@link #kill()} sends SIGKILL (no shutdown hook, no last commit). Its output goes to a log file, from which the
 * metrics address is read; {@link #scrape()} reads its {@code /metrics}.
 */
final class MonitorProcess implements AutoCloseable {

    private static final Pattern METRICS_URL = Pattern.compile("metrics at (http://\\S+)/metrics");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String opsUrl;

    private MonitorProcess(final Process process, final Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code radshift run --config config} with this JVM's class path and waits until it serves metrics.
     *
     * @param log file the child's stdout and stderr are appended to
     * @throws IllegalStateException when it exits or serves no metrics within two minutes, with its last log line
     */
    static MonitorProcess start(final Path config, final Path log) {
        final List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx1g", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.radshift.cli.RadShiftCli", "run",
                "--config", config.toString()));
        try {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            final MonitorProcess monitor = new MonitorProcess(process, log);
            // A benchmark that is itself stopped must not leave a monitor running.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "radshift-monitor-reaper"));
            monitor.awaitMetrics();
            return monitor;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the monitor JVM", e);
        }
    }

    /** The value of a counter or timer count in {@code /metrics}, summed over its series; empty if unreachable. */
    Optional<Double> metric(final String name) {
        final Optional<String> scrape = scrape();
        if (scrape.isEmpty()) {
            return Optional.empty();
        }
        double sum = 0;
        for (String line : scrape.get().split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Optional.of(sum);
    }

    /** The text of {@code /metrics}, or empty when the child does not answer. */
    Optional<String> scrape() {
        try {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(opsUrl + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM: the monitor closes Kafka Streams and commits; SIGKILL after a minute. */
    @Override
    public void close() {
        process.destroy();
        if (!awaitExit(Duration.ofSeconds(60))) {
            kill();
        }
    }

    private boolean awaitExit(final Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitMetrics() {
        final long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        final long offset = size();
        while (System.nanoTime() < deadline) {
            final Matcher url = METRICS_URL.matcher(logSince(offset));
            if (url.find()) {
                opsUrl = url.group(1);
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the monitor exited with code " + process.exitValue() + ": " + lastLine(offset));
            }
            pause(Duration.ofMillis(100));
        }
        kill();
        throw new IllegalStateException("the monitor served no metrics within " + START_TIMEOUT.toSeconds() + " s: "
                + lastLine(offset));
    }

    private long size() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private String logSince(final long offset) {
        try {
            final byte[] bytes = Files.readAllBytes(log);
            return new String(bytes, (int) Math.min(offset, bytes.length), (int) Math.max(0, bytes.length - offset),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String lastLine(final long offset) {
        final List<String> lines = logSince(offset).lines().filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? "(no output; see " + log + ")" : lines.get(lines.size() - 1) + " (see " + log + ")";
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static void pause(final Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
