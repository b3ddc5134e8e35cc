package io.radshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.radshift.inference.stream.BufferMarks;
import io.radshift.ops.RadShiftMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The application's backlog on a fake offsets source: answers from what was recorded, unknown when reading fails. */
class ConsumedBacklogTest {

    private static final long IDLE = 2_000;
    private static final TopicPartition STUDIES = new TopicPartition("studies", 0);
    private static final TopicPartition INFERENCES = new TopicPartition("inferences", 0);

    private final AtomicLong wall = new AtomicLong(1_000_000);
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong inferencesCommitted = new AtomicLong(7);
    private final AtomicLong inferencesEnd = new AtomicLong(7);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong studiesEnd = new AtomicLong(5);
    private final AtomicLong studiesCommitted = new AtomicLong(5);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BufferMarks marks = new BufferMarks();
    private final List<Map<Integer, Long>> published = new ArrayList<>();
    private final AtomicBoolean publishFailing = new AtomicBoolean();

    private final ConsumedBacklog backlog = new ConsumedBacklog(
            new BacklogBook(List.of(List.of("studies"), List.of("inferences")), 2 * IDLE,
                    ConsumedBacklog.STALE_AFTER.toMillis()),
            this::read, this::publish, marks, "studies", wall::get, Executors.newSingleThreadScheduledExecutor(),
            () -> closed.set(true), new RadShiftMetrics(registry));

    @BeforeEach
    void firstObservation() {
        backlog.refresh();
    }

    @Test
    void aCaughtUpInputIsProcessedThroughTheLatestObservation() {
        assertThat(backlog.processedThrough(0)).isEqualTo(1_000_000);
        refreshFor(IDLE);
        assertThat(backlog.processedThrough(0)).isEqualTo(wall.get());
    }

    @Test
    void unprocessedInferencesHoldTheAnswerBack() {
        inferencesEnd.set(10);
        refreshFor(3 * IDLE);
        assertThat(backlog.processedThrough(0)).as("as of the first observation, before three more inferences arrived")
                .isEqualTo(1_000_000);
        inferencesCommitted.set(10);
        refreshFor(1_000);
        assertThat(backlog.processedThrough(0)).isEqualTo(wall.get());
    }

    @Test
    void whenTheOffsetsCannotBeReadTheAnswerGoesUnknownAndComesBack() {
        refreshFor(IDLE);
        failing.set(true);
        refreshFor(ConsumedBacklog.STALE_AFTER.toMillis() + 1_000);
        assertThat(backlog.processedThrough(0)).as("do not close windows on doubt").isEqualTo(Long.MIN_VALUE);
        failing.set(false);
        refreshFor(1_000);
        assertThat(backlog.processedThrough(0)).isEqualTo(wall.get());
    }

    @Test
    void theOffsetsAreReadEveryTenthOfTheIdleTimeoutWithinBounds() {
        assertThat(ConsumedBacklog.refresh(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(200));
        assertThat(ConsumedBacklog.refresh(Duration.ofMillis(300))).isEqualTo(ConsumedBacklog.MIN_REFRESH);
        assertThat(ConsumedBacklog.refresh(Duration.ofMinutes(1))).isEqualTo(ConsumedBacklog.MAX_REFRESH);
    }

    @Test
    void eachRefreshReportsTheLagOfEveryInputPartitionAndTheAgeOfWhatIsProcessed() {
        studiesEnd.set(12);
        refreshFor(IDLE);
        assertThat(gauge("radshift.input.lag.records", "topic", "studies")).isEqualTo(7);
        assertThat(gauge("radshift.input.lag.records", "topic", "inferences")).isZero();
        assertThat(gauge("radshift.input.processed.age.seconds", "partition", "0"))
                .as("processed through the first observation only").isEqualTo(IDLE / 1000.0);
        studiesCommitted.set(12);
        refreshFor(1_000);
        assertThat(gauge("radshift.input.lag.records", "topic", "studies")).isZero();
        assertThat(gauge("radshift.input.processed.age.seconds", "partition", "0")).isZero();
    }

    @Test
    void theAgeGrowsWhileTheOffsetsCannotBeRead() {
        refreshFor(IDLE);
        final double known = gauge("radshift.input.processed.age.seconds", "partition", "0");
        failing.set(true);
        refreshFor(10_000);
        assertThat(gauge("radshift.input.processed.age.seconds", "partition", "0")).isEqualTo(known + 10);
    }

    @Test
    void theMarksOfTheInferenceTasksHereArePublishedAndOneWithNothingProcessedVouchesForTheCommittedOffset() {
        final Object task = new Object();
        marks.restored(0, task, BufferMarks.UNPROCESSED);
        marks.restored(1, new Object(), 40);
        backlog.refresh();
        assertThat(published).last().isEqualTo(Map.of(0, 5L, 1, 40L));
        marks.release(0, task);
        backlog.refresh();
        assertThat(published).last().isEqualTo(Map.of(1, 40L));
    }

    @Test
    void aFailingPublicationDoesNotStopTheReading() {
        marks.restored(0, new Object(), 3);
        publishFailing.set(true);
        refreshFor(IDLE);
        assertThat(published).isEmpty();
        assertThat(backlog.processedThrough(0)).isEqualTo(wall.get());
    }

    @Test
    void closingClosesTheAdminClient() {
        backlog.close();
        assertThat(closed).isTrue();
    }

    /** Refreshes every second for {@code ms} of the fake wall clock. */
    private void refreshFor(final long ms) {
        for (long t = 0; t < ms; t += 1_000) {
            wall.addAndGet(1_000);
            backlog.refresh();
        }
    }

    private void publish(final Map<Integer, Long> marksHere) {
        if (publishFailing.get()) {
            throw new IllegalStateException("not authorized");
        }
        published.add(marksHere);
    }

    private double gauge(final String name, final String tag, final String value) {
        return registry.get(name).tag(tag, value).gauge().value();
    }

    private BacklogBook.Observation read(final long at) {
        if (failing.get()) {
            throw new IllegalStateException("broker unreachable");
        }
        return new BacklogBook.Observation(at, Map.of(STUDIES, studiesCommitted.get(), INFERENCES, inferencesCommitted.get()),
                Map.of(STUDIES, studiesEnd.get(), INFERENCES, inferencesEnd.get()));
    }
}
