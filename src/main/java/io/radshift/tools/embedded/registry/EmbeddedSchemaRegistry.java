package io.radshift.tools.embedded.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process schema registry speaking the Confluent REST subset RadShift needs, for the demo and tests.
 *
 * <p>Endpoints: {@code GET /subjects}, {@code GET|POST /subjects/{s}/versions}, {@code POST /subjects/{s}},
 * {@code GET /subjects/{s}/versions/{v|latest}}, {@code GET /schemas/ids/{id}[/versions]},
 * {@code POST /compatibility/subjects/{s}/versions/{v|latest}[?verbose=true]},
 * {@code GET|PUT /config[/{s}]}. Ids are global and stable across subjects, versions count per subject, and
 * every new version is checked with Avro's {@code SchemaCompatibility} under the subject's level (global default
 * BACKWARD). Errors use Confluent's codes (40401, 40402, 40403, 40408, 409, 42201, 42202, 42203, 50001).
 *
 * <p>Storage is in memory by default: everything registered is lost on {@link #close()}, so producers and
 * consumers must share one instance for the life of the data (the demo, the tests). {@link #startPersistent} keeps
 * the schemas in a journal file instead, as the sandbox does, so that a restarted registry serves the same ids.
 * Binds to the loopback interface only. Thread-safe.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final int WORKER_THREADS = 4;

    private final HttpServer server;
    private final ExecutorService workers;
    private final RegistryHttpHandler handler;

    private EmbeddedSchemaRegistry(final HttpServer server, final ExecutorService workers,
                                   final RegistryHttpHandler handler) {
        this.server = server;
        this.workers = workers;
        this.handler = handler;
    }

    /**
     * Starts a registry on 127.0.0.1.
     *
     * @param port the port, or 0 for an ephemeral one (read it back with {@link #url()})
     */
    public static EmbeddedSchemaRegistry start(final int port) {
        return start(port, Optional.empty(), new SchemaStore());
    }

    /**
     * Starts a registry on 127.0.0.1 whose schemas persist in {@code journal} (created on the first registration,
     * replayed when it exists), so a restart keeps every subject, version, id and compatibility level.
     *
     * @param port the port, or 0 for an ephemeral one
     */
    public static EmbeddedSchemaRegistry startPersistent(final int port, final Path journal) {
        return start(port, Optional.empty(), SchemaStore.persistent(new SchemaJournal(journal)));
    }

    /**
     * Starts a registry that answers 401 unless the request carries HTTP basic auth with {@code userInfo}.
     *
     * @param userInfo {@code user:password}
     */
    public static EmbeddedSchemaRegistry startWithBasicAuth(final int port, final String userInfo) {
        return start(port, Optional.of(new BasicAuthCheck(userInfo)), new SchemaStore());
    }

    private static EmbeddedSchemaRegistry start(final int port, final Optional<BasicAuthCheck> auth,
                                                final SchemaStore store) {
        final HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded schema registry on port " + port, e);
        }
        final ExecutorService workers = Executors.newFixedThreadPool(WORKER_THREADS, daemonThreads());
        final RegistryHttpHandler handler = new RegistryHttpHandler(store, auth);
        server.createContext("/", handler);
        server.setExecutor(workers);
        server.start();
        return new EmbeddedSchemaRegistry(server, workers, handler);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:38211}, to use as {@code schema.registry.url}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** How many HTTP requests the registry has received since it started (to verify client caching). */
    public long requestCount() {
        return handler.requestCount();
    }

    /** Stops the server at once; registered schemas are discarded unless the registry is persistent. */
    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        final AtomicInteger count = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, "embedded-schema-registry-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
