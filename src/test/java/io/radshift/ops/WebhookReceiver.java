package io.radshift.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An Alertmanager webhook receiver inside the test (JDK HttpServer): records every notification POSTed to
 * {@code /<receiver name>} with Alertmanager's webhook payload, as a pager or chat bridge would receive it.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * One notification.
     *
     * @param receiver   the path it was posted to, i.e. the Alertmanager receiver ("pager", "chat")
     * @param payload    Alertmanager's webhook JSON (status, groupLabels, alerts with labels and annotations)
     * @param receivedAt when it arrived
     */
    record Notification(String receiver, JsonNode payload, Instant receivedAt) {

        String status() {
            return payload.path("status").asText();
        }

        String groupLabel(final String name) {
            return payload.path("groupLabels").path(name).asText();
        }

        List<JsonNode> alerts() {
            final List<JsonNode> alerts = new ArrayList<>();
            payload.path("alerts").forEach(alerts::add);
            return alerts;
        }

        @Override
        public String toString() {
            return receiver + " " + status() + " " + payload.path("groupLabels") + " x" + payload.path("alerts").size();
        }
    }

    private final HttpServer server;
    private final List<Notification> notifications = new CopyOnWriteArrayList<>();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::receive);
        server.start();
    }

    /** The base URL; Alertmanager posts to base + "/" + receiver name. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every notification so far, in order of arrival. */
    List<Notification> notifications() {
        return List.copyOf(notifications);
    }

    private void receive(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final JsonNode payload = JSON.readTree(exchange.getRequestBody());
            notifications.add(new Notification(exchange.getRequestURI().getPath().substring(1), payload, Instant.now()));
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
