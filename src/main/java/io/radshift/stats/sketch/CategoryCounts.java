package io.radshift.stats.sketch;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bounded, exactly mergeable category counts for one metadata field. Categories known from the reference
 * profile are always counted exactly. Unknown categories are counted individually for the lexicographically
 * smallest {@code maxNovel} of them and the rest fold into {@link #OVERFLOW}. Because the kept novel set is
 * "the maxNovel smallest names of the union", a category folded in a partial merge could never be kept in the
 * full merge, so merging stays associative and commutative while memory stays bounded.
 */
public final class CategoryCounts {

    /** Bucket for novel categories beyond the cap. */
    public static final String OVERFLOW = "(other)";
    /** Category used when an observation lacks the field. */
    public static final String MISSING = "(missing)";

    private final List<String> known;
    private final int maxNovel;
    private final long[] knownCounts;
    private final TreeMap<String, Long> novel = new TreeMap<>();
    private long overflow;

    /** Empty counts over the given known categories. */
    public CategoryCounts(final List<String> known, final int maxNovel) {
        this.known = List.copyOf(known);
        this.maxNovel = maxNovel;
        this.knownCounts = new long[known.size()];
    }

    /** Counts one occurrence of {@code category} (null counts as {@link #MISSING}). */
    public void add(final String category) {
        add(category == null ? MISSING : category, 1);
    }

    /** Adds {@code count} occurrences. */
    public void add(final String category, final long count) {
        final int index = known.indexOf(category);
        if (index >= 0) {
            knownCounts[index] += count;
        } else if (OVERFLOW.equals(category)) {
            overflow += count;
        } else {
            novel.merge(category, count, Long::sum);
            foldBeyondCap();
        }
    }

    private void foldBeyondCap() {
        while (novel.size() > maxNovel) {
            overflow += novel.pollLastEntry().getValue();
        }
    }

    /** Adds all counts of {@code other} (same known categories) into this one. */
    public void mergeFrom(final CategoryCounts other) {
        for (int i = 0; i < knownCounts.length; i++) {
            knownCounts[i] += other.knownCounts[i];
        }
        other.novel.forEach((category, count) -> novel.merge(category, count, Long::sum));
        overflow += other.overflow;
        foldBeyondCap();
    }

    /** Known categories in profile order. */
    public List<String> known() {
        return known;
    }

    /** Count of the i-th known category. */
    public long knownCount(final int i) {
        return knownCounts[i];
    }

    /** Novel categories kept by name, sorted. */
    public Map<String, Long> novel() {
        return Collections.unmodifiableMap(novel);
    }

    /** Count of novel categories beyond the cap. */
    public long overflow() {
        return overflow;
    }

    /** Total of all novel categories (kept and folded). */
    public long unseenTotal() {
        return overflow + novel.values().stream().mapToLong(Long::longValue).sum();
    }
}
