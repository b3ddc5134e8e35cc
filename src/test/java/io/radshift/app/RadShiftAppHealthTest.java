package io.radshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.ops.OpsServer;
import io.radshift.ops.StreamFailures;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

/** /health and /ready of an instance from its two Kafka Streams clients, the sites' and the all-sites view's. */
class RadShiftAppHealthTest {

    private final StreamFailures failures = StreamFailures.defaults();

    @Test
    void readyOnlyWhenBothClientsRun() {
        assertThat(RadShiftApp.health(State.RUNNING, State.RUNNING, failures))
            .isEqualTo(new OpsServer.StreamHealth(true, true, "RUNNING"));
        assertThat(RadShiftApp.health(State.RUNNING, State.REBALANCING, failures))
            .isEqualTo(new OpsServer.StreamHealth(true, false, "sites RUNNING, all-sites view REBALANCING"));
        assertThat(RadShiftApp.health(State.REBALANCING, State.RUNNING, failures))
            .isEqualTo(new OpsServer.StreamHealth(true, false, "sites REBALANCING, all-sites view RUNNING"));
    }

    @Test
    void downWhenEitherClientHasStoppedOrFailed() {
        assertThat(RadShiftApp.health(State.RUNNING, State.ERROR, failures).healthy()).isFalse();
        assertThat(RadShiftApp.health(State.PENDING_SHUTDOWN, State.RUNNING, failures).healthy()).isFalse();
        assertThat(RadShiftApp.health(State.NOT_RUNNING, State.NOT_RUNNING, failures))
            .isEqualTo(new OpsServer.StreamHealth(false, false, "NOT_RUNNING"));
    }

    @Test
    void downWithTheReasonWhenAStreamThreadKeepsFailing() {
        final StreamFailures failing = new StreamFailures(1, Duration.ofMinutes(10), Clock.systemUTC());
        failing.failed(new IllegalStateException("boom"));
        final OpsServer.StreamHealth health = RadShiftApp.health(State.RUNNING, State.RUNNING, failing);
        assertThat(health.healthy()).isFalse();
        assertThat(health.ready()).isFalse();
        assertThat(health.state()).startsWith("RUNNING: stream thread failed 1 times");
    }
}
