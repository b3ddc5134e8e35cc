package io.radshift.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radshift.config.RadShiftConfig;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.tools.embedded.registry.EmbeddedSchemaRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The start-up wait for the Schema Registry, against real HTTP: a closed port, a late registry, a refusal. */
class RegistryCheckTest {

    @Test
    void anUnreachableRegistryFailsWithOneLineAfterTheConfiguredAttempts() {
        final String url = "http://127.0.0.1:" + EmbeddedKafka.freePort();
        final long start = System.nanoTime();

        assertThatThrownBy(() -> RegistryCheck.await(new RadShiftConfig.Registry(url, null, null, 3, Duration.ofMillis(50))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("schema registry at " + url + " unreachable after 3 attempts in ")
                .hasMessageContaining("schemaRegistry.startupAttempts")
                .hasMessageNotContaining("\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aRegistryThatComesUpDuringTheWaitIsAccepted() throws Exception {
        final int port = EmbeddedKafka.freePort();
        final CompletableFuture<EmbeddedSchemaRegistry> late = CompletableFuture.supplyAsync(() -> {
            pause(Duration.ofMillis(600));
            return EmbeddedSchemaRegistry.start(port);
        });
        try {
            RegistryCheck.await(new RadShiftConfig.Registry("http://127.0.0.1:" + port, null, null, 8, Duration.ofMillis(200)));
        } finally {
            late.get().close();
        }
        assertThat(late).isCompleted();
    }

    @Test
    void aRefusalFailsAtOnceWithoutWaiting() {
        try (EmbeddedSchemaRegistry secured = EmbeddedSchemaRegistry.startWithBasicAuth(0, "radshift:secret")) {
            final long start = System.nanoTime();

            assertThatThrownBy(() -> RegistryCheck.await(new RadShiftConfig.Registry(secured.url(), io.radshift.config.Secret.ofValue("radshift:wrong", "test"), null,
                    5, Duration.ofSeconds(5))))
                    .hasMessageStartingWith("schema registry at " + secured.url() + " refused RadShift at start:")
                    .hasMessageContaining("401");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void theBackoffDoublesUpToEightTimesTheFirstDelay() {
        assertThat(RegistryCheck.delay(Duration.ofSeconds(1), 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RegistryCheck.delay(Duration.ofSeconds(1), 3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(RegistryCheck.delay(Duration.ofSeconds(1), 9)).isEqualTo(Duration.ofSeconds(8));
    }

    private static void pause(final Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
