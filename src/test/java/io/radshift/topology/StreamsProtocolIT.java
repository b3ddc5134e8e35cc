package io.radshift.topology;

import static io.radshift.topology.HourlySites.HOURS;
import static io.radshift.topology.HourlySites.SITES;
import static io.radshift.topology.HourlySites.WINDOWS_PER_SITE;
import static io.radshift.topology.HourlySites.allSitesStudies;
import static io.radshift.topology.HourlySites.withoutFirstAllSitesWindows;
import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.app.RadShiftApp;
import io.radshift.topology.HourlySites.SendUpTo;
import io.radshift.topology.HourlySites.Start;
import io.radshift.topology.HourlySites.Step;
import io.radshift.topology.HourlySites.Stop;
import io.radshift.config.RadShiftConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Streams rebalance protocol (KIP-1071, {@code group.protocol=streams} in {@code kafka.properties}) on the real
 * in-process KRaft broker: one {@link RadShiftApp} instance under it, and two with a third joining, stopped and
 * restarted mid-run, give exactly the window summaries (site, window, count, late studies, verdict) and alerts of one instance under the
 * classic protocol, on the same pre-scored input.
 *
 * <p>Kafka 4.4's group coordinator can fail a new streams group's first heartbeat
 * ({@code StreamsGroup.getOrComputeEndpointToPartitions}: "No value present", while the internal topics are still
 * being created); the client sees an {@code UnknownServerException}, the stream thread fails and RadShift's handler
 * replaces it. A CI run failed with that exception reported through an await although the application recovers
 * from it, so the awaits leave other threads' failures to the application ({@link AppFixture#awaitReady}) and the
 * outputs compared below judge whether it recovered.
 */
class StreamsProtocolIT {

    @TempDir
    static Path dir;

    private static AppFixture fixture;
    private static HourlySites input;

    @BeforeAll
    static void start() throws Exception {
        fixture = AppFixture.start(dir);
        input = new HourlySites();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void theStreamsProtocolWithOneOrSeveralInstancesGivesTheWindowsAndAlertsOfTheClassicOne() throws Exception {
        final RunOutputs.Outcome classic = run("classic", false);
        assertThat(classic.windows()).hasSize((SITES.size() + 1) * WINDOWS_PER_SITE);
        assertThat(classic.alerts()).filteredOn(a -> a.startsWith("C ")).as("%s", classic.alerts())
                .anySatisfy(a -> assertThat(a).contains("FIRING"));
        for (boolean scaled : new boolean[] {false, true}) {
            final RunOutputs.Outcome streams = run("streams", scaled);
            assertThat(withoutFirstAllSitesWindows(streams.windows())).as("scaled: %s", scaled)
                    .containsExactlyElementsOf(withoutFirstAllSitesWindows(classic.windows()));
            assertThat(allSitesStudies(streams.windows())).as("scaled: %s", scaled).isEqualTo(allSitesStudies(classic.windows()));
            assertThat(streams.alerts()).as("scaled: %s", scaled).containsExactlyElementsOf(classic.alerts());
        }
    }

    /**
     * One run on topics and an application id of its own under the group protocol {@code protocol}: one instance,
     * or (scaled, as in {@link ScaleOutIT}) two for hours 0-3, a third joining for hours 4-7, stopped while hours
     * 8-10 arrive, and restarted on its state folder for hours 11-13, so that tasks move to it and away mid-run.
     */
    private RunOutputs.Outcome run(final String protocol, final boolean scaled) throws Exception {
        final String name = "protocol-" + protocol + (scaled ? "-scaled" : "");
        final RadShiftConfig config = fixture.config(name, 3, "group.protocol: " + protocol, HourlySites.WINDOWS_AND_DETECTION);
        // The reader is a plain consumer: it refuses group.protocol=streams, so it reads with the classic settings.
        final RadShiftConfig reader = fixture.config(name, 3, "", HourlySites.WINDOWS_AND_DETECTION);
        final List<Step> steps = scaled
                ? List.of(new Start("0"), new Start("1"), new SendUpTo(4), new Start("2"), new SendUpTo(8), new Stop("2"),
                        new SendUpTo(11), new Start("2"), new SendUpTo(HOURS))
                : List.of(new Start("0"), new SendUpTo(HOURS));
        return input.run(fixture, config, reader, steps);
    }
}
