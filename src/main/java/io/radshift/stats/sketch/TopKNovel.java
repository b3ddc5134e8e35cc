package io.radshift.stats.sketch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The k studies with the largest novelty score (distance to the reference mean), kept in a bounded min-heap.
 * Ties in score are broken by study id, so the retained set is a function of the multiset of entries only:
 * merging is associative and commutative and equals the global top k.
 */
public final class TopKNovel {

    /** One retained study. */
    public record Entry(String studyId, double score) {
    }

    /** Ascending "novelty order": the heap root is the least novel retained entry. */
    private static final Comparator<Entry> ORDER =
        Comparator.comparingDouble(Entry::score).thenComparing(Entry::studyId, Comparator.reverseOrder());

    private final int capacity;
    private final PriorityQueue<Entry> heap;

    /** An empty top-k of the given capacity. */
    public TopKNovel(final int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0");
        }
        this.capacity = capacity;
        this.heap = new PriorityQueue<>(Math.max(1, capacity), ORDER);
    }

    /** Offers one study; keeps it only if it is among the k most novel seen so far. */
    public void offer(final String studyId, final double score) {
        offer(new Entry(studyId, score));
    }

    private void offer(final Entry entry) {
        if (capacity == 0) {
            return;
        }
        if (heap.size() < capacity) {
            heap.add(entry);
        } else if (ORDER.compare(entry, heap.peek()) > 0) {
            heap.poll();
            heap.add(entry);
        }
    }

    /** Adds every entry of {@code other} into this one. */
    public void mergeFrom(final TopKNovel other) {
        for (final Entry entry : other.heap) {
            offer(entry);
        }
    }

    /** Retained entries, most novel first. */
    public List<Entry> mostNovelFirst() {
        final List<Entry> list = new ArrayList<>(heap);
        list.sort(ORDER.reversed());
        return list;
    }
}
