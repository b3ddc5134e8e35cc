package io.radshift.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The publish rate limit on a fake clock: waits are exactly what keeps items one interval apart. */
class PacerTest {

    private long now = 1_000_000_000L;
    private final List<Long> waits = new ArrayList<>();
    private final Pacer fourPerSecond = new Pacer(4, () -> now, nanos -> {
        waits.add(nanos);
        now += nanos;
    });

    @Test
    void backToBackItemsAreSpacedOneIntervalApart() throws InterruptedException {
        final List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fourPerSecond.acquire();
            starts.add(now);
            now += 10_000_000L; // each item takes 10 ms of work
        }
        assertThat(starts).containsExactly(1_000_000_000L, 1_250_000_000L, 1_500_000_000L, 1_750_000_000L, 2_000_000_000L);
        assertThat(waits).containsOnly(240_000_000L);
    }

    @Test
    void aSlowItemDoesNotEarnABurstAfterwards() throws InterruptedException {
        fourPerSecond.acquire();
        now += 2_000_000_000L; // a 2 s stall: eight intervals missed
        fourPerSecond.acquire();
        fourPerSecond.acquire();
        assertThat(waits).containsExactly(250_000_000L);
    }

    @Test
    void rejectsRatesThatAreNotPositive() {
        assertThatThrownBy(() -> Pacer.perSecond(0)).hasMessageContaining("--rate must be a positive");
        assertThatThrownBy(() -> Pacer.perSecond(-3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pacer.perSecond(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
