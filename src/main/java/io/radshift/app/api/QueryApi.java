package io.radshift.app.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.radshift.ingest.SiteIds;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API on a running monitor, JSON over HTTP under {@value #PATH} (served by the ops server, behind its
 * bearer token; docs/openapi.yaml describes it):
 *
 * <ul>
 *   <li>{@code GET /api/v1/sites}: every site with its latest window per kind and its open incidents;</li>
 *   <li>{@code GET /api/v1/sites/{site}/windows?kind=K&from=ISO&to=ISO&limit=N}: the site's window summaries that
 *       end in [from, to], oldest first, at most {@code limit} (default 100, at most 1000) with {@code next} to page on;</li>
 *   <li>{@code GET /api/v1/sites/{site}/verdicts/latest}: the site's latest verdict per window kind;</li>
 *   <li>{@code GET /api/v1/incidents?open=true}: the sites' incidents, only the open ones by default.</li>
 * </ul>
 *
 * <p>Any instance answers for all: a site's question goes to the instance that holds the site, an all-sites
 * question to every instance, and the answers are merged ({@link Cluster}). Errors are one line of JSON,
 * {@code {"error": "..."}}: 400 for a bad parameter, 404 for an unknown path or a site without windows, 503 while
 * the stream rebalances or another instance does not answer.
 */
public final class QueryApi implements HttpHandler {

    /** The context path. */
    public static final String PATH = "/api/v1";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);
    private static final Pattern SITE_ROUTE = Pattern.compile("/sites/([^/]+)/(windows|verdicts/latest)");
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final Cluster cluster;
    private final Forwarder forwarder;
    private final ObjectMapper json = new ObjectMapper();

    QueryApi(final Cluster cluster, final Forwarder forwarder) {
        this.cluster = cluster;
        this.forwarder = forwarder;
    }

    /**
     * The API of a Kafka Streams instance whose {@code application.server} is {@code self}; {@code streams} may
     * supply null until the application is built (the API answers 503 until then).
     */
    public static QueryApi of(final Supplier<KafkaStreams> streams, final HostInfo self, final Optional<String> bearerToken) {
        return new QueryApi(new StreamsCluster(streams, self), new Forwarder(bearerToken));
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try {
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, error("only GET is supported"));
                return;
            }
            route(exchange);
        } catch (BadRequest e) {
            respond(exchange, 400, error(e.getMessage()));
        } catch (Cluster.Unavailable e) {
            exchange.getResponseHeaders().set("Retry-After", "2");
            respond(exchange, 503, error(e.getMessage()));
        } catch (IOException e) {
            LOG.warn("query API: {}", e.getMessage());
            respond(exchange, 503, error(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("query API failed on {}", exchange.getRequestURI().getPath(), e);
            respond(exchange, 500, error("internal error: " + e.getClass().getSimpleName()));
        }
    }

    private void route(final HttpExchange exchange) throws IOException {
        final String path = exchange.getRequestURI().getPath().substring(PATH.length());
        final Map<String, String> query = QueryParameters.parse(exchange.getRequestURI().getRawQuery());
        final boolean forwarded = exchange.getRequestHeaders().containsKey(Forwarder.FORWARDED);
        final String pathAndQuery = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        if ("/sites".equals(path)) {
            respond(exchange, 200, fanOut("sites", () -> cluster.local().sites(), forwarded, pathAndQuery));
            return;
        }
        if ("/incidents".equals(path)) {
            final boolean openOnly = !"false".equals(query.getOrDefault("open", "true"));
            respond(exchange, 200, fanOut("incidents", () -> cluster.local().incidents(openOnly), forwarded, pathAndQuery));
            return;
        }
        final Matcher site = SITE_ROUTE.matcher(path);
        if (!site.matches()) {
            respond(exchange, 404, error("no such resource; see docs/openapi.yaml"));
            return;
        }
        final String siteId = site.group(1);
        if (!SiteIds.valid(siteId)) {
            throw new BadRequest("not a valid site id (1-" + SiteIds.MAX_LENGTH + " letters, digits, '.', '_' or '-')");
        }
        final Function<LocalQueries, Answer> local = "windows".equals(site.group(2))
                ? windowsOf(siteId, query) : queries -> latestOf(siteId, queries);
        final Answer answer = ownerAnswers(siteId, local, forwarded, pathAndQuery);
        respond(exchange, answer.status(), answer.body());
    }

    /** The answer of the instance that holds the site: this one, or the owner asked over HTTP. */
    private Answer ownerAnswers(final String site, final Function<LocalQueries, Answer> local, final boolean forwarded,
                                final String pathAndQuery) throws IOException {
        if (forwarded) {
            return local.apply(cluster.local());
        }
        final HostInfo owner = cluster.ownerOf(site)
                .orElseThrow(() -> new Cluster.Unavailable("no instance holds the site's state now (rebalancing); retry shortly", null));
        if (cluster.isSelf(owner)) {
            return local.apply(cluster.local());
        }
        final Forwarder.Answer remote = forwarder.get(owner, pathAndQuery);
        return new Answer(remote.status(), remote.body());
    }

    private Function<LocalQueries, Answer> windowsOf(final String site, final Map<String, String> query) {
        final Optional<String> kind = Optional.ofNullable(query.get("kind"));
        final Instant from = instant(query, "from", Instant.EPOCH);
        final Instant to = instant(query, "to", Instant.parse("9999-12-31T23:59:59Z"));
        if (to.isBefore(from)) {
            throw new BadRequest("'to' is before 'from'");
        }
        final int limit = limit(query);
        return queries -> {
            final List<Map<String, Object>> found = queries.windows(site, kind, from, to, limit);
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("siteId", site);
            body.put("windowKind", kind.orElse(null));
            body.put("from", from.toString());
            body.put("to", to.toString());
            body.put("windows", found.subList(0, Math.min(limit, found.size())));
            body.put("next", found.size() > limit ? found.get(limit).get("windowEnd") : null);
            return new Answer(200, write(body));
        };
    }

    private Answer latestOf(final String site, final LocalQueries queries) {
        final List<Map<String, Object>> verdicts = queries.latestVerdicts(site);
        if (verdicts.isEmpty()) {
            return new Answer(404, error("no window of this site is kept"));
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("siteId", site);
        body.put("verdicts", verdicts);
        return new Answer(200, write(body));
    }

    /** This instance's list, plus every other instance's unless the request was forwarded, merged by site and kind. */
    private String fanOut(final String field, final Supplier<List<Map<String, Object>>> local, final boolean forwarded,
                          final String pathAndQuery) throws IOException {
        final List<Map<String, Object>> merged = new ArrayList<>();
        if (forwarded) {
            merged.addAll(local.get());
        } else {
            for (final HostInfo host : cluster.hosts()) {
                merged.addAll(cluster.isSelf(host) ? local.get() : remoteList(host, field, pathAndQuery));
            }
        }
        merged.sort(Comparator.comparing((Map<String, Object> m) -> String.valueOf(m.get("siteId")))
                .thenComparing(m -> String.valueOf(m.get("windowKind"))));
        return write(Map.of(field, merged));
    }

    private List<Map<String, Object>> remoteList(final HostInfo host, final String field, final String pathAndQuery) throws IOException {
        final Forwarder.Answer answer = forwarder.get(host, pathAndQuery);
        if (answer.status() != 200) {
            throw new IOException("instance " + host.host() + ":" + host.port() + " answered " + answer.status());
        }
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> list = (List<Map<String, Object>>) json.readValue(answer.body(), OBJECT).get(field);
        return list == null ? List.of() : list;
    }

    private static Instant instant(final Map<String, String> query, final String name, final Instant fallback) {
        final String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequest("'" + name + "' must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
    }

    private static int limit(final Map<String, String> query) {
        final String value = query.get("limit");
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            final int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the one message below
        }
        throw new BadRequest("'limit' must be a whole number from 1 to " + MAX_LIMIT);
    }

    private String write(final Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private String error(final String message) {
        return write(Map.of("error", message));
    }

    private static void respond(final HttpExchange exchange, final int status, final String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private record Answer(int status, String body) {
    }

    /** A parameter the API cannot use; its message is the one-line answer. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(final String message) {
            super(message);
        }
    }
}
