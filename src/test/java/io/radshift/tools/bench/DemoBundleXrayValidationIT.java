package io.radshift.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.data.Manifest;
import io.radshift.data.SharedData;
import io.radshift.tools.demo.model.DemoBundleBuilder;
import io.radshift.offline.BundleStudyScorer;
import io.radshift.offline.LabelMap;
import io.radshift.offline.ReferenceProfiles;
import io.radshift.offline.ScoredInputs;
import io.radshift.offline.StudyInput;
import io.radshift.stats.AggregateSpec;
import io.radshift.stats.Observation;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.drift.DriftTest;
import io.radshift.stats.drift.EvaluatorConfig;
import io.radshift.stats.drift.Evaluation;
import io.radshift.stats.drift.Verdict;
import io.radshift.stats.drift.WindowEvaluator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation of the whole offline path on the real chest X-rays with the real demo ONNX bundle: the bundle is
 * built ({@link DemoBundleBuilder#ensure}), every kermany/train image is scored by ONNX Runtime and the profile
 * is built split by patient; then (a) label-mix matched windows of n = 50 from kermany val+test images of
 * patients absent from kermany/train must raise drift at most at alpha (plus binomial tolerance) over 500
 * windows, and (b) windows of n = 50 from hannover and from ieee8023_other_sites must be flagged at least 90%
 * of the time. Scores are computed once per run (about 5,000 images; the run prints how long it took).
 */
class DemoBundleXrayValidationIT {

    private static final int WINDOW = 50;
    private static final double ALPHA = 0.05;

    @TempDir
    static Path bundleDir;
    private static ReferenceProfile profile;
    private static int stratifyLabel;
    private static List<Observation> unseen;
    private static Map<String, List<Observation>> sites;

    @BeforeAll
    static void scoreOnce() throws IOException {
        final var cxr = SharedData.cxr();
        Assumptions.assumeTrue(cxr.isPresent(), SharedData.absentMessage());
        final Manifest manifest = Manifest.read(cxr.get().resolve("manifest.csv"));
        final long start = System.nanoTime();
        DemoBundleBuilder.ensure(bundleDir);
        try (BundleStudyScorer scorer = BundleStudyScorer.open(bundleDir)) {
            final LabelMap labels = LabelMap.resolve(KermanyProtocol.LABEL_MAP, KermanyProtocol.LABEL_MAP.keySet(),
                scorer.labels());
            final ScoredInputs reference = score(scorer, KermanyProtocol.reference(manifest));
            profile = ReferenceProfiles.build(reference, labels, scorer, ProfileSettings.defaults(), true).profile();
            stratifyLabel = scorer.labels().indexOf(KermanyProtocol.STRATIFY_LABEL);
            unseen = score(scorer, KermanyProtocol.unseenPatients(manifest)).observations(labels);
            sites = new java.util.LinkedHashMap<>();
            for (final String site : KermanyProtocol.OTHER_SITES) {
                sites.put(site, score(scorer, KermanyProtocol.site(manifest, site)).observations(labels));
            }
        }
        System.out.printf("demo bundle built and %d + %d + %d images scored in %.1f s%n",
            profile.labels().studies(), unseen.size(), sites.values().stream().mapToInt(List::size).sum(),
            (System.nanoTime() - start) / 1e9);
    }

    private static ScoredInputs score(final BundleStudyScorer scorer, final List<StudyInput> inputs)
        throws IOException {
        final ScoredInputs scored = ScoredInputs.score(scorer, inputs, (done, total) -> { });
        assertThat(scored.failed()).as("unscorable images").isEmpty();
        return scored;
    }

    /** Each slot pneumonia with the reference prevalence, then distinct random images of each class. */
    private static List<Evaluation> labelMatchedWindows(final WindowEvaluator evaluator, final int count,
                                                        final long seed) {
        final AggregateSpec spec = profile.aggregateSpec();
        final double prevalence = profile.labels().prevalence(stratifyLabel);
        final Predicate<Observation> positive = o -> o.positives()[stratifyLabel];
        final List<Observation> positives = new ArrayList<>(unseen.stream().filter(positive).toList());
        final List<Observation> negatives = new ArrayList<>(unseen.stream().filter(positive.negate()).toList());
        final Random random = new Random(seed);
        final List<Evaluation> out = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            int k = 0;
            for (int i = 0; i < WINDOW; i++) {
                k += random.nextDouble() < prevalence ? 1 : 0;
            }
            Collections.shuffle(positives, random);
            Collections.shuffle(negatives, random);
            final List<Observation> window = new ArrayList<>(positives.subList(0, k));
            window.addAll(negatives.subList(0, WINDOW - k));
            out.add(evaluator.evaluate(WindowAggregate.of(spec, window)));
        }
        return out;
    }

    /** Random windows without replacement and without ground truth (other hospitals' labels are not mapped). */
    private static List<Evaluation> siteWindows(final WindowEvaluator evaluator, final List<Observation> pool,
                                                final int count, final long seed) {
        final AggregateSpec spec = profile.aggregateSpec();
        final Random random = new Random(seed);
        final List<Observation> shuffled = new ArrayList<>(pool.stream()
            .map(o -> new Observation(o.studyId(), o.embedding(), o.scores(), o.quality(), o.metadata())).toList());
        final List<Evaluation> out = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            Collections.shuffle(shuffled, random);
            out.add(evaluator.evaluate(WindowAggregate.of(spec, shuffled.subList(0, WINDOW))));
        }
        return out;
    }

    private static double driftRate(final List<Evaluation> evaluations) {
        return evaluations.stream().filter(e -> e.verdict() == Verdict.DRIFT).count() / (double) evaluations.size();
    }

    @Test
    void sameHospitalWindowsOfUnseenPatientsRaiseDriftAtMostAtAlpha() {
        final int windows = 500;
        final List<Evaluation> evaluations = labelMatchedWindows(
            new WindowEvaluator(profile, EvaluatorConfig.defaults()), windows, 11);
        final double falseAlarms = driftRate(evaluations);
        System.out.printf("demo bundle, kermany unseen patients (%d images), n=%d: false-alarm rate %.3f over %d "
            + "windows%n", unseen.size(), WINDOW, falseAlarms, windows);
        evaluations.stream().flatMap(e -> e.drifted().stream())
            .collect(Collectors.groupingBy(t -> t.test() + ":" + t.label(), Collectors.counting()))
            .forEach((test, count) -> System.out.println("  false alarms by " + test + " = " + count));
        assertThat(falseAlarms).isLessThanOrEqualTo(ALPHA + 3 * Math.sqrt(ALPHA * (1 - ALPHA) / windows));
    }

    @Test
    void otherHospitalsAreFlagged() {
        final WindowEvaluator full = new WindowEvaluator(profile, EvaluatorConfig.defaults());
        final WindowEvaluator embedding = new WindowEvaluator(profile, EvaluatorConfig.defaults()
            .withTests(EnumSet.of(DriftTest.CENTROID, DriftTest.MMD)));
        for (final Map.Entry<String, List<Observation>> site : sites.entrySet()) {
            final double flagged = driftRate(siteWindows(full, site.getValue(), 200, 5));
            final double byEmbedding = driftRate(siteWindows(embedding, site.getValue(), 200, 5));
            System.out.printf("demo bundle, %s (%d images), n=%d: flagged %.3f, by the embedding tests alone %.3f%n",
                site.getKey(), site.getValue().size(), WINDOW, flagged, byEmbedding);
            assertThat(flagged).as(site.getKey()).isGreaterThanOrEqualTo(0.9);
            assertThat(byEmbedding).as(site.getKey() + " embedding tests").isGreaterThanOrEqualTo(0.9);
        }
    }
}
