package io.radshift.window;

/**
 * How far a task's input has been processed, in wall-clock time of arrival: the question the idle rule asks before
 * it lets a quiet site's clock run on ({@link PaneAggregatorProcessor}, {@link SiteClock#idle}).
 *
 * <p>A site whose studies are still waiting in the input, behind a backlog that a task which just moved or
 * restarted is working through, is not quiet: idling it would close its windows before its studies arrive and
 * drop them as late. So a site's silence counts only up to the time by which every input record that had arrived
 * has been processed. Whoever answers must answer low when it cannot tell (a window closed late is delayed, one
 * closed early loses studies) and must answer at once: the idle rule runs on the stream thread. The Kafka
 * implementation lives with the application ({@code app.ConsumedBacklog}), so this package stays free of admin
 * clients.
 */
@FunctionalInterface
public interface Backlog {

    /** No backlog ever: for the TopologyTestDriver and other tests that feed a topology by hand. */
    Backlog NONE = partition -> Long.MAX_VALUE;

    /**
     * @param partition the task's input partition (every input topic of the monitoring stage is keyed by site)
     * @return a wall-clock time in epoch milliseconds by which every record of {@code partition} that had arrived is
     *         processed, or {@link Long#MIN_VALUE} when that is not known
     */
    long processedThrough(int partition);
}
