package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code radshift run} names every store and secret it cannot use, in one line, before it connects to anything. */
class RunSecurityCheckTest {

    @TempDir
    Path dir;

    @Test
    void missingStoresAndSecretsEndTheRunInOneLineWithTheirKeys() throws IOException {
        Files.createDirectories(dir.resolve("bundle"));
        Files.writeString(dir.resolve("profile.avro"), "not read: the check comes first");
        Files.writeString(dir.resolve("token"), "\n");
        final Path config = Files.writeString(dir.resolve("radshift.yaml"), """
                kafka:
                  security:
                    protocol: SSL
                    truststore: {path: tls/truststore.p12, password: {env: RADSHIFT_TEST_UNSET_VARIABLE}}
                model: {bundle: bundle}
                reference: {profile: profile.avro}
                metrics: {bearerToken: {file: token}}
                """);
        final CliRun run = CliRun.of("run", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        final List<String> lines = run.err().lines().filter(l -> l.startsWith("radshift run:")).toList();
        assertThat(lines).singleElement().asString()
                .contains("kafka.security.truststore.path: no such file " + dir.resolve("tls/truststore.p12"))
                .contains("kafka.security.truststore.password: the environment variable RADSHIFT_TEST_UNSET_VARIABLE is not set")
                .contains("metrics.bearerToken: the secret file " + dir.resolve("token") + " is empty");
        assertThat(run.out()).isEmpty();
    }
}
