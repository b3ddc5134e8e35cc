package io.radshift.inference.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The bundle content hash: the identity a reference profile is tied to (a profile only accepts windows
 * scored by a bundle with the same hash).
 *
 * <p>Definition (also implemented by {@code tools/export_biomedclip.py}): SHA-256 over, for each file of
 * {@link BundleFiles#hashedFiles()} in that order (encoder, optional fp16 encoder, prompts):
 * the file name as UTF-8 bytes, one 0x00 byte, the file length as an 8-byte big-endian integer, then the
 * file's bytes. Written as 64 lower-case hex digits prefixed with {@code sha256:}. The name and length framing
 * makes it impossible for two different file sets to concatenate to the same byte stream.
 */
public final class BundleHash {

    /** Prefix of every content hash string. */
    public static final String PREFIX = "sha256:";

    private BundleHash() {
    }

    /** Computes the content hash of {@code files} (names relative to {@code dir}). */
    public static String compute(final Path dir, final List<String> files) throws IOException {
        final MessageDigest sha = sha256();
        final byte[] chunk = new byte[1 << 16];
        for (final String name : files) {
            final Path file = dir.resolve(name);
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(Files.size(file)).array());
            try (InputStream in = Files.newInputStream(file)) {
                for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                    sha.update(chunk, 0, n);
                }
            }
        }
        return PREFIX + HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM must provide SHA-256", e);
        }
    }
}
