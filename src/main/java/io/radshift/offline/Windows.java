package io.radshift.offline;

import java.util.ArrayList;
import java.util.List;

/** Splits an ordered study list into consecutive windows, as a hospital's stream would be cut offline. */
public final class Windows {

    private Windows() {
    }

    /**
     * Consecutive windows of {@code size}; the remainder becomes a last, shorter window when it has at least
     * {@code minimumN} studies and is dropped otherwise (it would only be reported as insufficient data).
     */
    public static <T> List<List<T>> consecutive(final List<T> items, final int size, final long minimumN) {
        if (size < 1) {
            throw new IllegalArgumentException("window size must be >= 1, got " + size);
        }
        final List<List<T>> windows = new ArrayList<>();
        for (int start = 0; start < items.size(); start += size) {
            final List<T> window = items.subList(start, Math.min(items.size(), start + size));
            if (window.size() == size || window.size() >= minimumN) {
                windows.add(List.copyOf(window));
            }
        }
        return windows;
    }
}
