package io.radshift.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WatermarkTest {

    @Test
    void followsTheLatestEventTimeOfASingleTask() {
        final Watermark watermark = new Watermark(Duration.ofSeconds(5));
        assertThat(watermark.current(0)).isEqualTo(Long.MIN_VALUE);
        watermark.observe("0_0", 1_000_000, 10);
        watermark.observe("0_0", 900_000, 20);
        assertThat(watermark.current(30)).isEqualTo(1_000_000);
    }

    @Test
    void isHeldBackByTheSlowestActiveTaskSoABurstDoesNotCloseItsWindows() {
        final Watermark watermark = new Watermark(Duration.ofSeconds(5));
        watermark.observe("0_0", 5_000_000, 1_000);
        watermark.observe("0_1", 1_000_000, 1_000);
        assertThat(watermark.current(2_000)).isEqualTo(1_000_000);
        watermark.observe("0_1", 4_000_000, 3_000);
        assertThat(watermark.current(4_000)).isEqualTo(4_000_000);
    }

    @Test
    void aQuietTaskStopsHoldingItBackAfterTheIdleTimeout() {
        final Watermark watermark = new Watermark(Duration.ofSeconds(5));
        watermark.observe("0_0", 1_000_000, 0);
        watermark.observe("0_1", 2_000_000, 4_000);
        assertThat(watermark.current(4_500)).isEqualTo(1_000_000);
        assertThat(watermark.current(6_000)).isEqualTo(2_000_000);
    }

    @Test
    void advancesAtWallClockSpeedOnceEveryTaskIsIdle() {
        final Watermark watermark = new Watermark(Duration.ofSeconds(5));
        watermark.observe("0_0", 1_000_000, 10_000);
        assertThat(watermark.current(15_000)).isEqualTo(1_000_000);
        assertThat(watermark.current(17_000)).isEqualTo(1_002_000);
        // An older, late study is not progress in event time, but it is activity.
        watermark.observe("0_0", 500, 17_000);
        assertThat(watermark.current(18_000)).isEqualTo(1_000_000);
    }
}
