package io.radshift.app;

import org.slf4j.Logger;

/**
 * A call that a background thread repeats on a schedule (an admin request to the broker): a failure is logged once
 * per streak of failures, with what it costs, and the recovery once, so a broker that stays unreachable does not
 * flood the log. The next run is the retry. Used by one thread at a time.
 */
final class RecurringCall {

    /** The work of one run. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    private final Logger log;
    private final String action;
    private final String consequence;
    private volatile boolean failing;

    /**
     * @param action      what the call does, after "Cannot" and "Can" ({@code read the input backlog})
     * @param consequence what a failure costs, for the warning
     */
    RecurringCall(final Logger log, final String action, final String consequence) {
        this.log = log;
        this.action = action;
        this.consequence = consequence;
    }

    /** Runs {@code work} once; a failure is logged (once per streak) and swallowed, an interrupt kept. */
    void run(final Work work) {
        try {
            work.run();
            if (failing) {
                log.info("Can {} again", action);
                failing = false;
            }
        } catch (Exception e) {
            if (!failing) {
                log.warn("Cannot {} ({}); {}", action, e.toString(), consequence);
                failing = true;
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
