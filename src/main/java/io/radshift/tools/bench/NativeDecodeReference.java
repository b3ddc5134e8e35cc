package io.radshift.tools.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The native decode reference of {@code radshift bench decode}: Pillow (libjpeg-turbo, zlib; Debian's
 * {@code python3-pil}) decoding the same images on one thread, run as a subprocess in the same run so that both
 * sides see the same machine load. The script ({@code native_decode_reference.py}, shipped in the jar) decodes,
 * converts to grey, resizes with area averaging and computes three quality features.
 */
public final class NativeDecodeReference {

    private static final String SCRIPT = "native_decode_reference.py";
    private static final Pattern RESULT = Pattern.compile("images=(\\d+) seconds=([0-9.]+) cpu_seconds=([0-9.]+)");
    private static final List<String> PYTHONS = List.of("python3", "/usr/bin/python3");

    private final String python;

    private NativeDecodeReference(final String python) {
        this.python = python;
    }

    /** The reference, when a {@code python3} with Pillow is installed; empty otherwise. */
    public static Optional<NativeDecodeReference> find() {
        for (final String candidate : PYTHONS) {
            if (run(List.of(candidate, "-c", "import PIL.Image"), "", 30).map(r -> r.exit == 0).orElse(false)) {
                return Optional.of(new NativeDecodeReference(candidate));
            }
        }
        return Optional.empty();
    }

    /** Why there is no reference, for the bench output. */
    public static String absentMessage() {
        return "no python3 with Pillow found: the native reference and ratio_to_native are skipped"
                + " (install it with: apt-get install -y python3-pil)";
    }

    /**
     * Images per second of the reference on one thread over {@code images}, resized to {@code size} px, running at
     * least {@code seconds} and at least one pass: per second of wall clock and per second of its CPU time.
     */
    public DecodeBenchmark.Rate imagesPerSecond(final List<byte[]> images, final int size, final double seconds) throws IOException {
        final Path dir = Files.createTempDirectory("radshift-native-decode");
        try {
            final Path script = dir.resolve(SCRIPT);
            try (InputStream in = NativeDecodeReference.class.getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IOException(SCRIPT + " is missing from the class path");
                }
                Files.copy(in, script);
            }
            final StringBuilder list = new StringBuilder();
            for (int i = 0; i < images.size(); i++) {
                final Path file = dir.resolve("image-" + i);
                Files.write(file, images.get(i));
                list.append(file).append('\n');
            }
            final Result result = run(List.of(python, script.toString(), "--size", Integer.toString(size),
                    "--seconds", Double.toString(seconds)), list.toString(), (long) (seconds * 20 + 120))
                    .orElseThrow(() -> new IOException("the native reference did not finish"));
            final Matcher m = RESULT.matcher(result.output);
            if (result.exit != 0 || !m.find()) {
                throw new IOException("the native reference failed (exit " + result.exit + "): "
                        + result.output.lines().reduce((a, b) -> b).orElse("no output"));
            }
            final int decoded = Integer.parseInt(m.group(1));
            return new DecodeBenchmark.Rate(decoded / Double.parseDouble(m.group(2)), decoded / Double.parseDouble(m.group(3)));
        } finally {
            deleteTree(dir);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Optional<Result> run(final List<String> command, final String stdin, final long timeoutSeconds) {
        try {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            final byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8)));
        } catch (final IOException e) {
            return Optional.empty();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void deleteTree(final Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            final List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
            for (final Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
