package io.radshift.stats.drift;

import io.radshift.stats.metrics.GroundTruthSummary;
import java.util.List;
import java.util.Optional;

/**
 * Result of evaluating one closed window against a reference profile; maps onto the Avro WindowSummary.
 *
 * @param n studies in the window
 * @param verdict overall verdict
 * @param correction multiple-testing correction applied
 * @param tests all tests run (empty when INSUFFICIENT_DATA)
 * @param groundTruth ground-truth metrics, empty when no labelled studies
 */
public record Evaluation(long n, Verdict verdict, MultipleTesting.Correction correction, List<TestOutcome> tests,
                         Optional<GroundTruthSummary> groundTruth) {

    /** Copies the list. */
    public Evaluation {
        tests = List.copyOf(tests);
    }

    /** Tests that rejected. */
    public List<TestOutcome> drifted() {
        return tests.stream().filter(TestOutcome::drift).toList();
    }
}
