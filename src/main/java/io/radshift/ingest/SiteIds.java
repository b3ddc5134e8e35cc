package io.radshift.ingest;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a site id may be, checked at every door: it becomes a record key, a metrics tag and a state-store key, so an
 * unbounded or free-text id (a 64 KB string, a patient name typed into the wrong field) must never get in. Every
 * record is keyed by its site id; a record whose key differs would split one site over several tasks.
 */
public final class SiteIds {

    /** Longest accepted site id. */
    public static final int MAX_LENGTH = 64;
    /** Reason of a record whose site id is empty, too long or has characters outside {@code [A-Za-z0-9._-]}. */
    public static final String INVALID_SITE_ID = "invalid-site-id";
    /** Reason of a record whose key is not its site id (or is null). */
    public static final String KEY_SITE_MISMATCH = "key-site-mismatch";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

    private SiteIds() {
    }

    /** Whether {@code site} is a valid site id. */
    public static boolean valid(final CharSequence site) {
        return site != null && site.length() <= MAX_LENGTH && VALID.matcher(site).matches();
    }

    /**
     * Why a record of {@code site} keyed {@code key} is refused, or empty when it is accepted. The message never
     * repeats the offending id (it could be huge or carry patient data), only its length.
     */
    public static Optional<Rejection> check(final String key, final CharSequence site) {
        if (!valid(site)) {
            return Optional.of(new Rejection(INVALID_SITE_ID, "site id of " + (site == null ? 0 : site.length())
                    + " characters is not 1-" + MAX_LENGTH + " characters of [A-Za-z0-9._-]"));
        }
        if (key == null || !key.contentEquals(site)) {
            return Optional.of(new Rejection(KEY_SITE_MISMATCH, "record key " + (key == null ? "is null" : "differs from its site id")
                    + ": every record must be keyed by its site id"));
        }
        return Optional.empty();
    }

    /**
     * Why a record is refused at the door.
     *
     * @param reason  a dead-letter reason code (bounded vocabulary)
     * @param message the human explanation, free of record content
     */
    public record Rejection(String reason, String message) {
    }
}
