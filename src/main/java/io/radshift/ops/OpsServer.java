package io.radshift.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operations endpoint: {@code /metrics} (Prometheus text format), {@code /health} (the process is alive and
 * the stream is not in error) and {@code /ready} (the stream is running and processing).
 *
 * <p>A JDK {@link HttpServer} is enough: Prometheus scrapes every few seconds and the orchestrator probes less
 * often. Health and readiness come from a {@link StreamHealth} supplier so this class knows nothing about Kafka.
 *
 * <p>Secure by default: it binds {@code 127.0.0.1} unless told otherwise, and with a bearer token {@code /metrics}
 * answers 401 to a request without it. {@code /health} and {@code /ready} stay open, because liveness and
 * readiness probes (Docker's HEALTHCHECK, Kubernetes) seldom carry credentials and the two answer only a state
 * (UP, DOWN, READY and the stream's state or the failing exception's type), never a metric, a site or a study.
 */
public final class OpsServer implements AutoCloseable {

    /** What /health and /ready report. */
    public record StreamHealth(boolean healthy, boolean ready, String state) {
    }

    /**
     * Where and for whom it serves: the address to bind ({@code 127.0.0.1}, or {@code 0.0.0.0} in a container that
     * Prometheus scrapes from another), the port (0 = a free one) and the bearer token /metrics requires, if any.
     */
    public record Access(String bindAddress, int port, Optional<String> bearerToken) {
        public Access {
            Objects.requireNonNull(bindAddress, "bindAddress");
            Objects.requireNonNull(bearerToken, "bearerToken");
        }

        /** {@code port} on 127.0.0.1 without a token. */
        public static Access local(final int port) {
            return new Access("127.0.0.1", port, Optional.empty());
        }

        /** The same access on another port. */
        public Access withPort(final int otherPort) {
            return new Access(bindAddress, otherPort, bearerToken);
        }
    }

    private static final String TEXT = "text/plain; charset=utf-8";
    private final HttpServer server;
    private final String host;
    private final BearerToken token;

    private OpsServer(final HttpServer server, final String host, final BearerToken token) {
        this.server = server;
        this.host = host;
        this.token = token;
    }

    /** Starts serving on {@code port} (0 = a free port) on 127.0.0.1, without a token. */
    public static OpsServer start(final int port, final PrometheusMeterRegistry registry, final Supplier<StreamHealth> health) {
        return start(Access.local(port), registry, health);
    }

    /** Starts serving as {@code access} says. */
    public static OpsServer start(final Access access, final PrometheusMeterRegistry registry, final Supplier<StreamHealth> health) {
        final int port = access.port();
        try {
            final HttpServer server = HttpServer.create(new InetSocketAddress(access.bindAddress(), port), 0);
            final BearerToken token = new BearerToken(access.bearerToken());
            server.createContext("/metrics", token.guard(exchange ->
                    respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape())));
            server.createContext("/health", exchange -> {
                final StreamHealth h = health.get();
                respond(exchange, h.healthy() ? 200 : 503, TEXT, (h.healthy() ? "UP " : "DOWN ") + h.state() + "\n");
            });
            server.createContext("/ready", exchange -> {
                final StreamHealth h = health.get();
                respond(exchange, h.ready() ? 200 : 503, TEXT, (h.ready() ? "READY " : "NOT READY ") + h.state() + "\n");
            });
            // A few threads: a query that waits on another instance must not hold up a scrape or that instance's
            // own forwarded question to this one.
            server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                final Thread t = new Thread(r, "radshift-ops-http");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return new OpsServer(server, urlHost(server.getAddress()), token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + access.bindAddress() + " port " + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Serves {@code handler} under {@code path} (e.g. the query API under {@code /api/v1}) behind the same bearer
     * token as /metrics: one check for everything that tells more than a state. May be called once serving, so a
     * handler can depend on the bound port.
     */
    public void serveGuarded(final String path, final HttpHandler handler) {
        server.createContext(path, token.guard(handler));
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Base URL on this host, e.g. http://127.0.0.1:9464 (localhost when bound to every interface). */
    public String url() {
        return "http://" + host + ":" + port();
    }

    /** The address it is bound to. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static String urlHost(final InetSocketAddress bound) {
        if (bound.getAddress().isAnyLocalAddress()) {
            return "localhost";
        }
        final String ip = bound.getAddress().getHostAddress();
        return ip.contains(":") ? "[" + ip + "]" : ip;
    }

    /** The bearer token /metrics and the guarded contexts require, compared in constant time; none configured allows every request. */
    private static final class BearerToken {

        private final Optional<byte[]> expected;

        BearerToken(final Optional<String> token) {
            this.expected = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
        }

        boolean allows(final HttpExchange exchange) {
            if (expected.isEmpty()) {
                return true;
            }
            final String header = exchange.getRequestHeaders().getFirst("Authorization");
            return header != null && MessageDigest.isEqual(expected.get(), header.getBytes(StandardCharsets.UTF_8));
        }

        /** {@code handler} for requests with the token, 401 with a challenge for the others. */
        HttpHandler guard(final HttpHandler handler) {
            return exchange -> {
                if (allows(exchange)) {
                    handler.handle(exchange);
                } else {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"radshift\"");
                    respond(exchange, 401, TEXT, "bearer token required\n");
                }
            };
        }
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
