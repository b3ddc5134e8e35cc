package io.radshift.tools.embedded.registry;

import io.radshift.ingest.registry.SchemaRegistryClient;
import io.radshift.ingest.registry.CompatibilityLevel;
import io.radshift.ingest.registry.RestSchemaRegistryClient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded registry speaks the Confluent REST API byte for byte: requests written exactly as Confluent's
 * documentation shows (curl examples translated to a raw HttpClient) get Confluent's answers, and what they
 * register is readable by {@link RestSchemaRegistryClient}.
 */
class ConfluentRestProtocolIT {

    private static final String V1_JSON = "application/vnd.schemaregistry.v1+json";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private EmbeddedSchemaRegistry registry;

    @BeforeEach
    void startRegistry() {
        registry = EmbeddedSchemaRegistry.start(0);
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void documentedRegisterAndReadCallsGiveConfluentsAnswers() throws Exception {
        // curl -X POST -H "Content-Type: application/vnd.schemaregistry.v1+json" \
        //   --data '{"schema": "{\"type\": \"string\"}"}' http://localhost:8081/subjects/Kafka-key/versions
        final HttpResponse<String> registered = send("POST", "/subjects/Kafka-key/versions", V1_JSON,
                "{\"schema\": \"{\\\"type\\\": \\\"string\\\"}\"}");
        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(registered.headers().firstValue("Content-Type")).hasValue(V1_JSON);
        assertThat(json.readTree(registered.body())).isEqualTo(json.readTree("{\"id\":1}"));

        final String record = "{\"type\":\"record\",\"name\":\"Payment\",\"namespace\":\"my.examples\",\"fields\":"
                + "[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"double\"}]}";
        final JsonNode body = json.createObjectNode().put("schema", record).put("schemaType", "AVRO");
        assertThat(answer("POST", "/subjects/Kafka-value/versions", body.toString()))
                .isEqualTo(json.readTree("{\"id\":2}"));

        assertThat(answer("GET", "/subjects", null)).isEqualTo(json.readTree("[\"Kafka-key\",\"Kafka-value\"]"));
        assertThat(answer("GET", "/subjects/Kafka-value/versions", null)).isEqualTo(json.readTree("[1]"));
        assertThat(answer("GET", "/schemas/ids/1", null)).isEqualTo(json.readTree("{\"schema\":\"\\\"string\\\"\"}"));
        assertThat(answer("GET", "/subjects/Kafka-value/versions/latest", null)).isEqualTo(json.createObjectNode()
                .put("subject", "Kafka-value").put("version", 1).put("id", 2).put("schema", record));
        assertThat(answer("POST", "/subjects/Kafka-value", body.toString())).isEqualTo(json.createObjectNode()
                .put("subject", "Kafka-value").put("version", 1).put("id", 2).put("schema", record));
        assertThat(answer("GET", "/schemas/ids/2/versions", null))
                .isEqualTo(json.readTree("[{\"subject\":\"Kafka-value\",\"version\":1}]"));

        final SchemaRegistryClient client = RestSchemaRegistryClient.builder(registry.url()).build();
        assertThat(client.getById(1)).isEqualTo(Schema.create(Schema.Type.STRING));
        assertThat(client.getById(2)).isEqualTo(new Schema.Parser().parse(record));
        assertThat(client.lookup("Kafka-value", new Schema.Parser().parse(record)).version()).isEqualTo(1);
    }

    @Test
    void documentedCompatibilityAndConfigCallsGiveConfluentsAnswers() throws Exception {
        send("POST", "/subjects/Kafka-value/versions", V1_JSON, "{\"schema\": \"{\\\"type\\\": \\\"string\\\"}\"}");
        assertThat(answer("POST", "/compatibility/subjects/Kafka-value/versions/latest",
                "{\"schema\": \"{\\\"type\\\": \\\"string\\\"}\"}")).isEqualTo(json.readTree("{\"is_compatible\":true}"));
        assertThat(answer("POST", "/compatibility/subjects/Kafka-value/versions/latest",
                "{\"schema\": \"{\\\"type\\\": \\\"int\\\"}\"}")).isEqualTo(json.readTree("{\"is_compatible\":false}"));
        assertThat(answer("GET", "/config", null)).isEqualTo(json.readTree("{\"compatibilityLevel\":\"BACKWARD\"}"));
        assertThat(answer("PUT", "/config", "{\"compatibility\": \"NONE\"}"))
                .isEqualTo(json.readTree("{\"compatibility\":\"NONE\"}"));
        assertThat(answer("PUT", "/config/Kafka-value", "{\"compatibility\": \"FULL\"}"))
                .isEqualTo(json.readTree("{\"compatibility\":\"FULL\"}"));
        assertThat(answer("GET", "/config/Kafka-value", null)).isEqualTo(json.readTree("{\"compatibilityLevel\":\"FULL\"}"));
        assertThat(RestSchemaRegistryClient.builder(registry.url()).build().getCompatibility())
                .isEqualTo(CompatibilityLevel.NONE);
    }

    @Test
    void errorsUseConfluentStatusesAndErrorCodes() throws Exception {
        send("POST", "/subjects/Kafka-value/versions", V1_JSON, "{\"schema\": \"{\\\"type\\\": \\\"string\\\"}\"}");
        assertError(send("GET", "/schemas/ids/99", null, null), 404, 40403);
        assertError(send("GET", "/subjects/unknown/versions", null, null), 404, 40401);
        assertError(send("GET", "/subjects/Kafka-value/versions/7", null, null), 404, 40402);
        assertError(send("GET", "/subjects/Kafka-value/versions/first", null, null), 422, 42202);
        assertError(send("GET", "/config/Kafka-value", null, null), 404, 40408);
        assertError(send("POST", "/subjects/Kafka-value", V1_JSON, "{\"schema\": \"{\\\"type\\\": \\\"int\\\"}\"}"),
                404, 40403);
        assertError(send("POST", "/subjects/Kafka-value/versions", V1_JSON,
                "{\"schema\": \"{\\\"type\\\": \\\"nosuchtype\\\"}\"}"), 422, 42201);
        assertError(send("POST", "/subjects/Kafka-value/versions", V1_JSON,
                "{\"schema\": \"syntax = \\\"proto3\\\";\", \"schemaType\": \"PROTOBUF\"}"), 422, 42201);
        assertError(send("POST", "/subjects/Kafka-value/versions", V1_JSON, "{\"schema\": \"{\\\"type\\\": \\\"int\\\"}\"}"),
                409, 409);
        assertError(send("PUT", "/config", V1_JSON, "{\"compatibility\": \"SIDEWAYS\"}"), 422, 42203);
        assertError(send("POST", "/subjects/Kafka-value/versions", "text/plain", "{\"schema\": \"\\\"int\\\"\"}"),
                415, 415);
    }

    private void assertError(final HttpResponse<String> response, final int status, final int errorCode)
            throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(V1_JSON);
        final JsonNode body = json.readTree(response.body());
        assertThat(body.path("error_code").asInt()).as(response.body()).isEqualTo(errorCode);
        assertThat(body.path("message").asText()).isNotBlank();
    }

    private JsonNode answer(final String method, final String path, final String body) throws Exception {
        final HttpResponse<String> response = send(method, path, body == null ? null : V1_JSON, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(final String method, final String path, final String contentType,
                                      final String body) throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Accept", V1_JSON)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
