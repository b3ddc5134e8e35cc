package io.radshift.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A Kafka client properties file, as Kafka's own tools read with {@code --producer.config}: where a command's
 * security settings and their passwords go, instead of its command line.
 */
final class KafkaConfigFile {

    private KafkaConfigFile() {
    }

    /** The settings of {@code file}; a missing file is one clear line. */
    static Map<String, String> read(final Path file) throws IOException {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new IOException("no such Kafka config file " + file, e);
        }
        final Map<String, String> settings = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        return settings;
    }

    /** Whether a client setting holds a secret: a password, a JAAS line or an inline private key or certificate. */
    static boolean secret(final String key) {
        final String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.equals("ssl.keystore.key")
            || k.equals("ssl.keystore.certificate.chain") || k.contains("secret");
    }
}
