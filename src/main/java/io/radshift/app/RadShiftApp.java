package io.radshift.app;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.radshift.app.api.QueryApi;
import io.radshift.config.RadShiftConfig;
import io.radshift.config.Secret;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.inference.onnx.OnnxModel;
import io.radshift.inference.stream.BufferMarks;
import io.radshift.inference.stream.InferenceProcessor;
import io.radshift.ops.OpsServer;
import io.radshift.ops.RadShiftMetrics;
import io.radshift.ops.SiteTags;
import io.radshift.ops.StreamFailures;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.topology.MonitoringStage;
import io.radshift.topology.RadShiftTopology;
import io.radshift.topology.StreamsSettings;
import io.radshift.topics.Topics;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running RadShift instance: two Kafka Streams clients, the sites' (inference and per-site monitoring, under
 * {@code kafka.applicationId}) and the all-sites view's (under that id plus {@link StreamsSettings#ALL_SITES_SUFFIX}),
 * their metrics (RadShift's own and Kafka Streams' client metrics, refreshed every few seconds so task metrics appear
 * in early scrapes) and the {@code /metrics}, {@code /health} and {@code /ready} endpoint, which is ready only when
 * both clients run. Used by {@code radshift run} and the demo.
 */
public final class RadShiftApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RadShiftApp.class);
    private static final Duration CLIENT_METRICS_REFRESH = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final KafkaStreams allSites;
    private final List<KafkaStreamsMetrics> streamsMetrics;
    private final ScheduledExecutorService metricsRefresh;
    private final OpsServer ops;
    private final Topics topics;
    private final PrometheusMeterRegistry registry;
    private final ConsumedBacklog backlog;
    private final ConsumedTopicPurge purge;

    private RadShiftApp(final KafkaStreams streams, final KafkaStreams allSites, final List<KafkaStreamsMetrics> streamsMetrics,
                        final ScheduledExecutorService metricsRefresh, final OpsServer ops, final Topics topics,
                        final PrometheusMeterRegistry registry, final ConsumedBacklog backlog,
                        final ConsumedTopicPurge purge) {
        this.streams = streams;
        this.allSites = allSites;
        this.streamsMetrics = streamsMetrics;
        this.metricsRefresh = metricsRefresh;
        this.ops = ops;
        this.topics = topics;
        this.registry = registry;
        this.backlog = backlog;
        this.purge = purge;
    }

    /**
     * Waits (bounded) for the Schema Registry, creates missing topics, builds the topology and starts it; returns
     * once started (not yet RUNNING).
     *
     * @throws IllegalStateException with one line when the registry stays unreachable or refuses RadShift
     */
    public static RadShiftApp start(final RadShiftConfig config, final ModelBundle bundle, final ReferenceProfile profile)
            throws Exception {
        return start(config, bundle, profile, null);
    }

    /**
     * As {@link #start(RadShiftConfig, ModelBundle, ReferenceProfile)}, telling {@code restoreListener} (if not null)
     * how each state store is restored from its changelog, e.g. to time a restore after a crash.
     */
    public static RadShiftApp start(final RadShiftConfig config, final ModelBundle bundle, final ReferenceProfile profile,
                                    final StateRestoreListener restoreListener) throws Exception {
        // Before any topic or thread exists: a CUDA request on the CPU build fails here with one line, not in every task.
        OnnxModel.requireBuiltFor(InferenceProcessor.options(config.model()).provider());
        RegistryCheck.await(config.schemaRegistry());
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final RadShiftMetrics metrics = new RadShiftMetrics(registry, new SiteTags(Set.copyOf(config.metrics().sites()),
                config.metrics().maxSites(), config.metrics().siteStaleAfter(), Clock.systemUTC()));
        final Topics topics = new Topics(config, RestSchemaRegistryClient.of(config.schemaRegistry()));
        final List<String> names = new ArrayList<>(topics.names());
        names.add(MonitoringStage.closedWindowsTopic(config));
        // Partition p of every site-keyed input feeds task p: the joins and the backlog check rely on it.
        TopicAdmin.ensure(config, names, ConsumedBacklog.tiers(topics).stream().flatMap(List::stream).toList());

        final StreamFailures failures = StreamFailures.defaults();
        // The ops server binds first: its port is the instance's application.server, where other instances forward queries.
        final AtomicReference<KafkaStreams> started = new AtomicReference<>();
        final AtomicReference<KafkaStreams> startedAllSites = new AtomicReference<>();
        final OpsServer.Access access = opsAccess(config.metrics());
        final OpsServer ops = startOps(access, registry, () -> startedAllSites.get() == null
                ? new OpsServer.StreamHealth(true, false, "CREATED") : health(started.get().state(), startedAllSites.get().state(), failures));
        final HostInfo self = new HostInfo(advertisedHost(ops), ops.port());
        final Properties properties = StreamsSettings.properties(config, metrics);
        properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        // A quiet site's silence counts only as far as its task's input has been processed: a backlog is not silence.
        // Studies waiting in the inference stage's batch buffer are a backlog too: its tasks mark how far theirs left it,
        // and a mark counts once the transaction that handed those studies on has committed (MarkingClientSupplier).
        final BufferMarks marks = new BufferMarks();
        final ConsumedBacklog backlog = ConsumedBacklog.start(config, topics, marks, metrics);
        final RadShiftTopology.Topologies topologies;
        final KafkaStreams streams;
        try {
            topologies = RadShiftTopology.build(config, topics, bundle, profile, metrics, backlog, marks);
            streams = new KafkaStreams(topologies.sites(), properties, new MarkingClientSupplier(marks));
        } catch (RuntimeException e) {
            backlog.close();
            throw e;
        }
        final KafkaStreams allSites;
        try {
            allSites = new KafkaStreams(topologies.allSites(), StreamsSettings.allSitesProperties(config, metrics));
        } catch (RuntimeException e) {
            streams.close(Duration.ofSeconds(30)); // created, never started: its clients would stay open
            backlog.close();
            throw e;
        }
        started.set(streams);
        startedAllSites.set(allSites);
        ops.serveGuarded(QueryApi.PATH, QueryApi.of(started::get, self, access.bearerToken()));
        final ScheduledExecutorService refresh = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "radshift-client-metrics");
            t.setDaemon(true);
            return t;
        });
        final List<KafkaStreamsMetrics> streamsMetrics = new ArrayList<>();
        for (final KafkaStreams client : List.of(streams, allSites)) {
            client.setUncaughtExceptionHandler(StreamsSettings.uncaughtExceptionHandler(failures));
            if (restoreListener != null) {
                client.setGlobalStateRestoreListener(restoreListener);
            }
            final KafkaStreamsMetrics clientMetrics = new KafkaStreamsMetrics(client, Tags.empty(), refresh, CLIENT_METRICS_REFRESH);
            clientMetrics.bindTo(registry);
            streamsMetrics.add(clientMetrics);
        }
        metrics.readiness(() -> health(streams.state(), allSites.state(), failures));
        // The all-sites topic is RadShift's own, so Kafka Streams does not purge what it consumed: this does.
        final ConsumedTopicPurge purge = ConsumedTopicPurge.start(config, StreamsSettings.allSitesApplicationId(config),
                List.of(MonitoringStage.closedWindowsTopic(config)));
        streams.start();
        allSites.start();
        LOG.info("RadShift started: application {} on {}, metrics at {}/metrics, query API at {}{}", config.kafka().applicationId(),
                config.kafka().bootstrapServers(), ops.url(), ops.url(), QueryApi.PATH);
        return new RadShiftApp(streams, allSites, streamsMetrics, refresh, ops, topics, registry, backlog, purge);
    }

    /** The topics with their serdes. */
    public Topics topics() {
        return topics;
    }

    /**
     * The Kafka Streams state: RUNNING once both clients have every task restored and assigned, else the state of the
     * first client that is not RUNNING (the sites' first).
     */
    public KafkaStreams.State state() {
        return streams.state() != KafkaStreams.State.RUNNING ? streams.state() : allSites.state();
    }

    /**
     * A read-only view of one of the sites' state stores across all their local tasks (interactive query); the
     * all-sites view's stores are its own client's and are not read from outside.
     */
    public <T> T store(final StoreQueryParameters<T> query) {
        return streams.store(query);
    }

    /** Where /metrics, /health and /ready are served. */
    public String opsUrl() {
        return ops.url();
    }

    /** The Prometheus text of a scrape, as served on /metrics. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        allSites.close(Duration.ofSeconds(30));
        purge.close();
        backlog.close();
        streamsMetrics.forEach(KafkaStreamsMetrics::close);
        metricsRefresh.shutdownNow();
        ops.close();
    }

    /** The configured bind address and port, and the bearer token read from its secret once, at start. */
    private static OpsServer.Access opsAccess(final RadShiftConfig.Metrics metrics) {
        return new OpsServer.Access(metrics.bindAddress(), metrics.port(),
                Optional.ofNullable(metrics.bearerToken()).map(Secret::value));
    }

    private static OpsServer startOps(final OpsServer.Access access, final PrometheusMeterRegistry registry,
                                      final Supplier<OpsServer.StreamHealth> health) {
        try {
            return OpsServer.start(access, registry, health);
        } catch (UncheckedIOException e) {
            if (access.port() == 0) {
                throw e;
            }
            LOG.warn("port {} is busy ({}); serving metrics on a free port instead", access.port(), e.getMessage());
            return OpsServer.start(access.withPort(0), registry, health);
        }
    }

    /**
     * The host other instances reach this one at: the bound address, or this machine's name when bound to every
     * interface (a container's 0.0.0.0).
     */
    private static String advertisedHost(final OpsServer ops) {
        if (!ops.address().getAddress().isAnyLocalAddress()) {
            return ops.address().getAddress().getHostAddress();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * Health from the two clients' states, and down with the reason while a stream thread keeps failing: healthy while
     * neither client has stopped or failed, ready when both are RUNNING. The state named is the sites' when the two
     * agree, else both.
     */
    static OpsServer.StreamHealth health(final KafkaStreams.State sitesState, final KafkaStreams.State allSitesState,
                                         final StreamFailures failures) {
        final String state = sitesState == allSitesState ? sitesState.name()
                : "sites " + sitesState.name() + ", all-sites view " + allSitesState.name();
        final Optional<String> failing = failures.downReason();
        final boolean healthy = failing.isEmpty() && alive(sitesState) && alive(allSitesState);
        return new OpsServer.StreamHealth(healthy, healthy && sitesState == KafkaStreams.State.RUNNING
                && allSitesState == KafkaStreams.State.RUNNING, failing.map(reason -> state + ": " + reason).orElse(state));
    }

    private static boolean alive(final KafkaStreams.State state) {
        return state != KafkaStreams.State.ERROR && state != KafkaStreams.State.PENDING_ERROR
                && state != KafkaStreams.State.NOT_RUNNING && state != KafkaStreams.State.PENDING_SHUTDOWN;
    }
}
