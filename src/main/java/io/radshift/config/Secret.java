package io.radshift.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A password, token or credential that the configuration names but never contains: it is read from a file (a
 * mounted Docker or Kubernetes secret) or from an environment variable, written in YAML as {@code {file: PATH}} or
 * {@code {env: NAME}}. Secrets written into a configuration file end up in version control, backups and
 * {@code ps}-visible command lines; a reference does not.
 *
 * <p>The value is read each time it is asked for, so a rotated secret file takes effect for the next client.
 * {@link #toString()} names only where the secret comes from, so logging a configuration never leaks it.
 */
public final class Secret {

    private final String source;
    private final Reader reader;

    /** Reads the value; {@link ConfigException} names the source, never the value. */
    @FunctionalInterface
    private interface Reader {
        String read();
    }

    private Secret(final String source, final Reader reader) {
        this.source = source;
        this.reader = reader;
    }

    /** The contents of {@code file} (UTF-8), without one trailing line break, as {@code echo} writes it. */
    public static Secret fromFile(final Path file) {
        Objects.requireNonNull(file, "file");
        return new Secret("file " + file, () -> readFile(file));
    }

    /** The value of the environment variable {@code name}, looked up in {@code env} ({@code System::getenv}). */
    public static Secret fromEnv(final String name, final UnaryOperator<String> env) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(env, "env");
        return new Secret("environment variable " + name, () -> {
            final String value = env.apply(name);
            if (value == null || value.isEmpty()) {
                throw new ConfigException("the environment variable " + name + " is not set");
            }
            return value;
        });
    }

    /** A value that a command already read from a file or the environment; {@code source} says where. */
    public static Secret ofValue(final String value, final String source) {
        Objects.requireNonNull(value, "value");
        return new Secret(source, () -> value);
    }

    /**
     * The secret's value.
     *
     * @throws ConfigException when the file cannot be read, is empty, or the variable is not set
     */
    public String value() {
        return reader.read();
    }

    /** Where the value comes from, e.g. {@code file /run/secrets/kafka-password}: safe to print. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "Secret[" + source + "]";
    }

    private static String readFile(final Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("no such secret file " + file);
        }
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read the secret file " + file + ": " + e.getClass().getSimpleName(), e);
        }
        final String value = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (value.isEmpty()) {
            throw new ConfigException("the secret file " + file + " is empty");
        }
        return value;
    }
}
