package io.radshift.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Reads and validates {@code topologies/*.yaml}.
 *
 * <p>Errors are precise, because a typo in a threshold must not silently fall back to a default: an unknown
 * key, a value of the wrong type, an invalid value and a missing file are each reported with the file and the
 * key path (for example {@code windows[1].grace}). Relative paths in the file are resolved against the file's
 * folder, as docker-compose does. Secrets ({@link Secret}) are references, {@code {file: PATH}} or
 * {@code {env: NAME}}; a password written as text is refused.
 */
public final class ConfigLoader {

    /** Deserialization attribute: the folder relative secret files are resolved against. */
    private static final String BASE = "radshift.base";
    /** Deserialization attribute: the environment lookup of {@code {env: NAME}} secrets. */
    private static final String ENV = "radshift.env";

    private final ObjectMapper mapper;
    private final UnaryOperator<String> env;

    /** A loader whose {@code {env: NAME}} secrets read the process environment. */
    public ConfigLoader() {
        this(System::getenv);
    }

    /** A loader whose {@code {env: NAME}} secrets read {@code env}. */
    public ConfigLoader(final UnaryOperator<String> env) {
        this.env = env;
        final SimpleModule module = new SimpleModule("radshift-config");
        module.addDeserializer(Duration.class, new DurationDeserializer());
        module.addDeserializer(ZoneId.class, new ZoneDeserializer());
        module.addDeserializer(Secret.class, new SecretDeserializer());
        this.mapper = JsonMapper.builder(new YAMLFactory())
                .addModule(module)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
    }

    /** Loads a file; paths inside it are resolved against its folder. Does not require referenced files to exist. */
    public RadShiftConfig load(final Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("configuration file not found: " + file);
        }
        final RadShiftConfig raw;
        try {
            raw = mapper.readerFor(RadShiftConfig.class)
                    .withAttribute(BASE, file.toAbsolutePath().getParent())
                    .withAttribute(ENV, env)
                    .readValue(file.toFile());
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(file + ": unknown key '" + e.getPropertyName() + "' at " + where(e)
                    + " (known keys: " + knownKeys(e) + ")", e);
        } catch (MismatchedInputException e) {
            throw new ConfigException(file + ": wrong type at " + path(e) + ": expected "
                    + typeName(e.getTargetType()) + lineOf(e), e);
        } catch (JsonMappingException e) {
            throw new ConfigException(file + ": invalid value at " + path(e) + ": " + rootMessage(e) + lineOf(e), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getOriginalMessage() + lineOf(e), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration " + file + ": " + e.getMessage(), e);
        }
        if (raw == null) {
            throw new ConfigException(file + ": the file is empty");
        }
        return resolvePaths(raw, file.toAbsolutePath().getParent());
    }

    /**
     * Checks that the files a running pipeline needs exist: the model bundle folder, the reference profile, the
     * Kafka key and trust stores, and that every secret can be read.
     *
     * @throws ConfigException naming the key and the missing path
     */
    public static void requireFiles(final RadShiftConfig config) {
        final List<String> problems = new ArrayList<>();
        if (config.model().bundle() == null) {
            problems.add("model.bundle is not set");
        } else if (!Files.isDirectory(config.model().bundle())) {
            problems.add("model.bundle: no such folder " + config.model().bundle());
        }
        if (config.reference().profile() == null) {
            problems.add("reference.profile is not set");
        } else if (!Files.isRegularFile(config.reference().profile())) {
            problems.add("reference.profile: no such file " + config.reference().profile());
        }
        problems.addAll(securityProblems(config));
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems));
        }
    }

    /**
     * What keeps the configured Kafka security, registry credentials and metrics token from working: a missing
     * store file or a secret that cannot be read, each with its key path (never a secret's value).
     */
    public static List<String> securityProblems(final RadShiftConfig config) {
        final List<String> problems = new ArrayList<>();
        final KafkaSecurity security = config.kafka().security();
        if (security.truststore() != null && !Files.isRegularFile(security.truststore().path())) {
            problems.add("kafka.security.truststore.path: no such file " + security.truststore().path());
        }
        if (security.keystore() != null && !Files.isRegularFile(security.keystore().path())) {
            problems.add("kafka.security.keystore.path: no such file " + security.keystore().path());
        }
        final Map<String, Secret> secrets = new java.util.LinkedHashMap<>(security.secrets());
        if (config.schemaRegistry().basicAuthUserInfo() != null) {
            secrets.put("schemaRegistry.basicAuthUserInfo", config.schemaRegistry().basicAuthUserInfo());
        }
        if (config.metrics().bearerToken() != null) {
            secrets.put("metrics.bearerToken", config.metrics().bearerToken());
        }
        secrets.forEach((key, secret) -> {
            try {
                secret.value();
            } catch (ConfigException e) {
                problems.add(key + ": " + e.getMessage());
            }
        });
        return problems;
    }

    private static RadShiftConfig resolvePaths(final RadShiftConfig c, final Path base) {
        final RadShiftConfig.Model m = c.model();
        final RadShiftConfig.Model model = new RadShiftConfig.Model(resolve(base, m.bundle()), m.provider(), m.deviceId(),
                m.intraOpThreads(), m.batchSize(), m.maxBatchLatency(), m.maxImageBytes(), m.maxImagePixels(), m.imageUriRoots());
        final RadShiftConfig.Kafka k = c.kafka();
        final RadShiftConfig.Kafka kafka = new RadShiftConfig.Kafka(k.bootstrapServers(), k.applicationId(),
                resolve(base, k.stateDir()), k.properties(), k.security().resolvedAgainst(base));
        return new RadShiftConfig(kafka, c.schemaRegistry(), c.topics(), model,
                new RadShiftConfig.Reference(resolve(base, c.reference().profile())),
                c.labels(), c.windows(), c.detection(), c.alerts(), c.metrics(), c.streams());
    }

    private static Path resolve(final Path base, final Path path) {
        return path == null || path.isAbsolute() ? path : base.resolve(path).normalize();
    }

    private static String path(final JsonMappingException e) {
        return path(e.getPath());
    }

    /** The key path of an unknown key's parent section. */
    private static String where(final UnrecognizedPropertyException e) {
        final List<JsonMappingException.Reference> refs = e.getPath();
        return path(refs.subList(0, Math.max(0, refs.size() - 1)));
    }

    private static String path(final List<JsonMappingException.Reference> refs) {
        final StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "the top level" : sb.toString();
    }

    private static String knownKeys(final UnrecognizedPropertyException e) {
        return e.getKnownPropertyIds() == null ? "?" : e.getKnownPropertyIds().stream()
                .map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String typeName(final Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == Duration.class) {
            return "a duration such as 10m or 24h";
        }
        if (type == String.class || type == Path.class) {
            return "a string";
        }
        return type.isRecord() ? "a section (key: value pairs)" : "a " + type.getSimpleName();
    }

    /** The message of the innermost mapping error, or of the validation that rejected the value. */
    private static String rootMessage(final JsonMappingException e) {
        JsonMappingException inner = e;
        while (inner.getCause() instanceof JsonMappingException cause) {
            inner = cause;
        }
        return inner.getCause() instanceof IllegalArgumentException invalid ? invalid.getMessage() : inner.getOriginalMessage();
    }

    private static String lineOf(final JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    /** Reads durations such as {@code 10m}, {@code 24h} or {@code PT1H}. */
    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(final JsonParser p, final DeserializationContext ctx) throws IOException {
            try {
                return DurationParser.parse(p.getValueAsString(""));
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
        }
    }

    /**
     * Reads a {@link Secret}: {@code {file: PATH}} (relative to the configuration's folder) or {@code {env: NAME}}.
     * Plain text is refused: the value would then live in the file.
     */
    private static final class SecretDeserializer extends JsonDeserializer<Secret> {
        @Override
        public Secret deserialize(final JsonParser p, final DeserializationContext ctx) throws IOException {
            final JsonNode node = p.readValueAsTree();
            if (node == null || !node.isObject()) {
                throw JsonMappingException.from(p, "a secret is never written into the configuration: give {file: PATH} "
                        + "(e.g. a mounted secret) or {env: NAME}");
            }
            final List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            if (keys.size() != 1 || !List.of("file", "env").contains(keys.get(0)) || !node.path(keys.get(0)).isTextual()
                    || node.path(keys.get(0)).asText().isBlank()) {
                throw JsonMappingException.from(p, "a secret is {file: PATH} or {env: NAME}, got keys " + keys);
            }
            if (keys.get(0).equals("env")) {
                @SuppressWarnings("unchecked")
                final UnaryOperator<String> env = (UnaryOperator<String>) ctx.getAttribute(ENV);
                return Secret.fromEnv(node.path("env").asText(), env);
            }
            final Path file = Path.of(node.path("file").asText());
            final Path base = (Path) ctx.getAttribute(BASE);
            return Secret.fromFile(file.isAbsolute() || base == null ? file : base.resolve(file).normalize());
        }
    }

    /** Reads IANA time-zone ids such as {@code Europe/Berlin}. */
    private static final class ZoneDeserializer extends JsonDeserializer<ZoneId> {
        @Override
        public ZoneId deserialize(final JsonParser p, final DeserializationContext ctx) throws IOException {
            final String text = p.getValueAsString("");
            try {
                return ZoneId.of(text);
            } catch (java.time.DateTimeException e) {
                throw JsonMappingException.from(p, "'" + text + "' is not a time zone (use e.g. UTC or Europe/Berlin)", e);
            }
        }
    }
}
