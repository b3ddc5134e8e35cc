package io.radshift.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The backlog bookkeeping on hand-made offset observations: studies upstream, inferences and labels downstream. */
class BacklogBookTest {

    private static final long IDLE = 5_000;
    private static final long STALE = 8_000;
    private static final TopicPartition STUDIES = new TopicPartition("studies", 0);
    private static final TopicPartition INFERENCES = new TopicPartition("inferences", 0);
    private static final TopicPartition LABELS = new TopicPartition("labels", 0);
    private static final TopicPartition OTHER_STUDIES = new TopicPartition("studies", 1);

    private final BacklogBook book = new BacklogBook(List.of(List.of("studies"), List.of("inferences", "labels")),
            2 * IDLE, STALE);

    @Test
    void nothingIsKnownBeforeTheFirstObservation() {
        assertThat(book.processedThrough(0, 1_000)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aCaughtUpPartitionIsProcessedThroughTheLatestObservation() {
        for (long wall = 0; wall <= 6_000; wall += 1_000) {
            book.record(observation(wall, 10, 10, 20, 20, 3, 3));
            assertThat(book.processedThrough(0, wall)).isEqualTo(wall);
        }
    }

    /**
     * Three tiers, as the application has them: studies, then inferences, then the dead letters the monitoring
     * stage writes of them. No hop waits a handoff: every stage appends its outputs before its offsets commit (the
     * inference stage's hold moves only once its transaction committed), so the observation in which a tier caught up
     * already holds the ends of the next.
     */
    @Test
    void eachTierIsJudgedByTheEndsOfTheObservationInWhichThePreviousCaughtUp() {
        final TopicPartition dead = new TopicPartition("dead", 0);
        final BacklogBook chain = new BacklogBook(List.of(List.of("studies"), List.of("inferences"), List.of("dead")),
                2 * IDLE, STALE);
        for (long wall = 0; wall <= 7_000; wall += 1_000) {
            // A dead letter is appended at 6 s, while the inferences are processed; its own offset commits at 7 s.
            final long deadEnd = wall >= 6_000 ? 5 : 4;
            final long deadCommitted = wall >= 7_000 ? 5 : 4;
            chain.record(new BacklogBook.Observation(wall, Map.of(STUDIES, 10L, INFERENCES, 20L, dead, deadCommitted),
                    Map.of(STUDIES, 10L, INFERENCES, 20L, dead, deadEnd)));
            if (wall == 6_000) {
                assertThat(chain.processedThrough(0, wall)).as("the dead letter of 6 s is not processed yet").isEqualTo(5_000);
            }
        }
        assertThat(chain.processedThrough(0, 7_000)).as("the dead letter of 6 s processed at 7 s").isEqualTo(7_000);
    }

    @Test
    void aPartitionWithABacklogIsProcessedOnlyThroughTheTimeItsCommittedOffsetsReached() {
        // Ends as of 0 s: 100 studies; the new owner works through them until 8 s.
        for (long wall = 0; wall < 8_000; wall += 1_000) {
            book.record(observation(wall, wall / 80, 100, 50, 50, 0, 0));
            assertThat(book.processedThrough(0, wall)).as("at %d ms", wall).isEqualTo(Long.MIN_VALUE);
        }
        book.record(observation(8_000, 100, 100, 50, 50, 0, 0));
        assertThat(book.processedThrough(0, 8_000)).as("studies and their inferences caught up at 8 s").isEqualTo(8_000);
    }

    @Test
    void studiesCommittedButNotYetWindowedHoldTheAnswerBack() {
        book.record(observation(0, 10, 10, 5, 5, 0, 0));
        book.record(observation(5_000, 10, 10, 5, 5, 0, 0));
        final long before = book.processedThrough(0, 5_000);
        // 10 more studies were scored (committed) but their inferences wait for the window aggregator.
        book.record(observation(6_000, 20, 20, 5, 15, 0, 0));
        book.record(observation(11_000, 20, 20, 5, 15, 0, 0));
        assertThat(book.processedThrough(0, 11_000)).isEqualTo(before);
        book.record(observation(12_000, 20, 20, 15, 15, 0, 0));
        assertThat(book.processedThrough(0, 12_000)).isEqualTo(12_000);
    }

    @Test
    void unprocessedLabelsAreABacklogToo() {
        book.record(observation(0, 10, 10, 5, 5, 0, 4));
        book.record(observation(5_000, 10, 10, 5, 5, 0, 4));
        assertThat(book.processedThrough(0, 5_000)).isEqualTo(Long.MIN_VALUE);
        book.record(observation(6_000, 10, 10, 5, 5, 4, 4));
        assertThat(book.processedThrough(0, 6_000)).isEqualTo(6_000);
    }

    @Test
    void studiesCommittedIntoTheInferenceBufferCountAsProcessedOnlyOnceTheyLeftIt() {
        // 10 studies committed by 0 s, studies 6..9 wait in the batch buffer (hold 6) until 3 s.
        for (long wall = 0; wall <= 2_000; wall += 1_000) {
            book.record(held(wall, 6));
            assertThat(book.processedThrough(0, wall)).isEqualTo(Long.MIN_VALUE);
        }
        book.record(held(3_000, 10));
        assertThat(book.processedThrough(0, 3_000)).as("handed on, and committed, at 3 s").isEqualTo(3_000);
        assertThat(book.lag()).containsEntry(STUDIES, 0L);
        book.record(held(9_000, 7));
        assertThat(book.lag()).as("buffered studies are input not yet processed").containsEntry(STUDIES, 3L);
    }

    @Test
    void theLagIsTheLatestObservationsEndLessCommittedPerInputPartition() {
        assertThat(book.lag()).isEmpty();
        book.record(observation(0, 4, 10, 5, 5, 0, 3));
        book.record(observation(1_000, 8, 10, 5, 5, 2, 3));
        assertThat(book.lag()).containsOnly(Map.entry(STUDIES, 2L), Map.entry(INFERENCES, 0L), Map.entry(LABELS, 1L));
    }

    @Test
    void theLastKnownAnswerOutlivesStalenessForTheMetric() {
        assertThat(book.lastProcessedThrough(0)).isEqualTo(Long.MIN_VALUE);
        book.record(observation(2_000, 4, 10, 5, 5, 0, 0));
        assertThat(book.lastProcessedThrough(0)).as("never processed: since the first observation").isEqualTo(2_000);
        for (long wall = 3_000; wall <= 8_000; wall += 1_000) {
            book.record(observation(wall, 10, 10, 5, 5, 0, 0));
        }
        assertThat(book.lastProcessedThrough(0)).isEqualTo(8_000);
        assertThat(book.processedThrough(0, 8_000 + STALE + 1)).isEqualTo(Long.MIN_VALUE);
        assertThat(book.lastProcessedThrough(0)).isEqualTo(8_000);
    }

    @Test
    void partitionsAreAnsweredEachOnTheirOwn() {
        for (long wall = 0; wall <= 6_000; wall += 1_000) {
            book.record(new BacklogBook.Observation(wall, Map.of(STUDIES, 10L, OTHER_STUDIES, 0L),
                    Map.of(STUDIES, 10L, OTHER_STUDIES, 500L)));
        }
        assertThat(book.processedThrough(0, 6_000)).isEqualTo(6_000);
        assertThat(book.processedThrough(1, 6_000)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void anAnswerWithoutARecentObservationIsUnknown() {
        for (long wall = 0; wall <= 6_000; wall += 1_000) {
            book.record(observation(wall, 10, 10, 20, 20, 3, 3));
        }
        assertThat(book.processedThrough(0, 6_000 + STALE)).isEqualTo(6_000);
        assertThat(book.processedThrough(0, 6_001 + STALE)).as("the admin calls stopped answering").isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void oldObservationsAreDroppedAndTheAnswerKeepsMoving() {
        for (long wall = 0; wall <= 600_000; wall += 1_000) {
            book.record(observation(wall, wall, wall, wall, wall, 0, 0));
        }
        assertThat(book.processedThrough(0, 600_000)).isEqualTo(600_000);
    }

    private static BacklogBook.Observation held(final long wall, final long hold) {
        return new BacklogBook.Observation(wall, Map.of(STUDIES, 10L, INFERENCES, 5L, LABELS, 0L),
                Map.of(STUDIES, 10L, INFERENCES, 5L, LABELS, 0L), Map.of(STUDIES, hold));
    }

    private static BacklogBook.Observation observation(final long wall, final long studiesCommitted, final long studiesEnd,
                                                       final long inferencesCommitted, final long inferencesEnd,
                                                       final long labelsCommitted, final long labelsEnd) {
        return new BacklogBook.Observation(wall,
                Map.of(STUDIES, studiesCommitted, INFERENCES, inferencesCommitted, LABELS, labelsCommitted),
                Map.of(STUDIES, studiesEnd, INFERENCES, inferencesEnd, LABELS, labelsEnd));
    }
}
