package io.radshift.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WindowsTest {

    private static List<Integer> numbers(final int count) {
        return IntStream.range(0, count).boxed().toList();
    }

    @Test
    void aRemainderOfAtLeastTheMinimumBecomesALastWindow() {
        final List<List<Integer>> windows = Windows.consecutive(numbers(125), 50, 20);
        assertThat(windows).extracting(List::size).containsExactly(50, 50, 25);
        assertThat(windows.get(2)).first().isEqualTo(100);
    }

    @Test
    void aShortRemainderIsDropped() {
        assertThat(Windows.consecutive(numbers(119), 50, 20)).extracting(List::size).containsExactly(50, 50);
        assertThat(Windows.consecutive(numbers(10), 50, 20)).isEmpty();
    }

    @Test
    void windowsAreConsecutiveAndCoverTheKeptStudiesOnce() {
        assertThat(Windows.consecutive(numbers(100), 50, 20).stream().flatMap(List::stream).toList())
            .isEqualTo(numbers(100));
    }

    @Test
    void sizeMustBePositive() {
        assertThatThrownBy(() -> Windows.consecutive(numbers(3), 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
