package io.radshift.ingest.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.radshift.config.RadShiftConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * {@link SchemaRegistryClient} over the Confluent REST API (JDK {@code HttpClient} + Jackson).
 *
 * <p>Works against a real Confluent Schema Registry and against RadShift's embedded registry (the demo's and tests'). Results that
 * never change are cached: schema by id, id by (subject, schema) for {@link #register} and {@link #lookup}, so
 * the serialization hot path makes one HTTP call per distinct schema for the life of the client. Latest
 * versions, compatibility and config are not cached because they change. Connection errors and 5xx answers
 * are retried with exponential backoff; 4xx answers fail at once with a {@link SchemaRegistryException}.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RegistryTransport transport;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> registeredIds = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, RegisteredSchema> lookups = new ConcurrentHashMap<>();

    private RestSchemaRegistryClient(final RegistryTransport transport) {
        this.transport = transport;
    }

    /** A builder for a client of the registry at {@code urls} (comma-separated base URLs). */
    public static Builder builder(final String urls) {
        return new Builder(urls);
    }

    /**
     * The client of a configured registry: a deployment's {@code schemaRegistry} section, or a command's
     * {@code --registry} options. Every RadShift component builds its client here; the settings go through the same
     * keys as {@link #fromConfig}, so a serde configured by Kafka and a client built from RadShift's configuration
     * cannot differ.
     */
    public static RestSchemaRegistryClient of(final RadShiftConfig.Registry registry) {
        final Map<String, String> configs = new HashMap<>();
        configs.put(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL, registry.url());
        if (registry.basicAuthUserInfo() != null) {
            configs.put(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO, registry.basicAuthUserInfo().value());
        }
        return fromConfig(configs);
    }

    /**
     * A client configured from Kafka-style properties (see {@link SchemaRegistryClientConfig}).
     *
     * @throws IllegalArgumentException when {@code schema.registry.url} is missing or a value is malformed
     */
    public static RestSchemaRegistryClient fromConfig(final Map<String, ?> configs) {
        final Object urls = configs.get(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL);
        if (urls == null || urls.toString().isBlank()) {
            throw new IllegalArgumentException(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL + " is required");
        }
        final Builder builder = builder(urls instanceof List<?> list ? String.join(",", list.stream()
                .map(Object::toString).toList()) : urls.toString());
        final String source = text(configs, SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
        if ("USER_INFO".equalsIgnoreCase(source)) {
            Optional.ofNullable(configs.get(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO))
                    .map(Object::toString).filter(info -> !info.isBlank()).ifPresent(builder::basicAuth);
        } else if ("URL".equalsIgnoreCase(source)) {
            builder.credentialsFromUrl();
        } else {
            throw new IllegalArgumentException("unsupported " + SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE
                    + " '" + source + "'; expected USER_INFO or URL");
        }
        return builder.maxAttempts(Integer.parseInt(text(configs, SchemaRegistryClientConfig.MAX_ATTEMPTS, "3")))
                .baseBackoff(millis(configs, SchemaRegistryClientConfig.RETRY_BACKOFF_MS, "100"))
                .maxBackoff(millis(configs, SchemaRegistryClientConfig.RETRY_BACKOFF_MAX_MS, "5000"))
                .requestTimeout(millis(configs, SchemaRegistryClientConfig.REQUEST_TIMEOUT_MS, "10000"))
                .build();
    }

    @Override
    public int register(final String subject, final Schema schema) {
        return registeredIds.computeIfAbsent(new SubjectSchema(subject, schema), key -> registerRemotely(subject, schema));
    }

    private int registerRemotely(final String subject, final Schema schema) {
        final RegistryTransport.Response response =
                transport.send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        if (response.isError()) {
            throw switch (response.errorCode()) {
                case SchemaRegistryException.INCOMPATIBLE_SCHEMA -> response.failure("schema for subject " + subject
                        + " is not " + levelOrUnknown(subject) + " compatible: " + response.serverMessage());
                case SchemaRegistryException.INVALID_SCHEMA, 422 -> response.failure("invalid schema for subject "
                        + subject + ": " + response.serverMessage());
                default -> response.unexpected();
            };
        }
        final int id = response.body().path("id").asInt();
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /** The subject's level for a 409 message; an error path, so a failure here must not hide the 409. */
    private String levelOrUnknown(final String subject) {
        try {
            return getCompatibility(subject).name();
        } catch (SchemaRegistryException e) {
            return "(level unknown)";
        }
    }

    @Override
    public Schema getById(final int id) {
        return schemasById.computeIfAbsent(id, this::fetchById);
    }

    private Schema fetchById(final int id) {
        final RegistryTransport.Response response = transport.send("GET", "/schemas/ids/" + id, null);
        if (response.isError()) {
            throw response.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND || response.status() == 404
                    ? response.failure("schema id " + id + " not found") : response.unexpected();
        }
        final String type = response.body().path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException("schema id " + id + " is a " + type + " schema, not Avro",
                    response.status(), SchemaRegistryException.INVALID_SCHEMA);
        }
        return parse(response.body().path("schema").asText(), "schema id " + id);
    }

    @Override
    public RegisteredSchema lookup(final String subject, final Schema schema) {
        return lookups.computeIfAbsent(new SubjectSchema(subject, schema), key -> lookupRemotely(subject, schema));
    }

    private RegisteredSchema lookupRemotely(final String subject, final Schema schema) {
        final RegistryTransport.Response response =
                transport.send("POST", "/subjects/" + encode(subject), schemaBody(schema));
        if (response.isError()) {
            throw switch (response.errorCode()) {
                case SchemaRegistryException.SUBJECT_NOT_FOUND -> response.failure("subject " + subject + " not found");
                case SchemaRegistryException.SCHEMA_NOT_FOUND -> response.failure("schema "
                        + schema.getFullName() + " is not registered under subject " + subject);
                default -> response.unexpected();
            };
        }
        return toRegisteredSchema(subject, response.body());
    }

    @Override
    public RegisteredSchema latest(final String subject) {
        return fetchVersion(subject, "latest");
    }

    @Override
    public RegisteredSchema version(final String subject, final int version) {
        return fetchVersion(subject, Integer.toString(version));
    }

    private RegisteredSchema fetchVersion(final String subject, final String version) {
        final RegistryTransport.Response response =
                transport.send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null);
        if (response.isError()) {
            throw switch (response.errorCode()) {
                case SchemaRegistryException.SUBJECT_NOT_FOUND -> response.failure("subject " + subject + " not found");
                case SchemaRegistryException.VERSION_NOT_FOUND -> response.failure("version " + version
                        + " of subject " + subject + " not found");
                default -> response.unexpected();
            };
        }
        return toRegisteredSchema(subject, response.body());
    }

    @Override
    public List<String> subjects() {
        final RegistryTransport.Response response = transport.send("GET", "/subjects", null);
        if (response.isError()) {
            throw response.unexpected();
        }
        final List<String> subjects = new ArrayList<>();
        response.body().forEach(node -> subjects.add(node.asText()));
        return List.copyOf(subjects);
    }

    @Override
    public CompatibilityResult testCompatibility(final String subject, final Schema schema) {
        final RegistryTransport.Response response = transport.send("POST",
                "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true", schemaBody(schema));
        if (response.isError()) {
            final int code = response.errorCode();
            if (code == SchemaRegistryException.SUBJECT_NOT_FOUND || code == SchemaRegistryException.VERSION_NOT_FOUND) {
                return CompatibilityResult.ok();
            }
            throw code == SchemaRegistryException.INVALID_SCHEMA || code == 422
                    ? response.failure("invalid schema for subject " + subject + ": " + response.serverMessage())
                    : response.unexpected();
        }
        final List<String> messages = new ArrayList<>();
        response.body().path("messages").forEach(node -> messages.add(node.asText()));
        return new CompatibilityResult(response.body().path("is_compatible").asBoolean(false), messages);
    }

    @Override
    public CompatibilityLevel getCompatibility() {
        return readLevel(transport.send("GET", "/config", null));
    }

    @Override
    public CompatibilityLevel getCompatibility(final String subject) {
        final RegistryTransport.Response response =
                transport.send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null);
        final int code = response.errorCode();
        // Registries older than Confluent 7 ignore defaultToGlobal and answer 40401/40408 for subjects with no level.
        if (response.isError() && (code == SchemaRegistryException.SUBJECT_NOT_FOUND
                || code == SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED)) {
            return getCompatibility();
        }
        return readLevel(response);
    }

    @Override
    public void setCompatibility(final CompatibilityLevel level) {
        writeLevel("/config", level);
    }

    @Override
    public void setCompatibility(final String subject, final CompatibilityLevel level) {
        writeLevel("/config/" + encode(subject), level);
    }

    private void writeLevel(final String path, final CompatibilityLevel level) {
        final RegistryTransport.Response response =
                transport.send("PUT", path, NODES.objectNode().put("compatibility", level.name()));
        if (response.isError()) {
            throw response.unexpected();
        }
    }

    private static CompatibilityLevel readLevel(final RegistryTransport.Response response) {
        if (response.isError()) {
            throw response.unexpected();
        }
        final JsonNode body = response.body();
        // Confluent answers GET with "compatibilityLevel" and PUT with "compatibility".
        final JsonNode level = body.has("compatibilityLevel") ? body.get("compatibilityLevel") : body.get("compatibility");
        if (level == null) {
            throw response.failure("schema registry answered " + response.path() + " without a compatibility level");
        }
        return CompatibilityLevel.parse(level.asText());
    }

    private RegisteredSchema toRegisteredSchema(final String subject, final JsonNode body) {
        final int id = body.path("id").asInt();
        final Schema schema = schemasById.computeIfAbsent(id,
                key -> parse(body.path("schema").asText(), "schema id " + key));
        return new RegisteredSchema(body.path("subject").asText(subject), id, body.path("version").asInt(), schema);
    }

    private static ObjectNode schemaBody(final Schema schema) {
        return NODES.objectNode().put("schema", schema.toString()).put("schemaType", "AVRO");
    }

    private static Schema parse(final String text, final String what) {
        try {
            final Schema schema = new Schema.Parser().parse(text);
            // Avro 1.12 leaves an unknown type name as a placeholder that only fails when printed: force it now.
            schema.toString();
            return schema;
        } catch (SchemaParseException | NullPointerException e) {
            throw new SchemaRegistryException("registry returned an unparseable Avro schema for " + what + ": "
                    + e.getMessage(), 0, SchemaRegistryException.INVALID_SCHEMA, e);
        }
    }

    /** Percent-encodes a subject as one path segment, the way Confluent's client does (space as %20). */
    static String encode(final String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String text(final Map<String, ?> configs, final String key, final String fallback) {
        final Object value = configs.get(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString().trim();
    }

    private static Duration millis(final Map<String, ?> configs, final String key, final String fallback) {
        return Duration.ofMillis(Long.parseLong(text(configs, key, fallback)));
    }

    /** Cache key: a subject and a schema (Avro caches the schema's hash code, so lookups stay cheap). */
    private record SubjectSchema(String subject, Schema schema) {
    }

    /** Builds a {@link RestSchemaRegistryClient}; defaults: 3 attempts, 100 ms base backoff, 10 s timeout. */
    public static final class Builder {

        private final List<String> urls;
        private Optional<String> userInfo = Optional.empty();
        private int maxAttempts = 3;
        private Duration baseBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);

        private Builder(final String urls) {
            this.urls = new ArrayList<>(Arrays.stream(Objects.requireNonNull(urls, "urls").split(","))
                    .map(String::trim).filter(url -> !url.isEmpty()).map(Builder::stripSlash).toList());
            if (this.urls.isEmpty()) {
                throw new IllegalArgumentException("no schema registry URL given");
            }
        }

        /** Sends {@code Authorization: Basic base64(userInfo)}; {@code userInfo} is {@code user:password}. */
        public Builder basicAuth(final String userInfo) {
            this.userInfo = Optional.of(Objects.requireNonNull(userInfo, "userInfo"));
            return this;
        }

        /** Takes basic-auth credentials from the first URL's user info and removes them from every URL. */
        Builder credentialsFromUrl() {
            final String info = URI.create(urls.get(0)).getRawUserInfo();
            if (info == null) {
                throw new IllegalArgumentException("basic.auth.credentials.source=URL but the URL has no user info");
            }
            userInfo = Optional.of(URLDecoder.decode(info.replace("+", "%2B"), StandardCharsets.UTF_8));
            urls.replaceAll(url -> url.replaceFirst("//[^/@]*@", "//"));
            return this;
        }

        /** Total attempts per call for connection errors and 5xx answers (at least 1). */
        public Builder maxAttempts(final int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /** Delay before the first retry; doubled for each further one. */
        public Builder baseBackoff(final Duration delay) {
            this.baseBackoff = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /** Cap on a single retry delay. */
        public Builder maxBackoff(final Duration delay) {
            this.maxBackoff = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /** Connect and request timeout of each attempt. */
        public Builder requestTimeout(final Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The client. */
        public RestSchemaRegistryClient build() {
            return new RestSchemaRegistryClient(new RegistryTransport(urls, userInfo,
                    new RetryPolicy(maxAttempts, baseBackoff, maxBackoff), requestTimeout));
        }

        private static String stripSlash(final String url) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
    }
}
