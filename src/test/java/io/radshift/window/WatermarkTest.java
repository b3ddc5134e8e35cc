package io.radshift.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WatermarkTest {

    @Test
    void followsTheLargestEventTimeSeenAcrossTasks() {
        final Watermark watermark = new Watermark(Duration.ofSeconds(5));
        assertThat(watermark.current(0)).isEqualTo(Long.MIN_VALUE);
        watermark.observe(1_000_000, 10);
        watermark.observe(900_000, 20);
        assertThat(watermark.current(30)).isEqualTo(1_000_000);
        watermark.observe(2_000_000, 40);
        assertThat(watermark.current(50)).isEqualTo(2_000_000);
    }

    @Test
    void advancesAtWallClockSpeedOnceEverythingIsIdle() {
        final Watermark watermark = new Watermark(Duration.ofSeconds(5));
        watermark.observe(1_000_000, 10_000);
        assertThat(watermark.current(15_000)).isEqualTo(1_000_000);
        assertThat(watermark.current(17_000)).isEqualTo(1_002_000);
        // An older, late study does not reset idleness.
        watermark.observe(500, 17_000);
        assertThat(watermark.current(18_000)).isEqualTo(1_003_000);
    }
}
