package io.radshift.tools.embedded.registry;

import io.radshift.ingest.registry.CompatibilityLevel;
import io.radshift.ingest.registry.SchemaRegistryException;
import io.radshift.ingest.registry.RegisteredSchema;
import io.radshift.ingest.registry.RegistryMediaTypes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the Confluent REST subset to a {@link SchemaStore} and renders answers and errors exactly as
 * Confluent does ({@code {"error_code": N, "message": "..."}}, content type
 * {@code application/vnd.schemaregistry.v1+json}).
 */
final class RegistryHttpHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);

    private final SchemaStore store;
    private final Optional<BasicAuthCheck> auth;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong requests = new AtomicLong();

    RegistryHttpHandler(final SchemaStore store, final Optional<BasicAuthCheck> auth) {
        this.store = store;
        this.auth = auth;
    }

    long requestCount() {
        return requests.get();
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            JsonNode answer;
            int status = 200;
            try {
                answer = route(exchange);
            } catch (SchemaRegistryException e) {
                status = e.httpStatus();
                answer = error(e.errorCode(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("embedded schema registry failed on {} {}", exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(), e);
                status = 500;
                answer = error(SchemaRegistryException.INTERNAL_ERROR, "Error in the backend data store: " + e);
            }
            write(exchange, status, answer);
        }
    }

    private JsonNode route(final HttpExchange exchange) throws IOException {
        if (auth.isPresent() && !auth.get().accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"SchemaRegistry\"");
            throw new SchemaRegistryException("Unauthorized", 401, 401);
        }
        final String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        final List<String> path = segments(exchange.getRequestURI().getRawPath());
        final Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        final JsonNode body = "POST".equals(method) || "PUT".equals(method) ? readBody(exchange) : null;
        final String route = method + " " + shape(path);
        return switch (route) {
            case "GET /" -> json.createObjectNode();
            case "GET /subjects" -> strings(store.subjects());
            case "POST /subjects/*" -> lookup(path.get(1), body);
            case "GET /subjects/*/versions" -> versionNumbers(path.get(1));
            case "POST /subjects/*/versions" -> register(path.get(1), body);
            case "GET /subjects/*/versions/*" -> describe(version(path.get(1), path.get(3)));
            case "GET /schemas/ids/*" -> schemaById(id(path.get(2)));
            case "GET /schemas/ids/*/versions" -> usesOf(id(path.get(2)));
            case "POST /compatibility/subjects/*/versions/*" ->
                    compatibility(path.get(2), path.get(4), body, "true".equalsIgnoreCase(query.get("verbose")));
            case "GET /config" -> json.createObjectNode().put("compatibilityLevel", store.globalLevel().name());
            case "PUT /config" -> setLevel(Optional.empty(), body);
            case "GET /config/*" -> subjectLevel(path.get(1), "true".equalsIgnoreCase(query.get("defaultToGlobal")));
            case "PUT /config/*" -> setLevel(Optional.of(path.get(1)), body);
            default -> throw new SchemaRegistryException("HTTP 404 Not Found: " + method + " "
                    + exchange.getRequestURI().getPath(), 404, 404);
        };
    }

    private JsonNode register(final String subject, final JsonNode body) {
        return json.createObjectNode().put("id", store.register(subject, schemaOf(subject, body)));
    }

    private JsonNode lookup(final String subject, final JsonNode body) {
        final Schema schema = schemaOf(subject, body);
        if (!store.hasSubject(subject)) {
            throw subjectNotFound(subject);
        }
        return describe(store.find(subject, schema).orElseThrow(() ->
                new SchemaRegistryException("Schema not found", 404, SchemaRegistryException.SCHEMA_NOT_FOUND)));
    }

    private JsonNode versionNumbers(final String subject) {
        final List<RegisteredSchema> versions = existingVersions(subject);
        final ArrayNode numbers = json.createArrayNode();
        versions.forEach(version -> numbers.add(version.version()));
        return numbers;
    }

    private RegisteredSchema version(final String subject, final String version) {
        final List<RegisteredSchema> versions = existingVersions(subject);
        final int number = versionNumber(version, versions.size());
        if (number < 1 || number > versions.size()) {
            throw new SchemaRegistryException("Version " + version + " not found.", 404,
                    SchemaRegistryException.VERSION_NOT_FOUND);
        }
        return versions.get(number - 1);
    }

    private JsonNode schemaById(final int id) {
        final Schema schema = store.byId(id).orElseThrow(() -> schemaIdNotFound(id));
        return json.createObjectNode().put("schema", schema.toString());
    }

    private JsonNode usesOf(final int id) {
        final List<RegisteredSchema> uses = store.usesOf(id);
        if (uses.isEmpty()) {
            throw schemaIdNotFound(id);
        }
        final ArrayNode answer = json.createArrayNode();
        uses.forEach(use -> answer.addObject().put("subject", use.subject()).put("version", use.version()));
        return answer;
    }

    private JsonNode compatibility(final String subject, final String version, final JsonNode body,
                                   final boolean verbose) {
        final Schema schema = schemaOf(subject, body);
        final List<RegisteredSchema> against = "latest".equals(version) || "-1".equals(version)
                ? existingVersions(subject) : List.of(version(subject, version));
        if (against.isEmpty()) {
            throw subjectNotFound(subject);
        }
        final List<String> reasons = store.incompatibilities(subject, schema, against);
        final ObjectNode answer = json.createObjectNode().put("is_compatible", reasons.isEmpty());
        if (verbose) {
            answer.set("messages", strings(reasons));
        }
        return answer;
    }

    private JsonNode subjectLevel(final String subject, final boolean defaultToGlobal) {
        final Optional<CompatibilityLevel> own = store.subjectLevel(subject);
        if (own.isEmpty() && !defaultToGlobal) {
            throw new SchemaRegistryException("Subject '" + subject + "' does not have subject-level compatibility"
                    + " configured", 404, SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED);
        }
        return json.createObjectNode().put("compatibilityLevel", own.orElse(store.globalLevel()).name());
    }

    private JsonNode setLevel(final Optional<String> subject, final JsonNode body) {
        final CompatibilityLevel level;
        try {
            level = CompatibilityLevel.parse(body.path("compatibility").asText(""));
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException("Invalid compatibility level. Valid values are "
                    + Arrays.toString(CompatibilityLevel.values()), 422, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL);
        }
        subject.ifPresentOrElse(name -> store.setSubjectLevel(name, level), () -> store.setGlobalLevel(level));
        return json.createObjectNode().put("compatibility", level.name());
    }

    private List<RegisteredSchema> existingVersions(final String subject) {
        final List<RegisteredSchema> versions = store.versions(subject);
        if (versions.isEmpty()) {
            throw subjectNotFound(subject);
        }
        return versions;
    }

    /** Parses {"schema": "...", "schemaType": "AVRO"}; only Avro without references is supported. */
    private static Schema schemaOf(final String subject, final JsonNode body) {
        final String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw invalidSchema("schemaType " + type + " is not supported by the embedded registry (Avro only)");
        }
        if (body.path("references").size() > 0) {
            throw invalidSchema("schema references are not supported by the embedded registry");
        }
        final JsonNode text = body.get("schema");
        if (text == null || !text.isTextual()) {
            throw invalidSchema("request for subject " + subject + " has no \"schema\" string");
        }
        try {
            final Schema schema = new Schema.Parser().parse(text.asText());
            // Avro 1.12 leaves an unknown type name as a placeholder that only fails when printed: force it now.
            schema.toString();
            return schema;
        } catch (SchemaParseException | NullPointerException e) {
            throw invalidSchema("Invalid schema " + text.asText() + " for subject " + subject + ": " + e.getMessage());
        }
    }

    private static int versionNumber(final String version, final int latest) {
        if ("latest".equals(version) || "-1".equals(version)) {
            return latest;
        }
        try {
            final int number = Integer.parseInt(version);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // falls through to the 42202 answer below
        }
        throw new SchemaRegistryException("The specified version '" + version + "' is not a valid version id."
                + " Allowed values are between [1, 2^31-1] and the string \"latest\"", 422,
                SchemaRegistryException.INVALID_VERSION);
    }

    private static int id(final String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException("Schema " + text + " not found", 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
    }

    private JsonNode readBody(final HttpExchange exchange) throws IOException {
        final String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type"))
                .map(value -> value.split(";")[0].trim().toLowerCase(Locale.ROOT)).orElse(RegistryMediaTypes.V1_JSON);
        if (!RegistryMediaTypes.ACCEPTED_REQUEST_TYPES.contains(contentType)) {
            throw new SchemaRegistryException("HTTP 415 Unsupported Media Type: " + contentType, 415, 415);
        }
        try (InputStream in = exchange.getRequestBody()) {
            final JsonNode body = json.readTree(in);
            return body == null ? json.createObjectNode() : body;
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("Unrecognized request body: " + e.getOriginalMessage(), 400, 400);
        }
    }

    private void write(final HttpExchange exchange, final int status, final JsonNode answer) throws IOException {
        final byte[] bytes = json.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", RegistryMediaTypes.V1_JSON);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private JsonNode describe(final RegisteredSchema version) {
        return json.createObjectNode().put("subject", version.subject()).put("version", version.version())
                .put("id", version.id()).put("schema", version.schema().toString());
    }

    private ArrayNode strings(final List<String> values) {
        final ArrayNode array = json.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private ObjectNode error(final int code, final String message) {
        return json.createObjectNode().put("error_code", code).put("message", message);
    }

    private static SchemaRegistryException subjectNotFound(final String subject) {
        return new SchemaRegistryException("Subject '" + subject + "' not found.", 404,
                SchemaRegistryException.SUBJECT_NOT_FOUND);
    }

    private static SchemaRegistryException schemaIdNotFound(final int id) {
        return new SchemaRegistryException("Schema " + id + " not found", 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
    }

    private static SchemaRegistryException invalidSchema(final String message) {
        return new SchemaRegistryException(message, 422, SchemaRegistryException.INVALID_SCHEMA);
    }

    /** Path segments, percent-decoded one by one so an encoded '/' inside a subject stays in its segment. */
    private static List<String> segments(final String rawPath) {
        return Arrays.stream(rawPath.split("/")).filter(segment -> !segment.isEmpty())
                .map(segment -> URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
    }

    /** The route shape: fixed words kept, variable segments (subjects, ids, versions) replaced by '*'. */
    private static String shape(final List<String> path) {
        if (path.isEmpty()) {
            return "/";
        }
        final StringBuilder shape = new StringBuilder();
        for (int index = 0; index < path.size(); index++) {
            shape.append('/').append(isVariable(path, index) ? "*" : path.get(index));
        }
        return shape.toString();
    }

    private static boolean isVariable(final List<String> path, final int index) {
        final String root = path.get(0);
        return switch (root) {
            case "subjects", "config" -> index == 1 || index == 3;
            case "schemas" -> index == 2;
            case "compatibility" -> index == 2 || index == 4;
            default -> false;
        };
    }

    private static Map<String, String> query(final String rawQuery) {
        final Map<String, String> parameters = new HashMap<>();
        if (rawQuery != null) {
            for (final String pair : rawQuery.split("&")) {
                final String[] parts = pair.split("=", 2);
                parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return parameters;
    }
}
