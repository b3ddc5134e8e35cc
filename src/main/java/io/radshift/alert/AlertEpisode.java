package io.radshift.alert;

import java.nio.ByteBuffer;

/**
 * The persistence gating of one incident (site, window scheme): the verdicts of its last windows and whether an
 * episode is open. {@link IncidentState} holds one, flagged by every window with material evidence.
 *
 * <p>Persistence gating: an episode FIRES when at least {@code fireAfter} of the last {@code fireWindow}
 * evaluated windows were flagged, or at once when a flagged window's evidence is decisive (far beyond the level,
 * see {@code detection.fireAtOnce}), and RESOLVES only when none of the last {@code fireWindow} windows was (for
 * sliding windows: none of the last window length's, {@link #resolveWindow}).
 * The two tiers are those of a control chart (one point far out, or a run of points moderately out): waiting for a
 * second window costs an hour of delay that overwhelming evidence does not need.
 * The gap between the two rules is hysteresis: overlapping sliding windows are strongly correlated, and an
 * alert that flaps every hour is worse than one that resolves an hour later. Windows that were not evaluated
 * (insufficient data) are not applied at all. The value is immutable and tiny, so it can live in a
 * changelogged state store: a restart resumes the same episode and never emits a second FIRING.
 *
 * @param history      verdicts of the last windows, newest in bit 0
 * @param evaluated    how many windows the history holds (at most 32)
 * @param firing       whether an episode is open
 * @param episodeStart end of the window that fired the open episode, or 0
 */
public record AlertEpisode(int history, int evaluated, boolean firing, long episodeStart) {

    /** A key that has never been evaluated. */
    public static final AlertEpisode NEW = new AlertEpisode(0, 0, false, 0L);

    /** Length of {@link #toBytes()}. */
    public static final int BYTES = 17;

    private static final int MAX_WINDOW = 32;

    /** What one window did to the episode. */
    public enum Change { NONE, FIRED, RESOLVED }

    /** The new state and the change it represents. */
    public record Step(AlertEpisode next, Change change) {
    }

    /**
     * Applies one evaluated window.
     *
     * @param flagged   whether the window had material evidence
     * @param windowEnd end of the window (event time)
     * @param fireAfter k in "k of the last m"
     * @param fireWindow m in "k of the last m", at most 32
     */
    public Step apply(final boolean flagged, final long windowEnd, final int fireAfter, final int fireWindow) {
        return apply(flagged, false, windowEnd, fireAfter, fireWindow);
    }

    /**
     * Applies one evaluated window whose evidence may be decisive.
     *
     * @param flagged   whether the window had material evidence
     * @param decisive  whether that evidence alone opens the episode (ignored when not flagged)
     * @param windowEnd end of the window (event time)
     * @param fireAfter k in "k of the last m"
     * @param fireWindow m in "k of the last m", at most 32
     */
    public Step apply(final boolean flagged, final boolean decisive, final long windowEnd, final int fireAfter,
                      final int fireWindow) {
        return apply(flagged, decisive, windowEnd, fireAfter, fireWindow, fireWindow);
    }

    /**
     * Applies one evaluated window, resolving an open episode only when none of the last {@code resolveWindow}
     * windows was flagged (at least {@code fireWindow}; see {@link #resolveWindow}).
     */
    public Step apply(final boolean flagged, final boolean decisive, final long windowEnd, final int fireAfter,
                      final int fireWindow, final int resolveWindow) {
        if (fireWindow < 1 || fireWindow > MAX_WINDOW || fireAfter < 1 || fireAfter > fireWindow) {
            throw new IllegalArgumentException("need 1 <= fireAfter <= fireWindow <= 32, got " + fireAfter + " of " + fireWindow);
        }
        if (resolveWindow < fireWindow || resolveWindow > MAX_WINDOW) {
            throw new IllegalArgumentException("need fireWindow <= resolveWindow <= 32, got " + resolveWindow);
        }
        final int nextHistory = (history << 1) | (flagged ? 1 : 0);
        final int nextEvaluated = Math.min(evaluated + 1, MAX_WINDOW);
        final int recentFlags = Integer.bitCount(nextHistory & mask(fireWindow));
        if (!firing && (recentFlags >= fireAfter || flagged && decisive)) {
            return new Step(new AlertEpisode(nextHistory, nextEvaluated, true, windowEnd), Change.FIRED);
        }
        if (firing && (nextHistory & mask(resolveWindow)) == 0 && nextEvaluated >= resolveWindow) {
            return new Step(new AlertEpisode(nextHistory, nextEvaluated, false, 0L), Change.RESOLVED);
        }
        return new Step(new AlertEpisode(nextHistory, nextEvaluated, firing, episodeStart), Change.NONE);
    }

    /**
     * How many clean windows resolve an episode of a scheme whose windows each share a study with
     * {@code windowsPerStudy - 1} others: a window length ({@code windowsPerStudy}, so that the newest clean window
     * shares no study with the last flagged one), never fewer than {@code fireWindow}, at most the 32 the history
     * holds. Sliding windows of 24 h advancing by 1 h otherwise resolved a lasting change on a dip of three hourly
     * windows (a few studies) and paged it again days later (bench alerts --days 180: four pages for one change);
     * tumbling windows keep {@code fireWindow}.
     */
    public static int resolveWindow(final int fireWindow, final int windowsPerStudy) {
        return Math.min(MAX_WINDOW, Math.max(fireWindow, windowsPerStudy));
    }

    private static int mask(final int windows) {
        return windows == MAX_WINDOW ? -1 : (1 << windows) - 1;
    }

    /** The same history with no episode open: an opening that was held back ({@link FleetConfirmation}). */
    public AlertEpisode heldBack() {
        return new AlertEpisode(history, evaluated, false, 0L);
    }

    /** A fixed 17-byte encoding for state stores. */
    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).putInt(history).putInt(evaluated).put((byte) (firing ? 1 : 0)).putLong(episodeStart).array();
    }

    /** Decodes {@link #toBytes()}. */
    public static AlertEpisode fromBytes(final byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            throw new IllegalArgumentException("an alert episode is 17 bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        return new AlertEpisode(b.getInt(), b.getInt(), b.get() == 1, b.getLong());
    }
}
