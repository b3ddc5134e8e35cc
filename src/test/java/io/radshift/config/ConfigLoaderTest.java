package io.radshift.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    static Stream<Path> shippedConfigs() throws IOException {
        return Files.list(Path.of("topologies")).filter(p -> p.toString().endsWith(".yaml"));
    }

    @ParameterizedTest
    @MethodSource("shippedConfigs")
    void everyShippedConfigLoads(final Path file) {
        final RadShiftConfig config = loader.load(file);
        assertThat(config.windows()).isNotEmpty();
        assertThat(config.model().bundle()).isNotNull();
    }

    @Test
    void readsTheProductionExample() {
        final RadShiftConfig c = loader.load(Path.of("topologies/production-example.yaml"));
        assertThat(c.kafka().security().protocol()).isEqualTo("SASL_SSL");
        assertThat(c.kafka().security().keystore().path()).isEqualTo(Path.of("/etc/radshift/tls/radshift.p12"));
        assertThat(c.labels().names()).hasSize(14).contains("Pleural Other");
        assertThat(c.windows()).extracting(RadShiftConfig.Window::name).containsExactly("oncall-24h", "weekly");
        assertThat(c.windows().get(1).zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(c.windows().get(1).size()).isEqualTo(Duration.ofDays(7));
        assertThat(c.windows().get(0).grace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.model().maxBatchLatency()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.topics().replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void appliesDefaultsAndResolvesRelativePathsAgainstTheFile() throws IOException {
        final RadShiftConfig c = loader.load(write("model:\n  bundle: bundles/demo\n"));
        assertThat(c.model().bundle()).isEqualTo(dir.resolve("bundles/demo"));
        assertThat(c.model().provider()).isEqualTo("cpu");
        assertThat(c.topics().studies()).isEqualTo("studies");
        assertThat(c.detection().alpha()).isEqualTo(0.01);
        assertThat(c.windows()).hasSize(2);
    }

    @Test
    void unknownKeyIsReportedWithItsPathAndTheKnownKeys() throws IOException {
        final Path file = write("detection:\n  alpah: 0.05\n");
        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'alpah' at detection")
                .hasMessageContaining("alpha");
    }

    @Test
    void unknownKeyInsideAListItem() throws IOException {
        assertThatThrownBy(() -> loader.load(write("windows:\n  - name: w\n    size: 1h\n    grase: 5m\n")))
                .hasMessageContaining("unknown key 'grase' at windows[0]");
    }

    @Test
    void wrongTypeIsReportedWithItsPath() throws IOException {
        assertThatThrownBy(() -> loader.load(write("detection:\n  minStudies: many\n")))
                .hasMessageContaining("wrong type at detection.minStudies")
                .hasMessageContaining("a number");
        assertThatThrownBy(() -> loader.load(write("topics: [a, b]\n")))
                .hasMessageContaining("wrong type at topics");
    }

    @Test
    void invalidValuesAreReported() throws IOException {
        assertThatThrownBy(() -> loader.load(write("detection:\n  alpha: 1.5\n")))
                .hasMessageContaining("detection.alpha must be strictly between 0 and 1");
        assertThatThrownBy(() -> loader.load(write("windows:\n  - name: w\n    size: 1h\n    grace: soon\n")))
                .hasMessageContaining("windows[0].grace").hasMessageContaining("not a duration");
        assertThatThrownBy(() -> loader.load(write("windows:\n  - name: w\n    type: iso-week\n    zone: Mars/Base\n")))
                .hasMessageContaining("not a time zone");
        assertThatThrownBy(() -> loader.load(write("model:\n  provider: tpu\n")))
                .hasMessageContaining("model.provider must be cuda or cpu");
        assertThatThrownBy(() -> loader.load(write("windows:\n  - name: w\n    size: 1h\n    advance: 2h\n")))
                .hasMessageContaining("0 < advance <= size");
    }

    @Test
    void tolerancesPerFamilyAndPerLabelAreReadAndValidated() throws IOException {
        final RadShiftConfig c = loader.load(write("""
                detection:
                  tolerances:
                    scoreHistogram:
                      tolerance: 0.15
                      labels:
                        Pneumothorax: {tolerance: 0.05, critical: 0.1}
                    quality:
                      critical: 1.0
                      fromReference: false
                """));
        final RadShiftConfig.Tolerances tolerances = c.detection().tolerances();
        assertThat(tolerances.configured()).containsOnlyKeys("scoreHistogram", "quality");
        assertThat(tolerances.scoreHistogram().tolerance()).isEqualTo(0.15);
        assertThat(tolerances.scoreHistogram().critical()).isNull();
        assertThat(tolerances.scoreHistogram().fromReference()).isTrue();
        assertThat(tolerances.scoreHistogram().labels().get("Pneumothorax"))
                .isEqualTo(new RadShiftConfig.LabelTolerance(0.05, 0.1));
        assertThat(tolerances.quality().fromReference()).isFalse();
        assertThat(loader.load(write("detection:\n  alpha: 0.01\n")).detection().tolerances().configured()).isEmpty();

        assertThatThrownBy(() -> loader.load(write("detection:\n  tolerances:\n    quality:\n      tolerance: 0.5\n      critical: 0.2\n")))
                .hasMessageContaining("invalid value at detection.tolerances.quality")
                .hasMessageContaining("critical (0.2) must not be below tolerance (0.5)");
        assertThatThrownBy(() -> loader.load(write("detection:\n  tolerances:\n    psi:\n      tolerance: 0.2\n")))
                .hasMessageContaining("unknown key 'psi' at detection.tolerances").hasMessageContaining("scoreHistogram");
        assertThatThrownBy(() -> loader.load(write("detection:\n  tolerances:\n    mmd:\n      tolerance: -1\n")))
                .hasMessageContaining("tolerance must be a finite number >= 0, got -1.0");
        assertThatThrownBy(() -> loader.load(write("detection:\n  tolerances:\n    quality:\n      labels:\n        noise: {critical: 2}\n")))
                .hasMessageContaining("detection.tolerances.quality.labels").hasMessageContaining("needs 'tolerance'");
    }

    @Test
    void metricSiteBoundsAreReadWithDefaultsAndValidated() throws IOException {
        final RadShiftConfig.Metrics defaults = loader.load(write("metrics: {port: 0}\n")).metrics();
        assertThat(defaults.sites()).isEmpty();
        assertThat(defaults.maxSites()).isEqualTo(100);
        assertThat(defaults.siteStaleAfter()).isEqualTo(Duration.ofDays(7));

        final RadShiftConfig.Metrics listed = loader.load(write(
                "metrics:\n  sites: [hospital-a, hospital-b]\n  maxSites: 5\n  siteStaleAfter: 2d\n")).metrics();
        assertThat(listed.sites()).containsExactly("hospital-a", "hospital-b");
        assertThat(listed.maxSites()).isEqualTo(5);
        assertThat(listed.siteStaleAfter()).isEqualTo(Duration.ofDays(2));

        assertRefused("metrics:\n  maxSites: 0\n", "metrics.maxSites must be positive");
        assertRefused("metrics:\n  siteStaleAfter: 0s\n", "metrics.siteStaleAfter must be a positive duration");
        assertRefused("metrics:\n  sites: ['']\n", "metrics.sites must not hold a blank site id");
    }

    @Test
    void theCommitIntervalIsADeploymentSettingBoundedByTheTransactionTimeout() throws IOException {
        assertThat(loader.load(write("model: {}\n")).streams().commitInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(loader.load(write("streams:\n  commitInterval: 100ms\n")).streams().commitInterval())
                .isEqualTo(Duration.ofMillis(100));
        assertThat(loader.load(write("streams:\n  commitInterval: 30s\nkafka:\n  properties:\n"
                + "    transaction.timeout.ms: '60000'\n")).streams().commitInterval()).isEqualTo(Duration.ofSeconds(30));
        assertRefused("streams:\n  commitInterval: 0ms\n", "streams.commitInterval must be a positive duration");
        assertRefused("streams:\n  commitInterval: 30s\n",
                "streams.commitInterval (30000 ms) must not exceed the exactly-once transaction timeout (10000 ms");
        assertRefused("streams:\n  commitInterval: 1s\nkafka:\n  properties:\n    transaction.timeout.ms: ten\n",
                "kafka.properties transaction.timeout.ms must be a number of milliseconds, got 'ten'");
        assertRefused("streams:\n  commitEvery: 1s\n", "unknown key 'commitEvery' at streams");
    }

    @Test
    void valuesThatWouldOnlyFailLaterAreRefusedAtLoad() throws IOException {
        assertRefused("detection:\n  fireWindow: 100000\n", "detection.fireWindow must be between 1 and 1000");
        assertRefused("detection:\n  idleTimeout: 0s\n", "detection.idleTimeout must be a positive duration");
        assertRefused("detection:\n  siteSilentAfter: 0s\n", "detection.siteSilentAfter must be a positive duration");
        assertRefused("detection:\n  groundTruthRetention: 0s\n", "detection.groundTruthRetention must be a positive duration");
        assertRefused("windows:\n  - name: w\n    size: 1h\n    grace: PT-5M\n", "grace must not be negative");
        assertRefused("model:\n  maxImageBytes: 4000000000\n", "model.maxImageBytes must be between 1 and");
        assertRefused("model:\n  maxImageBytes: 0\n", "model.maxImageBytes must be between 1 and");
        assertRefused("model:\n  maxImagePixels: -1\n", "model.maxImagePixels must be between 1 and");
        assertRefused("model:\n  maxBatchLatency: 0ms\n", "model.maxBatchLatency must be a positive duration");
        assertRefused("model:\n  deviceId: -1\n", "model.deviceId must be 0 or more");
        assertRefused("topics:\n  replicationFactor: 0\n", "topics.replicationFactor must be positive");
        assertRefused("detection:\n  siteStateRetention: 0s\n", "detection.siteStateRetention must be a positive duration");
        assertRefused("detection:\n  siteStateRetention: 6h\n", "detection.siteStateRetention (PT6H) must exceed detection.siteSilentAfter");
        assertRefused("detection:\n  siteStateRetention: 3d\n", "must be at least window weekly's size plus grace");
        assertThat(loader.load(write("detection:\n  siteStateRetention: 8d\n")).detection().siteStateRetention())
                .isEqualTo(java.time.Duration.ofDays(8));
        assertRefused("detection:\n  fireAtOnce: 0.5\n", "detection.fireAtOnce must be 0 (off) or at least 1, got 0.5");
        assertThat(loader.load(write("detection:\n  fireAtOnce: 0\n")).detection().fireAtOnce()).isZero();
        assertThat(loader.load(write("detection: {}\n")).detection().fireAtOnce()).isEqualTo(10.0);
        // Found by ConfigLoaderFuzzTest: each loaded, then failed (or silently misbehaved) when the stream started.
        assertRefused("windows:\n  - {name: w, size: 24h, advance: PT0.0001S}\n", "advance must be a whole number of milliseconds");
        assertRefused("windows:\n  - {name: w, size: 24h, advance: 7h}\n", "size PT24H must be a multiple of advance PT7H");
        assertRefused("windows:\n  - {name: w, type: tumbling, size: 1h, grace: 106751991167d}\n", "grace must be at most 36525 days");
        assertRefused("detection:\n  idleTimeout: PT0.0001S\n", "detection.idleTimeout must be a whole number of milliseconds");
        assertRefused("detection:\n  maxFutureSkew: 1000000d\n", "detection.maxFutureSkew must be at most 36525 days");
    }

    private void assertRefused(final String yaml, final String message) throws IOException {
        final java.nio.file.Path file = write(yaml);
        assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void imageUriRootsAreAbsoluteFileOrHttpPrefixesEndingInASlash() throws IOException {
        assertThatThrownBy(() -> loader.load(write("model:\n  imageUriRoots: ['ftp://host/x/']\n")))
                .hasMessageContaining("model.imageUriRoots").hasMessageContaining("file:, http: or https:");
        assertThatThrownBy(() -> loader.load(write("model:\n  imageUriRoots: ['relative/dir']\n")))
                .hasMessageContaining("model.imageUriRoots");
        assertThatThrownBy(() -> loader.load(write("model:\n  imageUriRoots: ['https://user:pw@pacs/x/']\n")))
                .hasMessageContaining("no user info");
        final RadShiftConfig config = loader.load(write("model:\n  imageUriRoots: ['file:///data/x', 'https://pacs.example.org/wado/']\n"));
        assertThat(config.model().imageUriRoots()).containsExactly("file:///data/x/", "https://pacs.example.org/wado/");
        assertThat(loader.load(write("model:\n  provider: cpu\n")).model().imageRoots()).isEmpty();
    }

    @Test
    void missingFilesAreReported() throws IOException {
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml")))
                .hasMessageContaining("configuration file not found");
        final RadShiftConfig c = loader.load(write("model:\n  bundle: missing-bundle\nreference:\n  profile: missing.avro\n"));
        assertThatThrownBy(() -> ConfigLoader.requireFiles(c))
                .hasMessageContaining("model.bundle: no such folder")
                .hasMessageContaining("reference.profile: no such file");
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(DurationParser.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationParser.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationParser.parse("PT90M")).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> DurationParser.parse("1 fortnight")).hasMessageContaining("not a duration");
    }

    private Path write(final String yaml) throws IOException {
        final Path file = Files.createTempFile(dir, "config", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
