package io.radshift.ingest.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends JSON requests to a schema registry with Confluent's headers, optional basic auth, and retries with
 * exponential backoff on connection errors and 5xx answers. 4xx answers are returned at once: retrying a
 * refused schema cannot succeed. With several base URLs each retry moves to the next one.
 */
final class RegistryTransport {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);
    private static final int MAX_ERROR_TEXT = 300;

    private final List<String> baseUrls;
    private final Optional<String> authorization;
    private final RetryPolicy retry;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    RegistryTransport(final List<String> baseUrls, final Optional<String> userInfo, final RetryPolicy retry,
                      final Duration requestTimeout) {
        this.baseUrls = List.copyOf(baseUrls);
        this.authorization = userInfo.map(info -> "Basic "
                + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
        this.retry = retry;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    /** The configured base URLs, comma-separated, for messages. */
    String urls() {
        return String.join(",", baseUrls);
    }

    /**
     * Sends a request, retrying connection failures and 5xx answers.
     *
     * @param body the JSON body, or null for none
     * @return the first answer below 500
     * @throws SchemaRegistryException when every attempt failed
     */
    Response send(final String method, final String path, final JsonNode body) {
        IOException lastFailure = null;
        Response lastServerError = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            if (attempt > 1) {
                LOG.warn("schema registry {} {} failed (attempt {} of {}): {}; retrying in {} ms", method, path,
                        attempt - 1, retry.maxAttempts(), lastFailure != null ? lastFailure : lastServerError.describe(),
                        retry.delayBefore(attempt).toMillis());
                pause(retry.delayBefore(attempt));
            }
            final String baseUrl = baseUrls.get((attempt - 1) % baseUrls.size());
            try {
                final Response response = exchange(baseUrl, method, path, body);
                if (response.status() < 500) {
                    return response;
                }
                lastServerError = response;
                lastFailure = null;
            } catch (IOException e) {
                lastFailure = e;
                lastServerError = null;
            }
        }
        if (lastServerError != null) {
            throw new SchemaRegistryException(lastServerError.describe() + " after " + retry.maxAttempts()
                    + " attempts", lastServerError.status(), lastServerError.errorCode());
        }
        throw new SchemaRegistryException("schema registry at " + urls() + " unreachable: " + lastFailure
                + " (" + method + " " + path + ", " + retry.maxAttempts() + " attempts)",
                0, SchemaRegistryException.UNREACHABLE, lastFailure);
    }

    private Response exchange(final String baseUrl, final String method, final String path, final JsonNode body)
            throws IOException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .header("Accept", RegistryMediaTypes.CONFLUENT_ACCEPT);
        authorization.ifPresent(value -> request.header("Authorization", value));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", RegistryMediaTypes.V1_JSON)
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        try {
            final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(baseUrl, method, path, response.statusCode(), parse(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while calling schema registry at " + baseUrl, 0,
                    SchemaRegistryException.UNREACHABLE, e);
        }
    }

    /** Parses a body as JSON; a non-JSON body (a proxy's HTML page) becomes {"message": text}. */
    private JsonNode parse(final String text) {
        if (text == null || text.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            final String shortened = text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "..." : text;
            return JsonNodeFactory.instance.objectNode().put("message", shortened);
        }
    }

    private static void pause(final Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while waiting to retry the schema registry", 0,
                    SchemaRegistryException.UNREACHABLE, e);
        }
    }

    /** One HTTP answer with enough context to explain a failure. */
    record Response(String baseUrl, String method, String path, int status, JsonNode body) {

        boolean isError() {
            return status >= 300;
        }

        /** The Confluent error code, or the HTTP status when the body has none. */
        int errorCode() {
            return body.path("error_code").asInt(status);
        }

        /** The server's error message, or an empty string. */
        String serverMessage() {
            return body.path("message").asText("");
        }

        /** An exception with a caller-chosen message and this answer's status and code. */
        SchemaRegistryException failure(final String message) {
            return new SchemaRegistryException(message, status, errorCode());
        }

        /** An exception for an answer the caller has no specific message for. */
        SchemaRegistryException unexpected() {
            if (status == 401 || status == 403) {
                return failure("schema registry at " + baseUrl + " rejected the credentials (HTTP " + status
                        + ") for " + method + " " + path + ": " + serverMessage());
            }
            return failure(describe());
        }

        String describe() {
            return "schema registry at " + baseUrl + " answered HTTP " + status + " (error_code " + errorCode()
                    + ") to " + method + " " + path + ": " + serverMessage();
        }
    }
}
