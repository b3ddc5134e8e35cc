package io.radshift.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.radshift.data.Manifest;
import io.radshift.data.SharedData;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import io.radshift.stats.drift.EvaluatorConfig;
import io.radshift.stats.drift.Evaluation;
import io.radshift.stats.drift.Verdict;
import io.radshift.stats.drift.WindowEvaluator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validation on the real chest X-rays with a fixed toy encoder ({@link TinyImageEncoder}): reference =
 * kermany/train (fit/calibration split by patient); same-hospital windows from kermany val+test images of
 * patients not in the fit part must not raise drift above alpha; windows from other hospitals must be flagged
 * by the embedding tests.
 */
class RealXrayValidationIT {

    private static final Pattern PATIENT = Pattern.compile("^(person\\d+|NORMAL2-IM-\\d+|IM-\\d+)");
    private static final List<String> LABELS = List.of("pneumonia", "normal");
    private static final int WINDOW = 50;
    private static final TinyImageEncoder ENCODER = new TinyImageEncoder(1234);
    private static Manifest manifest;
    private static ReferenceProfile profile;
    private static final List<Observation> SAME_HOSPITAL = new ArrayList<>();

    @BeforeAll
    static void buildReference() throws IOException {
        final var cxr = SharedData.cxr();
        Assumptions.assumeTrue(cxr.isPresent(), SharedData.absentMessage());
        manifest = Manifest.read(cxr.get().resolve("manifest.csv"));
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(LABELS, "tiny-encoder", "test",
            ProfileSettings.defaults().withNullWindows(1000));
        final Set<String> fitPatients = new HashSet<>();
        for (final Manifest.Row row : manifest.where(List.of("source=kermany", "split=train"))) {
            final String patient = patient(row.file());
            builder.add(observation(row), patient);
            if (!builder.isCalibration(patient)) {
                fitPatients.add(patient);
            }
        }
        profile = builder.build("kermany-train", 0L);
        for (final String split : List.of("val", "test")) {
            for (final Manifest.Row row : manifest.where(List.of("source=kermany", "split=" + split))) {
                if (!fitPatients.contains(patient(row.file()))) {
                    SAME_HOSPITAL.add(observation(row));
                }
            }
        }
    }

    private static String patient(final Path file) {
        final Matcher matcher = PATIENT.matcher(file.getFileName().toString());
        return matcher.find() ? matcher.group(1) : file.getFileName().toString();
    }

    private static Observation observation(final Manifest.Row row) throws IOException {
        final int minSide = Math.min(Integer.parseInt(row.get("orig_w")), Integer.parseInt(row.get("orig_h")));
        final TinyImageEncoder.Encoded encoded = ENCODER.encode(row.file(), minSide);
        final String label = row.get("label");
        final boolean known = label.equals("normal") || label.equals("pneumonia");
        return new Observation(row.file().getFileName().toString(), encoded.embedding(), encoded.scores(),
            encoded.quality(), Map.of("view", row.get("view"), "ageGroup", row.get("age_group")),
            new boolean[] {label.equals("pneumonia"), label.equals("normal")}, new boolean[] {known, known});
    }

    private static List<Observation> site(final String source) throws IOException {
        final List<Observation> out = new ArrayList<>();
        for (final Manifest.Row row : manifest.where(List.of("source=" + source))) {
            out.add(observation(row));
        }
        return out;
    }

    private static List<Evaluation> windows(final List<Observation> pool, final int count, final long seed) {
        final WindowEvaluator evaluator = new WindowEvaluator(profile, EvaluatorConfig.defaults());
        final Random random = new Random(seed);
        final List<Evaluation> out = new ArrayList<>();
        final List<Observation> shuffled = new ArrayList<>(pool);
        for (int w = 0; w < count; w++) {
            Collections.shuffle(shuffled, random);
            out.add(evaluator.evaluate(aggregate(shuffled.subList(0, WINDOW))));
        }
        return out;
    }

    /**
     * Windows whose label mix follows the reference prevalence: each slot is pneumonia with the reference
     * probability, then a distinct random image of that class. Removing the patient-overlap images changes the
     * class mix of the val+test pool (pneumonia patients have more images), a genuine prior shift that the
     * label-prior test rightly reports; the stratified windows isolate "same hospital, same label mix".
     */
    private static List<Evaluation> priorMatchedWindows(final List<Observation> pool, final int count,
                                                        final long seed) {
        final WindowEvaluator evaluator = new WindowEvaluator(profile, EvaluatorConfig.defaults());
        final double pneumonia = profile.labels().prevalence(0);
        final List<Observation> positives = new ArrayList<>(pool.stream().filter(o -> o.positives()[0]).toList());
        final List<Observation> negatives = new ArrayList<>(pool.stream().filter(o -> !o.positives()[0]).toList());
        final Random random = new Random(seed);
        final List<Evaluation> out = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            int k = 0;
            for (int i = 0; i < WINDOW; i++) {
                k += random.nextDouble() < pneumonia ? 1 : 0;
            }
            Collections.shuffle(positives, random);
            Collections.shuffle(negatives, random);
            final List<Observation> window = new ArrayList<>(positives.subList(0, k));
            window.addAll(negatives.subList(0, WINDOW - k));
            out.add(evaluator.evaluate(aggregate(window)));
        }
        return out;
    }

    private static WindowAggregate aggregate(final List<Observation> studies) {
        final WindowAggregate aggregate = WindowAggregate.empty(profile.aggregateSpec());
        studies.forEach(aggregate::add);
        return aggregate;
    }

    private static double pneumoniaShare(final List<Observation> pool) {
        return pool.stream().filter(o -> o.positives()[0]).count() / (double) pool.size();
    }

    private static double share(final List<Evaluation> evaluations, final java.util.function.Predicate<Evaluation> p) {
        return evaluations.stream().filter(p).count() / (double) evaluations.size();
    }

    private static boolean embeddingFlag(final Evaluation e) {
        return e.drifted().stream().anyMatch(t -> t.test().startsWith("centroid") || t.test().equals("mmd2-rff"));
    }

    @Test
    void unstratifiedSameHospitalPoolShowsItsGenuinePriorShift() {
        final List<Evaluation> evaluations = windows(SAME_HOSPITAL, 500, 3);
        System.out.printf("kermany pneumonia share: reference %.3f, val+test pool of unseen patients %.3f%n",
            profile.labels().prevalence(0), pneumoniaShare(SAME_HOSPITAL));
        System.out.printf("unstratified kermany val+test windows, n=%d: DRIFT %.3f, embedding-test DRIFT %.3f%n",
            WINDOW, share(evaluations, e -> e.verdict() == Verdict.DRIFT),
            share(evaluations, RealXrayValidationIT::embeddingFlag));
        assertThat(pneumoniaShare(SAME_HOSPITAL)).isLessThan(profile.labels().prevalence(0) - 0.05);
    }

    @Test
    void sameHospitalWindowsOfUnseenPatientsRaiseDriftAtMostAtAlpha() {
        final List<Evaluation> evaluations = priorMatchedWindows(SAME_HOSPITAL, 500, 1);
        final double falseAlarms = share(evaluations, e -> e.verdict() == Verdict.DRIFT);
        System.out.printf("kermany val+test (%d images of unseen patients), n=%d: false-alarm %.3f, "
            + "embedding-test false alarms %.3f over 500 windows%n", SAME_HOSPITAL.size(), WINDOW, falseAlarms,
            share(evaluations, RealXrayValidationIT::embeddingFlag));
        evaluations.stream().flatMap(e -> e.drifted().stream()).map(t -> t.test() + ":" + t.label())
            .collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting()))
            .forEach((test, count) -> System.out.println("  false alarms by " + test + " = " + count));
        assertThat(falseAlarms).isLessThanOrEqualTo(0.05 + 3 * Math.sqrt(0.05 * 0.95 / 500));
    }

    @Test
    void otherHospitalsAreFlaggedByTheEmbeddingTests() throws IOException {
        for (final String source : List.of("hannover", "ieee8023_other_sites")) {
            final List<Evaluation> evaluations = windows(site(source), 200, 2);
            final double flagged = share(evaluations, RealXrayValidationIT::embeddingFlag);
            System.out.printf("%s, n=%d: DRIFT %.3f, embedding tests flag %.3f%n", source, WINDOW,
                share(evaluations, e -> e.verdict() == Verdict.DRIFT), flagged);
            assertThat(flagged).as(source).isGreaterThanOrEqualTo(0.95);
        }
    }
}
