package io.radshift.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Alertmanager ({@code /usr/bin/prometheus-alertmanager}) for integration tests, running a test copy of the
 * committed {@code alertmanager/alertmanager.yml} in which only two things differ: every webhook receiver posts to
 * {@code webhookBase/<receiver name>} (a receiver inside the test) instead of its placeholder URL, and the grouping
 * waits ({@code group_wait}, {@code group_interval}) are seconds instead of minutes. Routes, grouping, repeat
 * intervals and inhibition are the committed ones. Clustering is off (no gossip port).
 */
final class AlertmanagerServer implements AutoCloseable {

    private final ServerProcess process;
    private final String address;

    private AlertmanagerServer(final ServerProcess process, final String address) {
        this.process = process;
        this.address = address;
    }

    static AlertmanagerServer start(final Path dir, final String webhookBase, final String groupWait, final String groupInterval) {
        PrometheusTools.assumeInstalled(PrometheusTools.ALERTMANAGER);
        final int port = ServerProcess.freePort();
        final Path config = dir.resolve("alertmanager.yml");
        try {
            Files.createDirectories(dir);
            Files.writeString(config, YAMLMapper.builder().build().writeValueAsString(
                    testCopy(OpsFiles.yaml(OpsFiles.ALERTMANAGER), webhookBase, groupWait, groupInterval)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final String address = "127.0.0.1:" + port;
        final ServerProcess process = ServerProcess.start(List.of(PrometheusTools.ALERTMANAGER.toString(),
                "--config.file=" + config, "--storage.path=" + dir.resolve("data"), "--web.listen-address=" + address,
                "--cluster.listen-address="), dir.resolve("alertmanager.log"), "http://" + address + "/-/ready", Duration.ofSeconds(30));
        return new AlertmanagerServer(process, address);
    }

    /** The committed configuration with local webhook URLs and short grouping waits; nothing else changes. */
    static JsonNode testCopy(final JsonNode committed, final String webhookBase, final String groupWait, final String groupInterval) {
        final ObjectNode config = committed.deepCopy();
        shortenWaits((ObjectNode) config.path("route"), groupWait, groupInterval);
        for (JsonNode receiver : config.path("receivers")) {
            for (JsonNode webhook : receiver.path("webhook_configs")) {
                ((ObjectNode) webhook).put("url", webhookBase + "/" + receiver.path("name").asText());
            }
        }
        return config;
    }

    private static void shortenWaits(final ObjectNode route, final String groupWait, final String groupInterval) {
        if (route.has("group_wait")) {
            route.put("group_wait", groupWait);
        }
        if (route.has("group_interval")) {
            route.put("group_interval", groupInterval);
        }
        route.path("routes").forEach(child -> shortenWaits((ObjectNode) child, groupWait, groupInterval));
    }

    /** {@code host:port}, as Prometheus' alerting target. */
    String address() {
        return address;
    }

    /** The end of Alertmanager's log, for failure messages. */
    String logTail() {
        return process.logTail();
    }

    @Override
    public void close() {
        process.close();
    }
}
