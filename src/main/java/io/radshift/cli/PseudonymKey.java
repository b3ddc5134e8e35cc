package io.radshift.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Finds the hospital's pseudonymisation key for {@code publish}: the raw bytes of a key file, or else the text of
 * the environment variable {@value #ENV}. There is no default key: a well-known key would let anyone recompute
 * study ids from file names, and a different key per run would break the link between studies and their labels.
 */
final class PseudonymKey {

    /** Environment variable holding the key as text. */
    static final String ENV = "RADSHIFT_PSEUDONYM_KEY";

    private static final int MIN_LENGTH = 16;

    private PseudonymKey() {
    }

    /**
     * The key bytes.
     *
     * @param keyFile {@code --key-file}, preferred when given
     * @param env     environment lookup, {@code System::getenv} outside tests
     * @throws IllegalArgumentException when no key is given or it is shorter than 16 bytes/characters
     */
    static byte[] resolve(final Optional<Path> keyFile, final UnaryOperator<String> env) throws IOException {
        if (keyFile.isPresent()) {
            final byte[] bytes = Files.readAllBytes(keyFile.get());
            if (bytes.length < MIN_LENGTH) {
                throw new IllegalArgumentException("the key file " + keyFile.get() + " holds " + bytes.length
                    + " bytes; the pseudonymisation key needs at least " + MIN_LENGTH);
            }
            return bytes;
        }
        final String text = env.apply(ENV);
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("no pseudonymisation key: give --key-file FILE or set " + ENV
                + " (at least " + MIN_LENGTH + " characters). Study ids are keyed hashes of the file paths; the key "
                + "never leaves the hospital, and the same key must be used when the labels are published later");
        }
        if (text.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(ENV + " holds " + text.length() + " characters; the pseudonymisation "
                + "key needs at least " + MIN_LENGTH);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
