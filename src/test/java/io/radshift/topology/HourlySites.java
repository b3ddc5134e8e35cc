package io.radshift.topology;

import static org.awaitility.Awaitility.await;

import io.radshift.app.RadShiftApp;
import io.radshift.avro.StudyInference;
import io.radshift.config.RadShiftConfig;
import io.radshift.stats.SyntheticStudies.Shift;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The input of the ITs that compare whole runs by their outputs ({@link ScaleOutIT}, {@link StreamsProtocolIT}): six
 * sites' pre-scored studies, 40 an hour each for 14 hours from a Monday, site C's embeddings shifted in hours 3-5,
 * read by a two-hour window sliding by an hour; and how those runs' outputs are awaited and compared.
 */
final class HourlySites {

    static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");
    static final List<String> SITES = List.of("A", "B", "C", "D", "E", "F");
    static final int HOURS = 14;
    static final int STUDIES_PER_HOUR = 40;
    /** Windows ending at hours 1..13 close on the studies up to 13:59 (the last one closes at 13:10). */
    static final int WINDOWS_PER_SITE = HOURS - 1;
    static final String WINDOWS_AND_DETECTION = """
            windows:
              - {name: oncall, type: sliding, size: 2h, advance: 1h, grace: 10m}
            detection: {alpha: 0.01, minStudies: 30, fireAfter: 2, fireWindow: 3, siteSilentAfter: 12h, idleTimeout: 15s}
            """;

    /** One step of a run ({@link #run}). */
    sealed interface Step permits SendUpTo, Start, Stop {
    }

    /** Send the studies of the hours before {@code hour} that were not sent yet. */
    record SendUpTo(int hour) implements Step {
    }

    /** Start an instance on the state folder named {@code instance} (again, after a stop: it keeps its state). */
    record Start(String instance) implements Step {
    }

    /** Stop the running instance {@code instance}. */
    record Stop(String instance) implements Step {
    }

    private final List<List<StudyInference>> hours = new ArrayList<>();

    HourlySites() {
        final SyntheticSites sites = new SyntheticSites(23);
        for (int hour = 0; hour < HOURS; hour++) {
            final Instant from = MONDAY.plus(Duration.ofHours(hour));
            final List<StudyInference> studies = new ArrayList<>();
            for (String site : SITES) {
                final Shift shift = site.equals("C") && hour >= 3 && hour <= 5 ? Shift.EMBEDDING : Shift.NONE;
                studies.addAll(sites.studies(site, STUDIES_PER_HOUR, shift, from, from.plus(Duration.ofHours(1))));
            }
            hours.add(studies);
        }
    }

    /**
     * One run of {@code steps} on {@code config}'s topics and application id. The instances started before the
     * first study is sent are awaited ready; later ones join a running deployment while studies keep coming. The
     * outputs are read with {@code reader}'s client settings on the same topics ({@link RunOutputs}) until every
     * window is in ({@link #awaitAllWindows}); every instance still running is closed at the end.
     */
    RunOutputs.Outcome run(final AppFixture fixture, final RadShiftConfig config, final RadShiftConfig reader,
                           final List<Step> steps) throws Exception {
        final Map<String, RadShiftApp> running = new LinkedHashMap<>();
        try (RunOutputs outputs = new RunOutputs(reader, fixture.registry.url(), SITES);
             KafkaProducer<String, StudyInference> producer = InferenceProducers.idempotent(fixture.kafka.bootstrapServers(), outputs.topics)) {
            int sent = 0;
            for (Step step : steps) {
                if (step instanceof Start start) {
                    running.put(start.instance(), fixture.start(config, start.instance()));
                } else if (step instanceof Stop stop) {
                    running.remove(stop.instance()).close();
                } else if (step instanceof SendUpTo send) {
                    if (sent == 0) {
                        running.values().forEach(AppFixture::awaitReady);
                    }
                    InferenceProducers.send(producer, outputs.topics,
                            hours.subList(sent, send.hour()).stream().flatMap(List::stream).toList());
                    sent = send.hour();
                }
            }
            return awaitAllWindows(outputs, config.kafka().applicationId());
        } finally {
            running.values().forEach(RadShiftApp::close);
        }
    }

    /**
     * Waits until every site and {@code *} has its last window, then two seconds more, in which nothing else (no
     * duplicate) may follow, and returns what was read. Other threads' uncaught exceptions are left to the
     * application ({@link AppFixture#awaitReady}).
     */
    private static RunOutputs.Outcome awaitAllWindows(final RunOutputs outputs, final String run) throws InterruptedException {
        final Instant lastEnd = MONDAY.plus(Duration.ofHours(WINDOWS_PER_SITE));
        try {
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(120)).until(() -> outputs.hasWindowsUpTo(lastEnd));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(run + ": windows so far " + outputs.windows(), e);
        }
        Thread.sleep(2_000);
        return outputs.outcome();
    }

    /**
     * The windows without the first two all-sites ones: the all-sites view knows no site before its first window,
     * so that window merges the sites that reported within {@code detection.idleTimeout} of the first (instances
     * start at different times) and the others' studies are counted late in the next one.
     */
    static List<String> withoutFirstAllSitesWindows(final List<String> windows) {
        return windows.stream().filter(w -> !w.startsWith(allSitesWindow(1)) && !w.startsWith(allSitesWindow(2))).toList();
    }

    /** Studies of the first all-sites window: merged into it, or counted late in the next one. */
    static long allSitesStudies(final List<String> windows) {
        final String first = windows.stream().filter(w -> w.startsWith(allSitesWindow(1))).findFirst().orElseThrow();
        final String second = windows.stream().filter(w -> w.startsWith(allSitesWindow(2))).findFirst().orElseThrow();
        return field(first, "n=") + field(second, "late=");
    }

    private static String allSitesWindow(final int endHour) {
        return "*@" + MONDAY.plus(Duration.ofHours(endHour));
    }

    private static long field(final String window, final String name) {
        final String rest = window.substring(window.indexOf(name) + name.length());
        return Long.parseLong(rest.substring(0, rest.indexOf(' ')));
    }
}
