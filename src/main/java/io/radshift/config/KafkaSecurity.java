package io.radshift.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * {@code kafka.security}: how every RadShift Kafka client (the Streams application, producers, consumers, admin)
 * encrypts and authenticates: TLS with an optional client certificate (mutual TLS), SASL, or both.
 *
 * <p>Passwords and JAAS settings are {@link Secret}s (a file or an environment variable), never text in the
 * configuration. The combinations are checked when the file is loaded, so a keystore given with
 * {@code PLAINTEXT} or SASL without credentials fails at start-up with the key's path, not later as a
 * handshake timeout. {@link #clientProperties()} is the one place that turns this block into client settings.
 */
public record KafkaSecurity(String protocol, Store truststore, Store keystore, Sasl sasl) {

    /** Kafka's security protocols. */
    public static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    /** SASL mechanisms whose JAAS line RadShift builds from {@code username} and {@code password}. */
    static final Map<String, String> LOGIN_MODULES = Map.of(
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

    public KafkaSecurity {
        protocol = Objects.requireNonNullElse(protocol, "PLAINTEXT").toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("kafka.security.protocol must be one of " + PROTOCOLS + ", got '" + protocol + "'");
        }
        final boolean tls = protocol.endsWith("SSL");
        final boolean usesSasl = protocol.startsWith("SASL_");
        if (!tls && (truststore != null || keystore != null)) {
            throw new IllegalArgumentException("kafka.security.truststore and kafka.security.keystore need protocol SSL or "
                    + "SASL_SSL, not " + protocol);
        }
        if (keystore != null && keystore.password() == null) {
            throw new IllegalArgumentException("kafka.security.keystore.password is required (a file or environment variable)");
        }
        if (usesSasl && sasl == null) {
            throw new IllegalArgumentException("kafka.security.sasl (mechanism and credentials) is required with protocol " + protocol);
        }
        if (!usesSasl && sasl != null) {
            throw new IllegalArgumentException("kafka.security.sasl needs protocol SASL_SSL or SASL_PLAINTEXT, not " + protocol);
        }
        if (usesSasl && !tls && sasl.mechanism().equals("PLAIN")) {
            throw new IllegalArgumentException("SASL PLAIN over SASL_PLAINTEXT sends the password unencrypted: use protocol SASL_SSL");
        }
    }

    /** No encryption, no authentication: the default, for a broker on the same host or network (the demo, compose). */
    public static KafkaSecurity plaintext() {
        return new KafkaSecurity(null, null, null, null);
    }

    /**
     * The Kafka client settings of this block, secrets read now.
     *
     * @throws ConfigException when a secret cannot be read
     */
    public Map<String, String> clientProperties() {
        final Map<String, String> p = new LinkedHashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        if (truststore != null) {
            p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.path().toString());
            p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, truststore.type());
            if (truststore.password() != null) {
                p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, truststore.password().value());
            }
        }
        if (keystore != null) {
            p.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keystore.path().toString());
            p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, keystore.type());
            p.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, keystore.password().value());
            if (keystore.keyPassword() != null) {
                p.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, keystore.keyPassword().value());
            }
        }
        if (sasl != null) {
            p.put(SaslConfigs.SASL_MECHANISM, sasl.mechanism());
            p.put(SaslConfigs.SASL_JAAS_CONFIG, sasl.jaasConfig());
        }
        return p;
    }

    /** Every secret of this block under its key path, to check them all before any client starts. */
    public Map<String, Secret> secrets() {
        final Map<String, Secret> secrets = new LinkedHashMap<>();
        if (truststore != null && truststore.password() != null) {
            secrets.put("kafka.security.truststore.password", truststore.password());
        }
        if (keystore != null) {
            secrets.put("kafka.security.keystore.password", keystore.password());
            if (keystore.keyPassword() != null) {
                secrets.put("kafka.security.keystore.keyPassword", keystore.keyPassword());
            }
        }
        if (sasl != null) {
            secrets.put(sasl.password() != null ? "kafka.security.sasl.password" : "kafka.security.sasl.jaasConfig",
                    sasl.password() != null ? sasl.password() : sasl.jaas());
        }
        return secrets;
    }

    /** This block with its store paths resolved against {@code base} (the configuration file's folder). */
    KafkaSecurity resolvedAgainst(final Path base) {
        return new KafkaSecurity(protocol, truststore == null ? null : truststore.resolvedAgainst(base),
                keystore == null ? null : keystore.resolvedAgainst(base), sasl);
    }

    /**
     * A key or trust store: its file, its type ({@code PKCS12}, {@code JKS} or {@code PEM}; default from the file
     * name, else PKCS12), its password and, for a keystore, the private key's password when it differs.
     */
    public record Store(Path path, String type, Secret password, Secret keyPassword) {
        public Store {
            if (path == null) {
                throw new IllegalArgumentException("a kafka.security store needs 'path'");
            }
            type = Objects.requireNonNullElseGet(type, () -> typeOf(path)).toUpperCase(Locale.ROOT);
            if (!List.of("PKCS12", "JKS", "PEM").contains(type)) {
                throw new IllegalArgumentException("a kafka.security store type must be PKCS12, JKS or PEM, got '" + type + "'");
            }
        }

        private static String typeOf(final Path path) {
            final String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".jks") ? "JKS" : name.endsWith(".pem") ? "PEM" : "PKCS12";
        }

        Store resolvedAgainst(final Path base) {
            return path.isAbsolute() ? this : new Store(base.resolve(path).normalize(), type, password, keyPassword);
        }
    }

    /**
     * SASL: the {@code mechanism} and either {@code username} with {@code password} (PLAIN, SCRAM-SHA-256,
     * SCRAM-SHA-512: RadShift writes the JAAS line) or a whole {@code jaas} line for other mechanisms
     * (GSSAPI, OAUTHBEARER), itself a secret.
     */
    public record Sasl(String mechanism, String username, Secret password, Secret jaas) {
        public Sasl {
            if (mechanism == null || mechanism.isBlank()) {
                throw new IllegalArgumentException("kafka.security.sasl.mechanism is required (e.g. SCRAM-SHA-512)");
            }
            mechanism = mechanism.toUpperCase(Locale.ROOT);
            final boolean credentials = username != null || password != null;
            if (credentials == (jaas != null)) {
                throw new IllegalArgumentException("kafka.security.sasl needs either username and password or jaas, not both or neither");
            }
            if (credentials && (username == null || username.isBlank() || password == null)) {
                throw new IllegalArgumentException("kafka.security.sasl needs both username and password");
            }
            if (credentials && !LOGIN_MODULES.containsKey(mechanism)) {
                throw new IllegalArgumentException("kafka.security.sasl: username and password work with "
                        + LOGIN_MODULES.keySet().stream().sorted().toList() + "; give mechanism " + mechanism + " a jaas line");
            }
        }

        /** The {@code sasl.jaas.config} value, secrets read now. */
        public String jaasConfig() {
            if (jaas != null) {
                return jaas.value();
            }
            return LOGIN_MODULES.get(mechanism) + " required username=\"" + quoted(username) + "\" password=\""
                    + quoted(password.value()) + "\";";
        }

        /** Escapes for a JAAS quoted string, so a password with a quote or backslash cannot break the line. */
        private static String quoted(final String value) {
            return value.replace("\\", "\\\\").replace("\"", "\\\"");
        }
    }
}
