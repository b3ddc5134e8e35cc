package io.radshift.app;

import io.radshift.config.RadShiftConfig;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.ingest.registry.SchemaRegistryClient;
import io.radshift.ingest.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, a bounded number of times, for the Schema Registry before the stream starts. Without it a registry that
 * is down at start shows only as a stream thread failing and being replaced on its first record, over and over,
 * with a stack trace each time; with it {@code radshift run} says in one line what is wrong and exits.
 *
 * <p>Only an unreachable registry or a 5xx answer is waited for: a refusal (wrong credentials, 4xx) cannot get
 * better by waiting and fails at once. Once the stream runs, an outage no longer stops it: the client's caches
 * serve every schema already seen, and a new one fails the stream thread, which is replaced and retries the same
 * records under exactly-once until the registry is back.
 */
final class RegistryCheck {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryCheck.class);
    private static final int MAX_BACKOFF_FACTOR = 8;

    private RegistryCheck() {
    }

    /**
     * Returns once the registry answers {@code GET /subjects}.
     *
     * @throws IllegalStateException with one line naming the registry and the setting to change, after the last
     *                               attempt or at the first refusal
     */
    static void await(final RadShiftConfig.Registry config) {
        await(probe(config), config.url(), config.startupAttempts(), config.startupBackoff());
    }

    static void await(final SchemaRegistryClient client, final String url, final int attempts, final Duration backoff) {
        final long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                client.subjects();
                return;
            } catch (SchemaRegistryException e) {
                if (!transientFailure(e)) {
                    throw new IllegalStateException("schema registry at " + url + " refused RadShift at start: "
                            + e.getMessage(), e);
                }
                if (attempt == attempts) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "schema registry at %s unreachable after %d attempts in %.0f s (schemaRegistry.startupAttempts,"
                                    + " .startupBackoff): %s", url, attempts, (System.nanoTime() - start) / 1e9,
                            rootCause(e)), e);
                }
                final Duration delay = delay(backoff, attempt);
                LOG.warn("schema registry at {} not reachable yet (attempt {} of {}); retrying in {} ms", url,
                        attempt, attempts, delay.toMillis());
                sleep(delay);
            }
        }
    }

    /** The delay after attempt {@code attempt} (1-based): doubling from {@code backoff}, at most 8 times it. */
    static Duration delay(final Duration backoff, final int attempt) {
        return backoff.multipliedBy(Math.min(MAX_BACKOFF_FACTOR, 1L << Math.min(attempt - 1, 30)));
    }

    /** A client that tries once per call, so that this check alone decides how often and how long to wait. */
    private static SchemaRegistryClient probe(final RadShiftConfig.Registry config) {
        final RestSchemaRegistryClient.Builder builder = RestSchemaRegistryClient.builder(config.url()).maxAttempts(1)
                .requestTimeout(Duration.ofSeconds(5));
        if (config.basicAuthUserInfo() != null) {
            builder.basicAuth(config.basicAuthUserInfo().value());
        }
        return builder.build();
    }

    private static boolean transientFailure(final SchemaRegistryException e) {
        return e.httpStatus() == 0 || e.httpStatus() >= 500;
    }

    /** The first underlying failure that says something (a refused connection has no message, only its type). */
    private static String rootCause(final Throwable e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return cause.getClass().getSimpleName();
    }

    private static void sleep(final Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the schema registry", e);
        }
    }
}
