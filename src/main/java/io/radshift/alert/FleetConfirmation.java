package io.radshift.alert;

import java.util.Map;

/**
 * When an all-sites incident that no site explains may open: once its evidence has held in two windows that share
 * no study, i.e. the k-of-m gate was also met by windows ending one window length earlier.
 *
 * <p>The all-sites view pools every site's studies, so it has many times any site's studies and sees the smallest
 * chance excursion of the pooled cohort as significant and material (in {@code bench alerts} a pooled centroid shift
 * of 0.017 against 0.010 on one day of 568 same-hospital studies paged, with no change anywhere). What it is there
 * for is different: a change reaching every site at once (a model, software or protocol update) that no site sees on
 * its own, and such a change does not go away within a day. A change that is urgent at one site pages at that site.
 * So an unexplained all-sites incident waits until its evidence persists across a window length; an explained one
 * opens at once (without paging), as before. With sliding windows of 24 h advancing by 1 h that is a day more; with
 * tumbling windows a k-of-m gate with k of at least 2 already spans windows that share no study, and nothing changes.
 *
 * @param windowsPerStudy per window scheme, how many of its windows share one study (size / advance; 1 for tumbling)
 */
public record FleetConfirmation(Map<String, Integer> windowsPerStudy) {

    /** No confirmation: unexplained incidents open as soon as their gate is met (the sites' own incidents). */
    public static final FleetConfirmation NONE = new FleetConfirmation(Map.of());

    private static final int HISTORY_BITS = 32;

    /** Copies the map. */
    public FleetConfirmation {
        windowsPerStudy = Map.copyOf(windowsPerStudy);
    }

    /**
     * Whether a gate that is met now was also met, with the same m windows, one window length earlier.
     * The evaluated-window history holds 32 windows, so for very long windows the distance is capped at 32 - m.
     *
     * @param windowKind the window scheme
     * @param gate       the incident's gate after the current window (newest verdict in bit 0)
     * @param fireWindow m in "k of the last m"
     */
    public boolean confirmed(final String windowKind, final AlertEpisode gate, final int fireWindow) {
        final int apart = Math.min(windowsPerStudy.getOrDefault(windowKind, 0), HISTORY_BITS - fireWindow);
        if (apart <= 0) {
            return true;
        }
        final int earlier = gate.history() >>> apart;
        return (earlier & ((1 << fireWindow) - 1)) != 0;
    }
}
