package io.radshift.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operations endpoint: {@code /metrics} (Prometheus text format), {@code /health} (the process is alive and
 * the stream is not in error) and {@code /ready} (the stream is running and processing).
 *
 * <p>A JDK {@link HttpServer} is enough: Prometheus scrapes every few seconds and the orchestrator probes less
 * often. Health and readiness come from a {@link StreamHealth} supplier so this class knows nothing about Kafka.
 */
public final class OpsServer implements AutoCloseable {

    /** What /health and /ready report. */
    public record StreamHealth(boolean healthy, boolean ready, String state) {
    }

    private static final String TEXT = "text/plain; charset=utf-8";
    private final HttpServer server;

    private OpsServer(final HttpServer server) {
        this.server = server;
    }

    /** Starts serving on {@code port} (0 = a free port) on all interfaces. */
    public static OpsServer start(final int port, final PrometheusMeterRegistry registry, final Supplier<StreamHealth> health) {
        try {
            final HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
            server.createContext("/health", exchange -> {
                final StreamHealth h = health.get();
                respond(exchange, h.healthy() ? 200 : 503, TEXT, (h.healthy() ? "UP " : "DOWN ") + h.state() + "\n");
            });
            server.createContext("/ready", exchange -> {
                final StreamHealth h = health.get();
                respond(exchange, h.ready() ? 200 : 503, TEXT, (h.ready() ? "READY " : "NOT READY ") + h.state() + "\n");
            });
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                final Thread t = new Thread(r, "radshift-ops-http");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return new OpsServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Base URL, e.g. http://localhost:9464. */
    public String url() {
        return "http://localhost:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(final HttpExchange exchange, final int status, final String type, final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
