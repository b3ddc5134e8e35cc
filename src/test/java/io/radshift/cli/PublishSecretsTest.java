package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.config.ConfigException;
import io.radshift.config.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code radshift publish} keeps secrets off its command line: the old {@code --registry-user-info} and secret
 * {@code --kafka-property} settings are refused in one line that says where to put them instead, and the
 * registry credentials come from a file or {@value RegistryUserInfo#ENV}.
 */
class PublishSecretsTest {

    @TempDir
    Path dir;

    private String out = "";
    private String err = "";

    @Test
    void theRegistryPasswordOnTheCommandLineIsRefusedInOneLine() throws IOException {
        assertThat(run("--registry-user-info", "radshift:hunter2")).isEqualTo(2);
        assertThat(errorLine()).contains("--registry-user-info is no longer accepted", "--registry-user-info-file FILE",
                RegistryUserInfo.ENV).doesNotContain("hunter2");
        assertThat(out).isEmpty();
    }

    @Test
    void aSecretKafkaPropertyIsRefusedAndPointsToTheConfigFile() throws IOException {
        assertThat(run("--kafka-property", "sasl.jaas.config=PlainLoginModule required password=\"hunter2\";")).isEqualTo(2);
        assertThat(errorLine()).contains("--kafka-property sasl.jaas.config", "--kafka-config FILE").doesNotContain("hunter2");
        assertThat(run("--kafka-property", "ssl.keystore.password=hunter2")).isEqualTo(2);
        assertThat(errorLine()).contains("ssl.keystore.password").doesNotContain("hunter2");
    }

    @Test
    void helpShowsTheSafeOptionsOnly() {
        assertThat(execute("publish", "--help")).isZero();
        assertThat(out).contains("--registry-user-info-file", "--kafka-config", RegistryUserInfo.ENV)
                .doesNotContain("--registry-user-info=").doesNotContain("--registry-user-info USER");
    }

    @Test
    void registryCredentialsComeFromTheFileFirstThenTheEnvironment() throws IOException {
        final Path file = Files.writeString(dir.resolve("user-info"), "radshift:from-file\n");
        final Map<String, String> env = Map.of(RegistryUserInfo.ENV, "radshift:from-env");
        assertThat(RegistryUserInfo.resolve(Optional.of(file), env::get)).map(Secret::value).hasValue("radshift:from-file");
        assertThat(RegistryUserInfo.resolve(Optional.empty(), env::get)).map(Secret::value).hasValue("radshift:from-env");
        assertThat(RegistryUserInfo.resolve(Optional.empty(), name -> null)).isEmpty();
        assertThatThrownBy(() -> RegistryUserInfo.resolve(Optional.of(dir.resolve("missing")), env::get))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no such secret file");
        assertThatThrownBy(() -> RegistryUserInfo.resolve(Optional.empty(), Map.of(RegistryUserInfo.ENV, "no-colon")::get))
                .hasMessageContaining("must be user:password").hasMessageNotContaining("no-colon");
    }

    @Test
    void aKafkaConfigFileIsReadAsProperties() throws IOException {
        final Path file = Files.writeString(dir.resolve("client.properties"),
                "security.protocol=SSL\nssl.keystore.password=s3cret\n# a comment\n");
        assertThat(KafkaConfigFile.read(file)).containsExactlyInAnyOrderEntriesOf(
                Map.of("security.protocol", "SSL", "ssl.keystore.password", "s3cret"));
        assertThatThrownBy(() -> KafkaConfigFile.read(dir.resolve("none.properties")))
                .hasMessage("no such Kafka config file " + dir.resolve("none.properties"));
    }

    /** publish with a valid key, one input file and an unreachable broker, plus {@code extra}. */
    private int run(final String... extra) throws IOException {
        Files.createDirectories(dir.resolve("in"));
        Files.write(dir.resolve("in/a.png"), new byte[] {1, 2, 3});
        final Path key = Files.write(dir.resolve("key"), new byte[32]);
        final List<String> args = new ArrayList<>(List.of("publish", "--bootstrap", "127.0.0.1:1", "--registry",
                "http://127.0.0.1:1", "--site", "site-a", "--key-file", key.toString()));
        args.addAll(List.of(extra));
        args.add(dir.resolve("in").toString());
        return execute(args.toArray(String[]::new));
    }

    private int execute(final String... args) {
        final CliRun run = CliRun.of(args);
        out = run.out();
        err = run.err();
        return run.exitCode();
    }

    private String errorLine() {
        final List<String> lines = err.lines().filter(l -> l.startsWith("radshift publish:")).toList();
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }
}
