package io.radshift.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security parts of the configuration: {@code kafka.security}, secrets as file or environment references,
 * the registry credentials and the metrics endpoint's bind address and token.
 */
class SecurityConfigTest {

    @TempDir
    Path dir;

    private final Map<String, String> environment = Map.of("KAFKA_PASSWORD", "scram-\"pw\\1", "TOKEN", "t0ken");
    private final ConfigLoader loader = new ConfigLoader(environment::get);

    @Test
    void mutualTlsAndSaslSettingsReachTheClientPropertiesWithSecretsFromFilesAndTheEnvironment() throws IOException {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/store"), "st0re-pass\n");
        final RadShiftConfig config = loader.load(write("""
                kafka:
                  bootstrapServers: kafka-1:9093
                  properties: {ssl.endpoint.identification.algorithm: https}
                  security:
                    protocol: sasl_ssl
                    truststore: {path: tls/truststore.jks, password: {file: secrets/store}}
                    keystore: {path: /etc/radshift/client.p12, password: {file: secrets/store}}
                    sasl: {mechanism: SCRAM-SHA-512, username: radshift, password: {env: KAFKA_PASSWORD}}
                """));
        final KafkaSecurity security = config.kafka().security();
        assertThat(security.protocol()).isEqualTo("SASL_SSL");
        assertThat(security.truststore().path()).isEqualTo(dir.resolve("tls/truststore.jks"));
        assertThat(security.truststore().type()).isEqualTo("JKS");
        assertThat(config.kafka().clientProperties())
                .containsEntry("bootstrap.servers", "kafka-1:9093")
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", dir.resolve("tls/truststore.jks").toString())
                .containsEntry("ssl.truststore.type", "JKS")
                .containsEntry("ssl.truststore.password", "st0re-pass")
                .containsEntry("ssl.keystore.location", "/etc/radshift/client.p12")
                .containsEntry("ssl.keystore.type", "PKCS12")
                .containsEntry("ssl.keystore.password", "st0re-pass")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"radshift\" password=\"scram-\\\"pw\\\\1\";");
        assertThat(config.toString()).doesNotContain("st0re-pass").doesNotContain("scram-").contains("file " + dir.resolve("secrets/store"));
    }

    @Test
    void theDefaultIsPlaintextAndAMetricsEndpointOnLocalhostWithoutAToken() throws IOException {
        final RadShiftConfig config = loader.load(write("topics: {partitions: 1}\n"));
        assertThat(config.kafka().clientProperties()).containsEntry("security.protocol", "PLAINTEXT")
                .doesNotContainKeys("ssl.keystore.location", "sasl.jaas.config");
        assertThat(config.metrics().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.metrics().bearerToken()).isNull();
        assertThat(config.schemaRegistry().basicAuthUserInfo()).isNull();
        assertThat(ConfigLoader.securityProblems(config)).isEmpty();
    }

    @Test
    void aSecretWrittenAsTextIsRefusedWithItsKeyAndTheWayToGiveIt() throws IOException {
        assertThatThrownBy(() -> loader.load(write("schemaRegistry: {basicAuthUserInfo: 'radshift:pw'}\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schemaRegistry.basicAuthUserInfo")
                .hasMessageContaining("{file: PATH}").hasMessageContaining("{env: NAME}")
                .hasMessageNotContaining("radshift:pw");
        assertThatThrownBy(() -> loader.load(write("metrics: {bearerToken: {file: a, env: B}}\n")))
                .hasMessageContaining("metrics.bearerToken").hasMessageContaining("{file: PATH} or {env: NAME}");
    }

    @Test
    void kafkaPropertiesCannotCarryPasswordsOrTheSettingsTheSecuritySectionOwns() throws IOException {
        for (String key : new String[] {"sasl.jaas.config", "ssl.keystore.password", "security.protocol", "ssl.truststore.location"}) {
            assertThatThrownBy(() -> loader.load(write("kafka:\n  properties: {" + key + ": x}\n")))
                    .as(key).hasMessageContaining("kafka.properties cannot set '" + key + "'").hasMessageContaining("kafka.security");
        }
    }

    @Test
    void inconsistentSecuritySettingsAreRefusedAtLoad() throws IOException {
        assertThatThrownBy(() -> loader.load(write("kafka: {security: {protocol: TLS}}\n")))
                .hasMessageContaining("kafka.security.protocol must be one of");
        assertThatThrownBy(() -> loader.load(write("kafka: {security: {keystore: {path: k.p12, password: {env: X}}}}\n")))
                .hasMessageContaining("need protocol SSL or SASL_SSL, not PLAINTEXT");
        assertThatThrownBy(() -> loader.load(write("kafka: {security: {protocol: SSL, keystore: {path: k.p12}}}\n")))
                .hasMessageContaining("kafka.security.keystore.password is required");
        assertThatThrownBy(() -> loader.load(write("kafka: {security: {protocol: SASL_SSL}}\n")))
                .hasMessageContaining("kafka.security.sasl (mechanism and credentials) is required");
        assertThatThrownBy(() -> loader.load(write(
                "kafka: {security: {protocol: SASL_PLAINTEXT, sasl: {mechanism: PLAIN, username: u, password: {env: X}}}}\n")))
                .hasMessageContaining("use protocol SASL_SSL");
        assertThatThrownBy(() -> loader.load(write(
                "kafka: {security: {protocol: SASL_SSL, sasl: {mechanism: GSSAPI, username: u, password: {env: X}}}}\n")))
                .hasMessageContaining("give mechanism GSSAPI a jaas line");
        assertThatThrownBy(() -> loader.load(write("metrics: {bindAddress: 'http://0.0.0.0:9464'}\n")))
                .hasMessageContaining("metrics.bindAddress must be a host name or IP address");
    }

    @Test
    void missingStoresAndUnreadableSecretsAreListedByKeyWithoutTheirValues() throws IOException {
        final RadShiftConfig config = loader.load(write("""
                kafka:
                  security:
                    protocol: SSL
                    keystore: {path: missing.p12, password: {file: secrets/none}}
                schemaRegistry: {basicAuthUserInfo: {env: UNSET}}
                metrics: {bearerToken: {env: TOKEN}}
                """));
        assertThat(ConfigLoader.securityProblems(config)).containsExactly(
                "kafka.security.keystore.path: no such file " + dir.resolve("missing.p12"),
                "kafka.security.keystore.password: no such secret file " + dir.resolve("secrets/none"),
                "schemaRegistry.basicAuthUserInfo: the environment variable UNSET is not set");
        assertThat(config.metrics().bearerToken().value()).isEqualTo("t0ken");
    }

    @Test
    void aSecretFileLosesOneTrailingLineBreakAndAnEmptyOneIsRefused() throws IOException {
        assertThat(Secret.fromFile(Files.writeString(dir.resolve("crlf"), "a b \r\n")).value()).isEqualTo("a b ");
        assertThat(Secret.fromFile(Files.writeString(dir.resolve("two"), "x\n\n")).value()).isEqualTo("x\n");
        assertThatThrownBy(() -> Secret.fromFile(Files.writeString(dir.resolve("empty"), "\n")).value())
                .isInstanceOf(ConfigException.class).hasMessageContaining("is empty");
        assertThat(Secret.ofValue("hunter2", "a test").toString()).isEqualTo("Secret[a test]");
    }

    private Path write(final String yaml) throws IOException {
        return Files.writeString(dir.resolve("radshift.yaml"), yaml);
    }
}
