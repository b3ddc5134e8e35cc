package io.radshift.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two windows that share no study: the k-of-m gate met now and one window length earlier. */
class FleetConfirmationTest {

    private static final FleetConfirmation DAY_BY_HOUR = new FleetConfirmation(Map.of("oncall", 24, "weekly", 1));

    /** A gate whose history has flags at the given distances (0 = the current window). */
    private static AlertEpisode flagged(final int... ago) {
        int history = 0;
        for (final int a : ago) {
            history |= 1 << a;
        }
        return new AlertEpisode(history, 32, false, 0L);
    }

    @Test
    void slidingWindowsNeedEvidenceOneWindowLengthEarlier() {
        assertThat(DAY_BY_HOUR.confirmed("oncall", flagged(0, 1, 2), 3)).isFalse();
        assertThat(DAY_BY_HOUR.confirmed("oncall", flagged(0, 1, 23), 3)).as("23 h apart still share a study").isFalse();
        assertThat(DAY_BY_HOUR.confirmed("oncall", flagged(0, 1, 24), 3)).isTrue();
        assertThat(DAY_BY_HOUR.confirmed("oncall", flagged(0, 1, 26), 3)).isTrue();
        assertThat(DAY_BY_HOUR.confirmed("oncall", flagged(0, 1, 27), 3)).as("outside the earlier m windows").isFalse();
    }

    @Test
    void tumblingWindowsWithTwoFlagsAreConfirmedAlready() {
        assertThat(DAY_BY_HOUR.confirmed("weekly", flagged(0, 1), 3)).isTrue();
        assertThat(DAY_BY_HOUR.confirmed("weekly", flagged(0, 2), 3)).isTrue();
        assertThat(DAY_BY_HOUR.confirmed("weekly", flagged(0), 3)).isFalse();
    }

    @Test
    void schemesWithoutAnEntryAndNoneAreNeverHeldBack() {
        assertThat(DAY_BY_HOUR.confirmed("other", flagged(0, 1), 3)).isTrue();
        assertThat(FleetConfirmation.NONE.confirmed("oncall", flagged(0, 1), 3)).isTrue();
    }

    @Test
    void windowsLongerThanTheHistoryAreCappedToWhatItHolds() {
        final FleetConfirmation weekByHour = new FleetConfirmation(Map.of("week", 168));
        assertThat(weekByHour.confirmed("week", flagged(0, 1, 29), 3)).isTrue();
        assertThat(weekByHour.confirmed("week", flagged(0, 1, 28), 3)).isFalse();
    }
}
