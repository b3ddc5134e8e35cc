package io.radshift.ingest.registry;

import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test HTTP proxy in front of a real {@link EmbeddedSchemaRegistry}: answers the first {@code failures}
 * requests with 503 (as an overloaded registry behind a load balancer would), forwards the rest unchanged, and
 * records each request's method, path and headers so tests can check what the client sent on the wire.
 */
final class FaultInjectingProxy implements AutoCloseable {

    /** One request as the proxy received it. */
    record Seen(String method, String path, Map<String, List<String>> headers) {
        String header(final String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String target;
    private final AtomicInteger failuresLeft;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    FaultInjectingProxy(final String target, final int failures) {
        this.target = target;
        this.failuresLeft = new AtomicInteger(failures);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders())));
            if (failuresLeft.getAndDecrement() > 0) {
                reply(exchange, 503, "{\"error_code\":50301,\"message\":\"registry overloaded\"}".getBytes(
                        StandardCharsets.UTF_8), "application/vnd.schemaregistry.v1+json");
                return;
            }
            forward(exchange);
        }
    }

    private void forward(final HttpExchange exchange) throws IOException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                .method(exchange.getRequestMethod(),
                        HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
        copyHeader(exchange, request, "Content-Type");
        copyHeader(exchange, request, "Accept");
        copyHeader(exchange, request, "Authorization");
        try {
            final HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            reply(exchange, response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse("application/json"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void copyHeader(final HttpExchange exchange, final HttpRequest.Builder request, final String name) {
        final String value = exchange.getRequestHeaders().getFirst(name);
        if (value != null) {
            request.header(name, value);
        }
    }

    private static void reply(final HttpExchange exchange, final int status, final byte[] body, final String type)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
