package io.radshift.ingest;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces hospital identifiers (file names, accession numbers, study instance UIDs) with keyed hashes
 * (HMAC-SHA-256), so that studies can be followed across topics and labels without revealing who they belong to.
 *
 * <p>The key stays at the hospital: without it nobody can recompute or reverse a pseudonym, and with it the
 * hospital can re-identify its own studies when a drift alert names them. Pseudonyms are 24 hex characters
 * (96 bits), prefixed with the site so that ids from different hospitals never collide.
 */
public final class Pseudonymizer {

    private static final int MIN_KEY_BYTES = 16;
    private final SecretKeySpec key;

    /** @param key secret key of at least 16 bytes */
    public Pseudonymizer(final byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the pseudonymisation key must be at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The pseudonymous study id of {@code identifier} at {@code site}. */
    public String studyId(final String site, final String identifier) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(site.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            final byte[] digest = mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8));
            return site + "-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
