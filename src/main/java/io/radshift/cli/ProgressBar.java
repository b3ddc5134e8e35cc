package io.radshift.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress display for long offline loops (scoring thousands of images): count/total, rate and estimated time
 * left. On a terminal it redraws one line in place (at most ten times a second); elsewhere (a log file, CI) it
 * prints a plain line at every further 10% or every 30 seconds, whichever comes first, so logs stay short.
 * Not thread-safe: call it from the loop that does the work.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long LOG_NANOS = 30_000_000_000L;

    private final String task;
    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private long lastPrintNanos;
    private int lastPrintedTenth = -1;
    private boolean drawn;

    /**
     * @param task what is being counted, e.g. "scoring"
     * @param out where to draw (stderr)
     * @param terminal whether {@code out} is an interactive terminal
     * @param nanoTime clock, {@code System::nanoTime} outside tests
     */
    public ProgressBar(final String task, final PrintWriter out, final boolean terminal, final LongSupplier nanoTime) {
        this.task = task;
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.lastPrintNanos = startNanos;
    }

    /** A bar on stderr that draws in place when the JVM runs in a terminal. */
    public static ProgressBar onStderr(final String task, final PrintWriter err) {
        return new ProgressBar(task, err, System.console() != null, System::nanoTime);
    }

    /** Reports that {@code done} of {@code total} items are finished. */
    public void update(final int done, final int total) {
        final long now = nanoTime.getAsLong();
        final boolean last = done >= total;
        if (terminal) {
            if (last || now - lastPrintNanos >= REDRAW_NANOS || !drawn) {
                out.print("\r" + line(done, total, now));
                if (last) {
                    out.println();
                }
                out.flush();
                lastPrintNanos = now;
                drawn = true;
            }
            return;
        }
        final int tenth = total == 0 ? 10 : (int) (10L * done / total);
        if (last || tenth > lastPrintedTenth || now - lastPrintNanos >= LOG_NANOS) {
            out.println(line(done, total, now));
            out.flush();
            lastPrintNanos = now;
            lastPrintedTenth = tenth;
        }
    }

    /** The text of one progress line, e.g. {@code scoring [#####     ] 120/4099 (2.9%) 41.2/s ETA 1m36s}. */
    String line(final int done, final int total, final long now) {
        final double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        final double rate = done / seconds;
        final double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        final int filled = (int) Math.round(fraction * WIDTH);
        final String bar = "#".repeat(filled) + " ".repeat(WIDTH - filled);
        final String eta = done >= total ? "done in " + duration(seconds)
            : rate > 0 ? "ETA " + duration((total - done) / rate) : "ETA ?";
        return String.format(Locale.ROOT, "%s [%s] %d/%d (%.1f%%) %.1f/s %s", task, bar, done, total,
            100 * fraction, rate, eta);
    }

    static String duration(final double seconds) {
        final long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
}
