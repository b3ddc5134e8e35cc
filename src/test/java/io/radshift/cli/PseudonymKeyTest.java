package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where publish finds its pseudonymisation key, and why it refuses to run without one. */
class PseudonymKeyTest {

    @TempDir
    Path dir;

    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void aKeyFileIsReadAsRawBytesAndWinsOverTheEnvironment() throws IOException {
        final byte[] raw = new byte[32];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 37 - 100); // not valid UTF-8: the bytes must not go through a charset
        }
        final Path file = Files.write(dir.resolve("key"), raw);
        final Map<String, String> env = Map.of(PseudonymKey.ENV, "an-environment-key-of-enough-length");

        assertThat(PseudonymKey.resolve(Optional.of(file), env::get)).isEqualTo(raw);
    }

    @Test
    void theEnvironmentVariableIsUsedAsUtf8Text() throws IOException {
        final Map<String, String> env = Map.of(PseudonymKey.ENV, "clé-de-l'hôpital-0001");
        assertThat(PseudonymKey.resolve(Optional.empty(), env::get))
            .isEqualTo("clé-de-l'hôpital-0001".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noKeyExplainsWhyOneIsNeeded() {
        assertThatThrownBy(() -> PseudonymKey.resolve(Optional.empty(), NO_ENV::get))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("--key-file").hasMessageContaining(PseudonymKey.ENV)
            .hasMessageContaining("never leaves the hospital").hasMessageContaining("same key");
    }

    @Test
    void shortKeysAreRefused() throws IOException {
        final Path file = Files.writeString(dir.resolve("short"), "fifteen-bytes!!");
        assertThatThrownBy(() -> PseudonymKey.resolve(Optional.of(file), NO_ENV::get))
            .hasMessageContaining("15 bytes").hasMessageContaining("at least 16");
        final Map<String, String> env = Map.of(PseudonymKey.ENV, "too-short");
        assertThatThrownBy(() -> PseudonymKey.resolve(Optional.empty(), env::get))
            .hasMessageContaining("9 characters").hasMessageContaining("at least 16");
    }
}
