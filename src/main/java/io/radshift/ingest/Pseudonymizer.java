package io.radshift.ingest;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    /** Domain of UID pseudonyms: not a valid site id, so no UID pseudonym shares its hash with a study id. */
    private static final String UID_DOMAIN = "#dicom-uid";
    /** Bytes of the hash in a UID pseudonym: 128 bits, as in a UUID-derived UID. */
    private static final int UID_BYTES = 16;
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
        return site + "-" + HexFormat.of().formatHex(hash(site, identifier), 0, 12);
    }

    /**
     * The pseudonymous DICOM UID of {@code uid}: {@code 2.25.} and 128 bits of its keyed hash as a decimal integer
     * (PS3.5 B.2, at most 44 characters). The same UID always maps to the same pseudonym under one key, so images of
     * one study keep sharing a study UID; without the key the original cannot be recovered or confirmed.
     */
    public String uid(final String uid) {
        return "2.25." + new BigInteger(1, Arrays.copyOf(hash(UID_DOMAIN, uid), UID_BYTES));
    }

    private byte[] hash(final String domain, final String identifier) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(domain.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
