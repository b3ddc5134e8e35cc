package io.radshift.alert;

import io.radshift.avro.EffectSeverity;
import io.radshift.avro.TestResult;
import io.radshift.avro.WindowSummary;
import io.radshift.avro.WindowVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Window summaries with chosen test results, for lifecycle tests. */
final class Summaries {

    static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");

    private Summaries() {
    }

    /** End of hourly window {@code hour}. */
    static Instant end(final int hour) {
        return MONDAY.plus(Duration.ofHours(hour));
    }

    /** A summary of a 2 h window of {@code site} ending at hour {@code hour}; DRIFT when a test is material. */
    static WindowSummary window(final String site, final String kind, final int hour, final TestResult... tests) {
        final boolean drift = Arrays.stream(tests).anyMatch(TestResult::getDrift);
        return window(site, kind, hour, drift ? WindowVerdict.DRIFT : WindowVerdict.OK, 80, List.of(site + "-novel-" + hour), tests);
    }

    static WindowSummary window(final String site, final String kind, final int hour, final WindowVerdict verdict,
                                final long n, final List<String> novel, final TestResult... tests) {
        return WindowSummary.newBuilder()
                .setSiteId(site).setWindowKind(kind)
                .setWindowStart(end(hour).minus(Duration.ofHours(2))).setWindowEnd(end(hour))
                .setN(n).setVerdict(verdict)
                .setModelId("model").setBundleHash("sha256:bundle").setProfileId("profile")
                .setTests(List.of(tests))
                .setTopNovelStudyIds(novel)
                .setEvaluatedAt(end(hour).plusSeconds(1))
                .build();
    }

    /** A material result: significant and beyond its tolerance. */
    static TestResult material(final String test, final String label, final double effect, final Double tolerance,
                               final Double adjustedP, final EffectSeverity severity) {
        return TestResult.newBuilder().setTest(test).setLabel(label).setStatistic(effect * 10).setThreshold(1.0)
                .setPValue(adjustedP).setAdjustedPValue(adjustedP).setEffectSize(effect).setEffectSizeName("effect")
                .setDrift(true).setEffectTolerance(tolerance).setSignificant(true).setSeverity(severity).build();
    }

    /** A result that is not material (not significant). */
    static TestResult clean(final String test, final String label) {
        return TestResult.newBuilder().setTest(test).setLabel(label).setStatistic(0.1).setThreshold(1.0)
                .setPValue(0.5).setAdjustedPValue(1.0).setEffectSize(0.001).setEffectSizeName("effect")
                .setDrift(false).setEffectTolerance(0.01).setSignificant(false).setSeverity(EffectSeverity.NONE).build();
    }
}
