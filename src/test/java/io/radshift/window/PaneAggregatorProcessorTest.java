package io.radshift.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The period of the idle rule's check; the processor itself is exercised through the topology tests. */
class PaneAggregatorProcessorTest {

    @Test
    void theIdleRuleIsCheckedEveryTenthOfTheIdleTimeoutWithinBounds() {
        assertThat(PaneAggregatorProcessor.closeCheck(2_000)).isEqualTo(Duration.ofMillis(200));
        assertThat(PaneAggregatorProcessor.closeCheck(500)).isEqualTo(PaneAggregatorProcessor.MIN_CLOSE_CHECK);
        assertThat(PaneAggregatorProcessor.closeCheck(Duration.ofMinutes(5).toMillis()))
                .isEqualTo(PaneAggregatorProcessor.MAX_CLOSE_CHECK);
    }
}
