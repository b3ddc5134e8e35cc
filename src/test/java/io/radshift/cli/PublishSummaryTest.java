package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The closing line of publish: counts by reason, elapsed time and rate. */
class PublishSummaryTest {

    @Test
    void countsSentAndRejectedByReasonInNameOrder() {
        final PublishSummary summary = new PublishSummary();
        for (int i = 0; i < 90; i++) {
            summary.sent();
        }
        summary.rejected("unsupported-format");
        summary.rejected("too-large");
        summary.rejected("unsupported-format");

        assertThat(summary.line(Duration.ofMillis(4_000)))
            .isEqualTo("sent 90 studies, rejected 3 (too-large: 1, unsupported-format: 2), elapsed 4.0 s, 22.5 studies/s");
    }

    @Test
    void anEmptyRunHasNoReasonList() {
        assertThat(new PublishSummary().line(Duration.ofSeconds(2)))
            .isEqualTo("sent 0 studies, rejected 0, elapsed 2.0 s, 0.0 studies/s");
    }
}
