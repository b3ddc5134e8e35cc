package io.radshift.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void delaysDoubleFromTheBaseAndStopAtTheCap() {
        final RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(700));
        assertThat(policy.delayBefore(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayBefore(3)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delayBefore(4)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.delayBefore(5)).isEqualTo(Duration.ofMillis(700));
        assertThat(policy.delayBefore(60)).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void needsAtLeastOneAttempt() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("at least 1");
    }
}
