package io.radshift.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.fuzz.FuzzCampaign;
import io.radshift.fuzz.FuzzTarget;
import io.radshift.inference.decode.DecoderLimits;
import io.radshift.inference.stream.InferenceProcessor;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.topology.StreamsSettings;
import io.radshift.window.WindowScheme;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded mutation campaign over the YAML configuration loader, starting from every committed
 * {@code topologies/*.yaml}: each mutant either loads into a configuration whose every value can be used (the
 * window schemes, the decoder limits, the model options and the Kafka Streams settings are built
 * from it without an error) or is refused at load with one {@link ConfigException}. A value that loads but fails
 * when the stream starts, or later, is a finding. Mutations work on lines and scalars: hostile numbers,
 * durations (sub-millisecond, negative, overflowing), YAML aliases, tags and deep nesting, NUL characters in
 * paths, unknown keys, dropped, repeated and re-indented lines.
 */
class ConfigLoaderFuzzTest {

    private static final String[] SCALARS = {"-1", "0", "1", "2147483648", "9223372036854775808", "1e309", "-0.0", ".nan", ".inf",
        "~", "''", "\"\\0\"", "\"a\\0b\"", "!!binary AAAA", "*nowhere", "&a [1, 2]", "{a: 1}", "[]", "true", "1.5", "cuda", "bh",
        "Mars/Olympus", "file:///dev/zero", "http://pacs/", "../../etc/passwd", "\"" + "x".repeat(5_000) + "\""};
    private static final String[] DURATIONS = {"PT-1S", "-1s", "0ms", "PT0.0001S", "PT0.5S", "1ms", "99999999999999999999d",
        "106751991167d", "PT2562047788015215H", "P106751991167D", "3000000000ms", "5001ms", "7h", "7d", "23h", "1000000d"};
    private static final String[] NUMBERS = {"-1", "0", "1", "2", "1000", "1001", "2147483647", "2147483648", "9223372036854775807",
        "1e309", "0.0", "1.0", "-0.5", ".nan", "0.999999", "1e-300"};

    private static final String[] LINES = {"unknown: 1", "  unknown: 1", "- {name: w, type: tumbling, size: 1h, grace: -1s}",
        "  - {name: oncall-24h, type: sliding, size: 24h, advance: 7h}", "  - {name: w2, type: sliding, size: 1h, advance: 1ms}",
        "  - {name: w3, type: iso-week, zone: \"\\0\"}", "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]",
        "<<: *a", "!!java.lang.Runtime {}", "%YAML 1.1", "---", "...", "\t\ttabs: 1",
        "[".repeat(5_000) + "]".repeat(5_000), "{".repeat(3_000), "kafka: {properties: {\"\\0\": x}}"};

    private static final Pattern SCALAR_LINE = Pattern.compile("\\s*-?\\s*\\w+: [^#{\\[]+.*");
    private static final Pattern DURATION = Pattern.compile("\\d+(ms|s|m|h|d)|P.*");
    private static final Pattern NUMBER = Pattern.compile("-?[\\d.]+");

    @TempDir
    Path dir;

    @Test
    void configurationsLoadIntoUsableValuesOrAreRefusedWithOneConfigException() throws Exception {
        final int inputs = 2_000;
        final FuzzCampaign.Report report = new FuzzCampaign(new Target(dir), inputs, Duration.ofSeconds(2), 64L << 20).run();
        System.out.println(report);
        assertThat(report.findings()).as(report.toString()).isEmpty();
        assertThat(report.accepted()).as(report.toString()).isGreaterThan(inputs / 50);
        assertThat(report.refused()).as(report.toString()).isGreaterThan(inputs / 10);
    }

    /** The loader on one file, rewritten for each input. */
    private static final class Target implements FuzzTarget {
        private final Path file;
        private final ConfigLoader loader = new ConfigLoader();

        Target(final Path dir) {
            this.file = dir.resolve("fuzz.yaml");
        }

        @Override
        public String name() {
            return "config";
        }

        @Override
        public List<byte[]> seeds() {
            try (Stream<Path> files = Files.list(Path.of("topologies"))) {
                final List<byte[]> seeds = new ArrayList<>();
                for (final Path yaml : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                    seeds.add(Files.readAllBytes(yaml));
                }
                return seeds;
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public byte[] mutate(final Random random, final byte[] seed) {
            final List<String> lines = new ArrayList<>(Arrays.asList(new String(seed, StandardCharsets.UTF_8).split("\n", -1)));
            for (int rounds = 1 + random.nextInt(3); rounds > 0; rounds--) {
                mutateOnce(random, lines);
            }
            return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        }

        private static void mutateOnce(final Random random, final List<String> lines) {
            if (lines.isEmpty()) {
                lines.add("");
            }
            final List<Integer> scalars = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (SCALAR_LINE.matcher(lines.get(i)).matches()) {
                    scalars.add(i);
                }
            }
            final int at = random.nextInt(lines.size());
            final String line = lines.get(at);
            switch (random.nextInt(7)) {
                case 0, 1, 2 -> {
                    if (!scalars.isEmpty()) {
                        final int i = scalars.get(random.nextInt(scalars.size()));
                        final String target = lines.get(i);
                        final int colon = target.indexOf(": ");
                        lines.set(i, target.substring(0, colon + 2) + hostileLike(random, target.substring(colon + 2)));
                    }
                }
                case 3 -> lines.add(at, LINES[random.nextInt(LINES.length)]);
                case 4 -> lines.remove(at);
                case 5 -> lines.add(at, line);
                default -> lines.set(at, random.nextBoolean() ? "  " + line : line.replaceFirst("^ {1,2}", ""));
            }
        }

        /** A hostile value of the same kind as {@code value} (duration, number) most of the time, of any kind otherwise. */
        private static String hostileLike(final Random random, final String value) {
            final String v = value.replaceAll("#.*", "").trim();
            final String[] kind = DURATION.matcher(v).matches() ? DURATIONS : NUMBER.matcher(v).matches() ? NUMBERS : SCALARS;
            final String[] pool = random.nextInt(4) == 0 ? SCALARS : kind;
            return pool[random.nextInt(pool.length)];
        }

        @Override
        public List<Class<? extends Throwable>> documentedFailures() {
            return List.of(ConfigException.class);
        }

        @Override
        public void consume(final byte[] input) throws IOException {
            Files.write(file, input);
            final RadShiftConfig config = loader.load(file);
            useEveryValue(config);
        }

        /** What the running pipeline builds from the configuration; any exception here is a value refused too late. */
        private static void useEveryValue(final RadShiftConfig config) {
            try {
                config.windows().forEach(WindowScheme::of);
                new DecoderLimits(config.model().maxImageBytes(), config.model().maxImagePixels());
                InferenceProcessor.options(config.model());
                config.model().imageRoots();
                StreamsSettings.properties(config, RadShiftMetrics.discarding());
                for (final Duration d : List.of(config.model().maxBatchLatency(), config.detection().siteSilentAfter(),
                        config.detection().groundTruthRetention(), config.detection().idleTimeout(), config.detection().maxFutureSkew())) {
                    if (d.toMillis() < 1) {
                        throw new IllegalStateException("duration " + d + " is under one millisecond");
                    }
                }
            } catch (final RuntimeException e) {
                throw new AssertionError("loaded, then failed when used: " + e, e);
            }
        }
    }
}
