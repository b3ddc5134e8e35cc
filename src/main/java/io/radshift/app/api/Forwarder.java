package io.radshift.app.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance the same question: a GET of the same path and query, with this deployment's bearer token
 * (every instance has the same one) and a header that makes the other instance answer from its own stores instead
 * of asking further, so a query never bounces between instances.
 */
final class Forwarder {

    /** Set on a forwarded request: answer locally. */
    static final String FORWARDED = "X-RadShift-Forwarded";

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Optional<String> bearerToken;

    Forwarder(final Optional<String> bearerToken) {
        this.bearerToken = bearerToken;
    }

    /** The other instance's status and JSON body. */
    record Answer(int status, String body) {
    }

    /** GET {@code pathAndQuery} from {@code host}; an instance that does not answer is a one-line {@link IOException}. */
    Answer get(final HostInfo host, final String pathAndQuery) throws IOException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                .timeout(TIMEOUT).header(FORWARDED, "1").GET();
        bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        try {
            final HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking instance " + host.host() + ":" + host.port(), e);
        } catch (IOException e) {
            throw new IOException("instance " + host.host() + ":" + host.port() + " did not answer: " + e, e);
        }
    }
}
