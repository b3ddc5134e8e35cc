package io.radshift.app.api;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The instances of one RadShift application as the query API sees them: this instance's own stores, which instance
 * holds a site, and every instance that holds part of the stores. {@link StreamsCluster} answers from Kafka Streams'
 * metadata; a single-instance view answers with itself.
 */
interface Cluster {

    /** This instance's answers; throws {@link Unavailable} while its stores cannot be read (rebalancing, restoring). */
    LocalQueries local();

    /** The instance that holds {@code site}'s state; empty while that is not known (rebalancing). */
    Optional<HostInfo> ownerOf(String site);

    /** Every instance that holds part of the stores, this one included. */
    List<HostInfo> hosts();

    /** Whether {@code host} is this instance. */
    boolean isSelf(HostInfo host);

    /** The stores or the metadata cannot answer now; the client should retry. */
    final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(final String message, final Throwable cause) {
            super(message, cause);
        }
    }
}
