package io.radshift.tools.bench;

import io.radshift.report.DetectionMarkdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.radshift.stats.Observation;
import io.radshift.stats.SyntheticStudies;
import io.radshift.stats.SyntheticStudies.Shift;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The benchmark harness on synthetic studies whose truth is known: no shift vs an embedding shift. */
class DetectionBenchmarkTest {

    private static DetectionBenchmark.Result result;

    @BeforeAll
    static void run() {
        final SyntheticStudies generator = new SyntheticStudies(16, 5);
        final SplittableRandom random = new SplittableRandom(9);
        final List<Observation> reference = generator.draw(1500, Shift.NONE, random, "r");
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(SyntheticStudies.LABELS, "toy", "h",
            ProfileSettings.defaults().withNullWindows(300));
        reference.forEach(builder::add);
        final ReferenceProfile profile = builder.build("p", 0L);
        final DetectionBenchmark benchmark = new DetectionBenchmark(profile, reference,
            new DetectionBenchmark.Settings(new int[] {50, 150}, 60, 200, 50, 0.05, 3));
        result = benchmark.run(List.of(
            new DetectionBenchmark.Condition("same", "false alarm", generator.draw(600, Shift.NONE, random, "s"), -1),
            new DetectionBenchmark.Condition("shifted", "power", generator.draw(100, Shift.EMBEDDING, random, "e"),
                -1)), (done, total) -> { });
    }

    private static double rate(final String condition, final int n, final int method) {
        return result.cells().stream().filter(c -> c.condition().equals(condition) && c.n() == n
            && c.method().equals(DetectionBenchmark.METHODS.get(method))).findFirst().orElseThrow().rate();
    }

    @Test
    void everyDetectorIsRunOnEveryConditionAndSize() {
        assertThat(result.cells()).hasSize(2 * 2 * DetectionBenchmark.METHODS.size());
        assertThat(result.cells()).allSatisfy(c -> assertThat(c.windows()).isEqualTo(60));
        assertThat(result.cells()).filteredOn(c -> c.condition().equals("shifted") && c.n() == 150)
            .allMatch(DetectionBenchmark.Cell::withReplacement);
        assertThat(result.cells()).filteredOn(c -> c.condition().equals("same")).noneMatch(
            DetectionBenchmark.Cell::withReplacement);
    }

    @Test
    void calibratedTestsStayNearAlphaWithoutShiftAndDetectTheEmbeddingShift() {
        for (final int n : new int[] {50, 150}) {
            // 60 windows: a rate at or below 0.15 is consistent with alpha = 0.05 (binomial upper tail < 0.001).
            assertThat(rate("same", n, 1)).as("RadShift embedding, n=%d", n).isLessThanOrEqualTo(0.15);
            assertThat(rate("same", n, 3)).as("MMD permutation, n=%d", n).isLessThanOrEqualTo(0.15);
            assertThat(rate("shifted", n, 1)).as("RadShift embedding power, n=%d", n).isGreaterThanOrEqualTo(0.9);
            assertThat(rate("shifted", n, 3)).as("MMD permutation power, n=%d", n).isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void fullVerdictsCountMaterialAndSignificantWindowsAndTheBenchLineReportsThem() {
        assertThat(result.verdicts()).hasSize(4).allSatisfy(v -> {
            assertThat(v.material()).isEqualTo((int) Math.round(rate(v.condition(), v.n(), 0) * v.windows()));
            assertThat(v.material()).isLessThanOrEqualTo(v.significant());
            assertThat(v.warning() + v.critical()).isEqualTo(v.material());
        });
        assertThat(result.verdicts()).filteredOn(v -> v.condition().equals("shifted"))
            .allSatisfy(v -> assertThat(v.materialRate()).isGreaterThanOrEqualTo(0.9));
        // Unbiased effects: about 0 without a shift at both sizes, the same clear shift at both sizes.
        assertThat(result.verdicts()).filteredOn(v -> v.condition().equals("same"))
            .allSatisfy(v -> assertThat(Math.abs(v.meanEffects().get("mmd2-rff"))).isLessThan(0.002));
        final double small = result.verdicts().stream().filter(v -> v.condition().equals("shifted") && v.n() == 50)
            .findFirst().orElseThrow().meanEffects().get("mmd2-rff");
        final double large = result.verdicts().stream().filter(v -> v.condition().equals("shifted") && v.n() == 150)
            .findFirst().orElseThrow().meanEffects().get("mmd2-rff");
        assertThat(small).isGreaterThan(0.01).isCloseTo(large, within(0.25 * large));
        assertThat(DetectionMarkdown.render(result, new int[] {50, 150}))
            .contains("| condition | role | n | material drift | significant |", "| same | 50 |");
        assertThat(DetectionMarkdown.falseAlarmGoal(result, 0.05)).contains("False alarms of the full verdict on same",
            "| 50 | 60 |");
        assertThat(DetectionMarkdown.benchLine(result, 0.05))
            .matches("BENCH detection far_n50=\\d\\.\\d{3} far_n150=\\d\\.\\d{3} min_power_n50plus=\\d\\.\\d{3} "
                + "alpha=0\\.05");
    }

    @Test
    void timingsCoverEveryDetectorAndTheRadShiftParts() {
        for (final int n : new int[] {50, 150}) {
            for (final String method : DetectionBenchmark.METHODS) {
                assertThat(DetectionBenchmark.medianMicros(result, method, n)).as(method).isPositive();
            }
            assertThat(DetectionBenchmark.medianMicros(result, DetectionBenchmark.AGGREGATION, n)
                + DetectionBenchmark.medianMicros(result, DetectionBenchmark.EVALUATION, n))
                .isLessThanOrEqualTo(1.5 * DetectionBenchmark.medianMicros(result, DetectionBenchmark.METHODS.get(0), n));
        }
        assertThat(DetectionMarkdown.render(result, new int[] {50, 150}))
            .contains("| same | false alarm | 50 |", "| shifted (with replacement) | power | 150 |",
                "MMD test / RadShift evaluation at window close");
    }
}
