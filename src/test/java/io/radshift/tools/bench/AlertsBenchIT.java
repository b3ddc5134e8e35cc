package io.radshift.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radshift.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code radshift bench alerts} end to end on a short phantom replay through the real application (in-process
 * Kafka and Schema Registry): every analysed window of every site arrives, none of its studies is dropped as late,
 * the strong scanner change is paged after (not before) it happens, and the report ends with the BENCH line.
 */
class AlertsBenchIT {

    @TempDir
    Path dir;

    @Test
    void aShortPhantomReplayCountsEveryWindowAndPagesTheScannerChange() throws Exception {
        final Path markdown = dir.resolve("alerts.md");
        final Path config = dir.resolve("bench-alerts.yaml");
        Files.writeString(config, Files.readString(Path.of("topologies/bench-alerts.yaml"))
            .replace("../radshift-demo/bundle", dir.resolve("bundle").toString()));

        final CliRun run = CliRun.of("bench", "alerts", "--config", config.toString(), "--phantoms-only", "--days", "4",
            "--sizes", "50", "--phantom-pool", "400", "--out", markdown.toString(), "--stall-timeout", "240");

        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<String> lines = run.out().strip().lines().toList();
        assertThat(lines.get(lines.size() - 1)).matches("BENCH alerts stable_pages_per_site_month=[0-9.]+ "
            + "pages_per_incident=([0-9.]+|nan) far_n50=[0-9.]+ far_n200=nan delay_h=([0-9.]+|inf)");
        final String report = Files.readString(markdown);
        // Windows from the first study on: 4 days of a 24 h window advancing hourly = 96 - 23 incomplete ones.
        final Matcher stable = row("phantom-n50").matcher(report);
        assertThat(stable.find()).as(report).isTrue();
        assertThat(Integer.parseInt(stable.group(1))).isEqualTo(73);
        final Matcher scanner = Pattern.compile("\\| phantoms \\| phantom-scanner \\|[^\\n]*\\| ([0-9.]+|never) \\| "
            + "([0-9.]+) \\| 0 \\|").matcher(report);
        assertThat(scanner.find()).as(report).isTrue();
        assertThat(scanner.group(1)).as("the scanner change pages").isNotEqualTo("never");
        assertThat(Double.parseDouble(scanner.group(1))).as("within a day of the change").isLessThanOrEqualTo(24.0);
        assertThat(report).doesNotContain("real X-rays |");
        assertThat(run.err()).contains("windows (phantoms)").contains("phantom replay only");
    }

    @Test
    void offlineWindowsJudgeEveryWindowOfTheSamePlanWithoutKafka() throws Exception {
        final Path windows = dir.resolve("windows.jsonl");
        final Path config = dir.resolve("bench-alerts.yaml");
        Files.writeString(config, Files.readString(Path.of("topologies/bench-alerts.yaml"))
            .replace("../radshift-demo/bundle", dir.resolve("bundle").toString()));

        final CliRun run = CliRun.of("bench", "alerts", "--config", config.toString(), "--phantoms-only", "--days", "4",
            "--sizes", "50", "--phantom-pool", "400", "--offline-windows", windows.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        final List<String> lines = run.out().strip().lines().toList();
        // Four sites (phantom-n50, the rare-finding and the scanner change, and no all-sites view), 96 windows each:
        // every window ending from the first study's hour on, the first 23 of them incomplete.
        assertThat(lines.get(lines.size() - 1)).isEqualTo("BENCH alerts-offline windows=" + 3 * 96);
        final ObjectMapper json = new ObjectMapper();
        final List<JsonNode> judged = Files.readAllLines(windows).stream().map(l -> read(json, l)).toList();
        assertThat(judged).hasSize(3 * 96).allSatisfy(w -> assertThat(w.path("tests").isArray()).isTrue());
        // The strong scanner change (from day 2) is material in its windows after the change, never before it.
        final Instant change = AlertsBenchmark.START.plus(Duration.ofDays(2)).plus(Duration.ofHours(9));
        assertThat(judged).filteredOn(w -> w.path("siteId").asText().equals("phantom-scanner"))
            .filteredOn(w -> Instant.parse(w.path("windowEnd").asText()).isAfter(change.plus(Duration.ofHours(12))))
            .anySatisfy(w -> assertThat(w.path("verdict").asText()).isEqualTo("DRIFT"));
    }

    private static JsonNode read(final ObjectMapper json, final String line) {
        try {
            return json.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A per-site row: group 1 = complete windows judged. */
    private static Pattern row(final String site) {
        return Pattern.compile("\\| phantoms \\| " + site + " \\| 50 \\| [^|]+ \\| ([0-9]+) \\|");
    }
}
