package io.radshift.tools.bench;

import java.util.Comparator;

/** One window of one site in the chaos benchmark's comparison: site, window scheme, end (epoch ms). */
record WindowKey(String site, String kind, long end) implements Comparable<WindowKey> {

    private static final Comparator<WindowKey> ORDER = Comparator.comparing(WindowKey::site)
            .thenComparing(WindowKey::kind).thenComparingLong(WindowKey::end);

    @Override
    public int compareTo(final WindowKey other) {
        return ORDER.compare(this, other);
    }
}
