package io.radshift.ingest.registry;

import java.time.Duration;

/**
 * How often and how patiently to retry a registry call that failed with a connection error or a 5xx.
 *
 * @param maxAttempts total attempts including the first (at least 1)
 * @param baseDelay   delay before the second attempt; doubles for each further attempt
 * @param maxDelay    cap on any single delay
 */
record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

    RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
    }

    /** The pause before attempt number {@code attempt} (2 = the first retry): base * 2^(attempt-2), capped. */
    Duration delayBefore(final int attempt) {
        final int doublings = Math.min(Math.max(attempt - 2, 0), 30);
        final long millis = baseDelay.toMillis() << doublings;
        return millis < 0 || millis > maxDelay.toMillis() ? maxDelay : Duration.ofMillis(millis);
    }
}
