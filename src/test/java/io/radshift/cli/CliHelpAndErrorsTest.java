package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.tools.embedded.EmbeddedKafka;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** --help of every offline command, and one clear line with exit code 2 for bad arguments. */
class CliHelpAndErrorsTest {

    @TempDir
    Path dir;

    private String out = "";
    private String err = "";

    private int run(final String... args) {
        final CliRun run = CliRun.of(args);
        out = run.out();
        err = run.err();
        return run.exitCode();
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "assess", "bench", "bench detection", "bench alerts", "bench chaos", "bench topology",
        "bench e2e", "bench gpu", "publish", "demo", "sandbox", "explain"})
    void helpDescribesTheCommand(final String command) {
        final List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        assertThat(run(args.toArray(String[]::new))).isZero();
        assertThat(out).contains("Usage: radshift " + command);
        assertThat(err).isEmpty();
    }

    /**
     * picocli formats every description with {@code String.format}: a bare {@code %} ("50% X-rays") makes it print
     * a warning to the console and the text unformatted, so every description of every command must format.
     */
    @Test
    void everyDescriptionOfEveryCommandFormats() {
        final List<String> broken = new ArrayList<>();
        collectUnformattable(RadShiftCli.commandLine(), broken);
        assertThat(broken).isEmpty();
    }

    /** The descriptions as written in the annotations: picocli's own accessors return them already formatted. */
    private static void collectUnformattable(final CommandLine command, final List<String> broken) {
        final CommandLine.Model.CommandSpec spec = command.getCommandSpec();
        final List<String> texts = new ArrayList<>();
        annotatedDescriptions(spec, texts);
        for (String text : texts) {
            try {
                String.format(text);
            } catch (IllegalFormatException e) {
                broken.add(spec.qualifiedName() + ": " + text);
            }
        }
        command.getSubcommands().values().forEach(sub -> collectUnformattable(sub, broken));
    }

    private static void annotatedDescriptions(final CommandLine.Model.CommandSpec spec, final List<String> texts) {
        for (Class<?> type = spec.userObject().getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            final CommandLine.Command command = type.getAnnotation(CommandLine.Command.class);
            if (command != null) {
                texts.addAll(List.of(command.description()));
            }
            for (Field field : type.getDeclaredFields()) {
                final CommandLine.Option option = field.getAnnotation(CommandLine.Option.class);
                final CommandLine.Parameters parameters = field.getAnnotation(CommandLine.Parameters.class);
                texts.addAll(List.of(option != null ? option.description() : parameters != null ? parameters.description() : new String[0]));
            }
        }
        spec.mixins().values().forEach(mixin -> annotatedDescriptions(mixin, texts));
    }

    @Test
    void baselineHelpListsEveryOptionAndTheLabelMapping() {
        run("baseline", "--help");
        assertThat(out).contains("--bundle", "--images", "--manifest", "--where", "--out", "--label-column",
            "--label-map", "--group-by", "--seed", "--metadata", "pneumonia=Pneumonia,normal=No Finding", "Exit codes");
    }

    @Test
    void assessHelpDocumentsTheExitCodes() {
        run("assess", "--help");
        assertThat(out).contains("--profile", "--window", "--alpha", "--correction", "--out",
            "1   at least one window drifted", "2   error");
    }

    @Test
    void explainHelpSaysHowToFindTheImagesOfAReportsStudyIds() {
        run("explain", "--help");
        assertThat(out.replaceAll("\\s+", " ")).contains("--bundle", "--profile", "IMAGE", "--out",
            "--grid", "--patch", "--study", "--archive", "--site", "--key-file", "--reference-images",
            "nothing leaves the hospital", "Exit codes");
    }

    @Test
    void explainWithAMissingProfileSaysSoInOneLine() {
        assertThat(run("explain", "--bundle", dir.resolve("bundle").toString(), "--profile",
            dir.resolve("missing.avro").toString(), "--out", dir.resolve("out").toString(), "scan.png")).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString()
            .isEqualTo("radshift explain: profile file not found: " + dir.resolve("missing.avro"));
    }

    @Test
    void explainWithoutImagesOrAStudyIdsFolderSaysWhatIsMissing() {
        assertThat(run("explain", "--bundle", "b", "--profile", "p", "--out", "o")).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString()
            .isEqualTo("radshift explain: give IMAGE files or --study ids to explain");
        assertThat(run("explain", "--bundle", "b", "--profile", "p", "--out", "o", "--study", "h1-00")).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString()
            .isEqualTo("radshift explain: --study needs --archive DIR and --site SITE (as publish was run)");
    }

    @Test
    void benchListsItsSubcommands() {
        assertThat(run("bench")).isZero();
        assertThat(out).contains("detection").contains("alerts").contains("chaos").contains("topology")
            .contains("e2e").contains("gpu");
    }

    @Test
    void sandboxHelpNamesTheFolderThePortsAndTheOtherTerminals() {
        run("sandbox", "--help");
        assertThat(out.replaceAll("\\s+", " ")).contains("--dir", "--kafka-port", "--registry-port",
            "default: 9092", "default: 8081", "radshift run --config topologies/sandbox.yaml", "radshift publish");
    }

    @Test
    void sandboxOnABusyPortSaysSoInOneLine() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(run("sandbox", "--dir", dir.resolve("sandbox").toString(), "--registry-port",
                String.valueOf(busy.getLocalPort()), "--kafka-port", String.valueOf(EmbeddedKafka.freePort())))
                .isEqualTo(2);
        }
        assertThat(err.lines()).singleElement().asString()
            .startsWith("radshift sandbox: port ").contains("is in use").contains("--registry-port");
    }

    @Test
    void benchChaosHelpNamesTheKillMomentsAndTheClosingLine() {
        run("bench", "chaos", "--help");
        assertThat(out.replaceAll("\\s+", " ")).contains("--kills", "--registry-outage", "SIGKILL",
            "model batch, a window close or an incident event", "BENCH chaos kills=", "read_committed");
    }

    @Test
    void benchAlertsHelpNamesTheGoalsTheOptionsAndTheClosingLine() {
        run("bench", "alerts", "--help");
        assertThat(out.replaceAll("\\s+", " ")).contains("--data", "--bundle", "--config", "--days", "--sizes", "--changing-n",
            "--mix-source", "--mix-fraction", "--phantom-pool", "--seed", "--out", "topologies/bench-alerts.yaml",
            "goal <= 0.1", "BENCH alerts stable_pages_per_site_month=", "Exit codes");
    }

    @Test
    void benchTopologyHelpNamesTheBaselineTheOptionsAndTheClosingLine() {
        run("bench", "topology", "--help");
        assertThat(out.replaceAll("\\s+", " ")).contains("--records", "--sites", "--days", "--bundle",
            "--config", "--seed", "--stall-timeout", "pass-through", "exactly_once_v2", "consumer lag 0",
            "BENCH topology records=", "ratio=", "Exit codes");
    }

    @Test
    void benchE2eHelpNamesThePhasesTheOptionsAndTheClosingLine() {
        run("bench", "e2e", "--help");
        assertThat(out.replaceAll("\\s+", " ")).contains("--sites", "--backlog", "--seconds", "--rate",
            "--bundle", "--config", "--seed", "--timeout", "Throughput", "Live", "Quiet", "detection.idleTimeout",
            "BENCH e2e studies_per_s=", "alert_latency_p99_live_ms=", "alert_latency_p99_quiet_ms=", "Exit codes");
    }

    @Test
    void benchE2eRefusesASingleSiteInOneLine() {
        assertThat(run("bench", "e2e", "--sites", "1")).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString()
            .startsWith("radshift bench e2e:").contains("at least 2 sites");
    }

    @Test
    void benchGpuHelpNamesTheModelTheBatchesAndTheClosingLine() {
        run("bench", "gpu", "--help");
        assertThat(out.replaceAll("\\s+", " ")).contains("--provider", "--batches", "--warmups", "--calls",
            "--seconds", "--threads", "ViT-B/16", "1,8,32,128", "tools/gpu_bench.sh", "BENCH gpu model=vit-b16-224",
            "Exit codes");
    }

    @Test
    void benchGpuRefusesAZeroBatchInOneLine() {
        assertThat(run("bench", "gpu", "--batches", "0")).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString()
            .startsWith("radshift bench gpu:").contains("batch sizes must be positive");
    }

    @Test
    void benchTopologyRefusesNonPositiveRecordsInOneLine() {
        assertThat(run("bench", "topology", "--records", "0")).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString()
            .startsWith("radshift bench topology:").contains("must be positive");
    }

    @Test
    void benchAlertsRefusesADataFolderWithoutManifestInOneLine() {
        assertThat(run("bench", "alerts", "--data", dir.toString())).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString()
            .startsWith("radshift bench alerts: --data").contains("no manifest.csv");
    }

    @Test
    void demoHelpExplainsImages() {
        run("demo", "--help");
        assertThat(out.replaceAll("\\s+", " ")).contains("--images", "manifest.csv", "'source' column", "hospital-c mixes in 50%",
            "reference profile");
    }

    @Test
    void aMissingRequiredOptionIsOneLineAndExitTwo() {
        assertThat(run("baseline", "--images", dir.toString())).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString()
            .contains("radshift baseline: Missing required option").contains("--bundle").contains("--help");
    }

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() {
        assertThat(run("assess", "--profile", "p.avro", "--bundle", "b", "--images", "x", "--windw", "5"))
            .isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().contains("Unknown options: '--windw', '5'");
    }

    @Test
    void aMissingBundleIsOneLineAndExitTwo() {
        assertThat(run("baseline", "--bundle", dir.resolve("nope").toString(), "--images", dir.toString(), "--out",
            dir.resolve("p.avro").toString())).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().startsWith("radshift baseline: ")
            .contains("nope");
    }

    @Test
    void bothImagesAndManifestIsOneLineAndExitTwo() {
        assertThat(run("assess", "--profile", "p.avro", "--bundle", dir.toString(), "--images", dir.toString(),
            "--manifest", "m.csv", "--correction", "holm")).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().startsWith("radshift assess: ");
    }

    @Test
    void anUnknownCorrectionIsRejected() {
        assertThat(run("assess", "--profile", "p.avro", "--bundle", dir.toString(), "--images", dir.toString(),
            "--correction", "bonferroni")).isEqualTo(2);
        assertThat(err).contains("--correction must be holm or bh");
    }

    @Test
    void publishWithAStartButNoIntervalIsOneLineAndExitTwo() {
        assertThat(run("publish", "--bootstrap", "localhost:9092", "--registry", "http://localhost:8081", "--site", "s",
            "--start", "2026-03-02T08:00:00Z", dir.toString())).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString().startsWith("radshift publish: ")
            .contains("--interval");
    }

    @Test
    void publishWithBothAFolderAndAManifestIsOneLineAndExitTwo() {
        assertThat(run("publish", "--bootstrap", "localhost:9092", "--registry", "http://localhost:8081", "--site", "s",
            "--manifest", "m.csv", dir.toString())).isEqualTo(2);
        assertThat(err.lines()).singleElement().asString()
            .isEqualTo("radshift publish: give exactly one of DIR or --manifest CSV (see radshift publish --help)");
    }

    @Test
    void publishWithWhereButNoManifestIsOneLineAndExitTwo() {
        assertThat(run("publish", "--bootstrap", "localhost:9092", "--registry", "http://localhost:8081", "--site", "s",
            "--where", "view=PA", dir.toString())).isEqualTo(2);
        assertThat(err).contains("--where needs --manifest");
    }
}
