package io.radshift.app.api;

import io.radshift.alert.IncidentProcessor;
import io.radshift.detect.RecentWindows;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The cluster from Kafka Streams' interactive-query metadata: every instance sets {@code application.server} to its
 * API's host and port, so {@link KafkaStreams#queryMetadataForKey} names the instance whose active task holds a
 * site (the stores are keyed by site, like the input topics) and {@link KafkaStreams#streamsMetadataForStore} lists
 * every instance to ask for an all-sites answer. Only active stores are read: a standby may lag.
 */
final class StreamsCluster implements Cluster {

    private final Supplier<KafkaStreams> streams;
    private final HostInfo self;

    /** @param streams the running application, supplied late because the API serves before Streams is built */
    StreamsCluster(final Supplier<KafkaStreams> streams, final HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public LocalQueries local() {
        return new LocalQueries(store(RecentWindows.STORE), store(IncidentProcessor.SITE_STORE));
    }

    @Override
    public Optional<HostInfo> ownerOf(final String site) {
        final KeyQueryMetadata owner = running().queryMetadataForKey(RecentWindows.STORE, site, Serdes.String().serializer());
        return owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner) ? Optional.empty() : Optional.of(owner.activeHost());
    }

    @Override
    public List<HostInfo> hosts() {
        final List<HostInfo> hosts = running().streamsMetadataForStore(RecentWindows.STORE).stream()
                .map(StreamsMetadata::hostInfo).distinct().toList();
        if (hosts.isEmpty()) {
            // Not "no sites": no instance has been assigned the stores yet.
            throw new Unavailable("no instance holds the stores yet (rebalancing); retry shortly", null);
        }
        return hosts;
    }

    @Override
    public boolean isSelf(final HostInfo host) {
        return self.equals(host);
    }

    private ReadOnlyKeyValueStore<String, byte[]> store(final String name) {
        try {
            return running().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("store " + name + " is not queryable now (" + e.getClass().getSimpleName() + "); retry shortly", e);
        }
    }

    private KafkaStreams running() {
        final KafkaStreams app = streams.get();
        if (app == null || !(app.state() == KafkaStreams.State.RUNNING || app.state() == KafkaStreams.State.REBALANCING)) {
            throw new Unavailable("the stream is " + (app == null ? "not started" : app.state().name()) + "; retry shortly", null);
        }
        return app;
    }
}
