package io.radshift.ingest.registry;

/**
 * Config keys read by {@link RestSchemaRegistryClient#fromConfig(java.util.Map)}. The first three are
 * Confluent's own keys, so an existing Confluent client config works unchanged.
 */
public final class SchemaRegistryClientConfig {

    /** Comma-separated registry base URLs, e.g. {@code http://registry:8081}. Required. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** {@code user:password} for HTTP basic auth. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Where basic-auth credentials come from: {@code USER_INFO} (default) or {@code URL} (user info in the URL). */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** Total attempts per call, including the first (default 3). */
    public static final String MAX_ATTEMPTS = "schema.registry.max.attempts";
    /** Delay before the first retry in ms; doubles per retry (default 100). */
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    /** Cap on a single retry delay in ms (default 5000). */
    public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";
    /** Connect and request timeout in ms (default 10000). */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

    private SchemaRegistryClientConfig() {
    }
}
