package io.radshift.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A stream thread that keeps failing turns health down, with the exception type only, and recovers later. */
class StreamFailuresTest {

    private final MutableClock clock = new MutableClock();
    private final StreamFailures failures = new StreamFailures(3, Duration.ofMinutes(10), clock);

    @Test
    void oneOrTwoFailuresAreRetriesNotAnOutage() {
        failures.failed(new IllegalStateException("model failed"));
        failures.failed(new IllegalStateException("model failed"));
        assertThat(failures.downReason()).isEmpty();
    }

    @Test
    void threeFailuresWithinThePeriodAreDownWithTheTypeButNotTheMessage() {
        for (int i = 0; i < 3; i++) {
            failures.failed(new RuntimeException("wrapper", new IllegalArgumentException("site id 'patient-1234' ...")));
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(failures.downReason()).hasValueSatisfying(reason -> assertThat(reason)
            .contains("failed 3 times in the last 10 min").contains("IllegalArgumentException").doesNotContain("patient"));
    }

    @Test
    void failuresSpreadOverLongerThanThePeriodDoNotAddUpAndTheStateClears() {
        failures.failed(new IllegalStateException());
        clock.advance(Duration.ofMinutes(6));
        failures.failed(new IllegalStateException());
        clock.advance(Duration.ofMinutes(6));
        failures.failed(new IllegalStateException());
        assertThat(failures.downReason()).isEmpty();
        failures.failed(new IllegalStateException());
        failures.failed(new IllegalStateException());
        assertThat(failures.downReason()).isPresent();
        clock.advance(Duration.ofMinutes(11));
        assertThat(failures.downReason()).isEmpty();
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(final Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
