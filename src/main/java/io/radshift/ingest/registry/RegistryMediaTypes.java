package io.radshift.ingest.registry;

import java.util.Set;

/** HTTP media types of the Confluent Schema Registry REST API, shared by the client and the embedded server. */
public final class RegistryMediaTypes {

    /** The content type Confluent's client sends and its server answers with. */
    public static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    /** The Accept header Confluent's Java client ({@code RestService}) sends. */
    public static final String CONFLUENT_ACCEPT = "application/vnd.schemaregistry.v1+json,"
            + " application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    /** Request content types a Confluent server accepts. */
    public static final Set<String> ACCEPTED_REQUEST_TYPES = Set.of(V1_JSON, "application/vnd.schemaregistry+json",
            "application/json", "application/octet-stream");

    private RegistryMediaTypes() {
    }
}
