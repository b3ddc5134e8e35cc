package io.radshift.tools.bench;

import io.radshift.stats.AggregateSpec;
import io.radshift.stats.Observation;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.drift.DriftTest;
import io.radshift.stats.drift.EffectSeverity;
import io.radshift.stats.drift.EvaluatorConfig;
import io.radshift.stats.drift.Evaluation;
import io.radshift.stats.drift.TestOutcome;
import io.radshift.stats.drift.Verdict;
import io.radshift.stats.drift.WindowEvaluator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Detection benchmark: for each condition (a pool of scored studies) and window size n, draws windows and asks
 * four detectors whether each window drifted, measuring the flag rate and the compute time per window in one
 * process. Detectors: RadShift's full evaluator verdict; RadShift's embedding tests alone (centroid distances
 * and RFF-MMD^2 with n-calibrated nulls); Evidently's mean-embedding distance rule ({@link MeanDistanceRule});
 * an Alibi-Detect-style MMD permutation test ({@link MmdPermutationDetector}) against a random subsample of the
 * reference.
 *
 * <p>Windows carry no ground truth (as at deployment), so RadShift's label-prior test does not run. On the null
 * condition the flag rate is the false-alarm rate, elsewhere the power. A pool with ground truth for the
 * stratification label is sampled label-mix matched (each slot positive with the reference prevalence), so
 * same-hospital windows differ from the reference only by sampling; other pools are sampled uniformly, without
 * replacement when the pool is large enough and with replacement (marked) otherwise.
 *
 * <p>RadShift's full verdict flags a window when some test drifts materially (significant after correction and
 * beyond its effect tolerance). Beside it each condition reports the windows in which some test was merely
 * significant (the verdict before tolerances existed) and the largest severity of the material ones.
 */
public final class DetectionBenchmark {

    /** Detector names, in table order. */
    public static final List<String> METHODS = List.of("RadShift (all tests)", "RadShift (embedding tests)",
        "Evidently distance > 0.2", "MMD permutation test");
    /**
     * Timing key of building the window aggregate, part of both RadShift times: in the streaming path it is
     * spent study by study as events arrive, not at window close.
     */
    public static final String AGGREGATION = "RadShift aggregation part";
    /** Timing key of RadShift's full evaluation of a built aggregate (the work at window close). */
    public static final String EVALUATION = "RadShift evaluation part";
    /** Index of the significant-window count after the per-severity counts of a condition. */
    private static final int SIGNIFICANT = EffectSeverity.values().length;

    /**
     * Settings.
     *
     * @param sizes window sizes
     * @param windows windows per condition and size
     * @param mmdReferenceSize reference subsample of the permutation test
     * @param permutations permutations of the permutation test
     * @param alpha level of RadShift's tests and of the permutation test
     * @param seed seed of window sampling, the MMD reference subsample and the permutations
     */
    public record Settings(int[] sizes, int windows, int mmdReferenceSize, int permutations, double alpha,
                           long seed) {
    }

    /**
     * A pool of studies windows are drawn from.
     *
     * @param name condition name
     * @param role "false alarm" or "power"
     * @param pool scored studies
     * @param stratifyLabel index of the label whose reference prevalence windows follow, or -1 for uniform
     */
    public record Condition(String name, String role, List<Observation> pool, int stratifyLabel) {
    }

    /** Flag count of one detector on one condition and window size. */
    public record Cell(String condition, String role, int n, String method, int flagged, int windows,
                       boolean withReplacement, Map<String, Integer> driftingTests) {
        /** Share of windows flagged. */
        public double rate() {
            return (double) flagged / windows;
        }
    }

    /** Median compute time of one detector per window of size n, over all conditions. */
    public record Timing(String method, int n, double medianMicros) {
    }

    /**
     * RadShift's full verdict on one condition and window size.
     *
     * @param material    windows with a material drift (the verdict DRIFT)
     * @param significant windows with some test significant after correction, whatever its effect
     * @param warning     material windows whose largest severity is WARNING
     * @param critical    material windows whose largest severity is CRITICAL
     * @param meanEffects mean effect size per test name, over the windows (and over labels for per-label tests)
     */
    public record Verdicts(String condition, String role, int n, int windows, int material, int significant,
                           int warning, int critical, Map<String, Double> meanEffects) {
        /** Share of windows with a material drift. */
        public double materialRate() {
            return (double) material / windows;
        }

        /** Share of windows with a significant test. */
        public double significantRate() {
            return (double) significant / windows;
        }
    }

    /** All cells, timings and full verdicts. */
    public record Result(List<Cell> cells, List<Timing> timings, List<Verdicts> verdicts) {
    }

    private final ReferenceProfile profile;
    private final Settings settings;
    private final AggregateSpec spec;
    private final WindowEvaluator full;
    private final WindowEvaluator embeddingOnly;
    private final MeanDistanceRule meanDistance;
    private final MmdPermutationDetector permutationTest;

    /** A benchmark against {@code profile}, with the baselines fitted on {@code reference} embeddings. */
    public DetectionBenchmark(final ReferenceProfile profile, final List<Observation> reference,
                              final Settings settings) {
        this.profile = profile;
        this.settings = settings;
        this.spec = profile.aggregateSpec();
        final EvaluatorConfig config = EvaluatorConfig.defaults();
        final EvaluatorConfig atAlpha = new EvaluatorConfig(settings.alpha(), config.minimumN(), config.correction(),
            config.tests());
        this.full = new WindowEvaluator(profile, atAlpha);
        this.embeddingOnly = new WindowEvaluator(profile, atAlpha.withTests(EnumSet.of(DriftTest.CENTROID,
            DriftTest.MMD)));
        this.meanDistance = new MeanDistanceRule(embeddings(reference), MeanDistanceRule.DEFAULT_THRESHOLD);
        final List<Observation> shuffled = new ArrayList<>(reference);
        Collections.shuffle(shuffled, new Random(settings.seed()));
        this.permutationTest = new MmdPermutationDetector(
            embeddings(shuffled.subList(0, Math.min(settings.mmdReferenceSize(), shuffled.size()))),
            settings.permutations());
    }

    /** Runs every condition at every size; {@code progress} receives (done, total) windows. */
    public Result run(final List<Condition> conditions, final ProgressListener progress) {
        final List<Cell> cells = new ArrayList<>();
        final List<Verdicts> verdicts = new ArrayList<>();
        final Map<String, List<Long>> nanos = new LinkedHashMap<>();
        final int total = conditions.size() * settings.sizes().length * settings.windows();
        int done = 0;
        warmUp(conditions.get(0));
        for (final int n : settings.sizes()) {
            for (final Condition condition : conditions) {
                final int[] flagged = new int[METHODS.size()];
                final int[] verdict = new int[EffectSeverity.values().length + 1];
                final Map<String, double[]> effects = new java.util.TreeMap<>();
                final Map<String, Integer> drifting = new java.util.TreeMap<>();
                final Random random = new Random(settings.seed() * 31 + n * 7919L + condition.name().hashCode());
                final boolean replacement = condition.stratifyLabel() < 0 && n > condition.pool().size();
                for (int w = 0; w < settings.windows(); w++) {
                    final List<Observation> window = draw(condition, n, random);
                    final boolean[] flags = detect(window, random.nextLong(), n, nanos, drifting, verdict, effects);
                    for (int m = 0; m < flags.length; m++) {
                        flagged[m] += flags[m] ? 1 : 0;
                    }
                    progress.update(++done, total);
                }
                for (int m = 0; m < METHODS.size(); m++) {
                    cells.add(new Cell(condition.name(), condition.role(), n, METHODS.get(m), flagged[m],
                        settings.windows(), replacement, m == 0 ? Map.copyOf(drifting) : Map.of()));
                }
                verdicts.add(new Verdicts(condition.name(), condition.role(), n, settings.windows(), flagged[0],
                    verdict[SIGNIFICANT], verdict[EffectSeverity.WARNING.ordinal()],
                    verdict[EffectSeverity.CRITICAL.ordinal()], means(effects)));
            }
        }
        return new Result(cells, timings(nanos), verdicts);
    }

    /** Receives progress. */
    @FunctionalInterface
    public interface ProgressListener {
        /** {@code done} of {@code total} windows evaluated. */
        void update(int done, int total);
    }

    private void warmUp(final Condition condition) {
        // Let the JIT compile every detector before timing starts; results are discarded.
        final Random random = new Random(settings.seed());
        for (int w = 0; w < 20; w++) {
            detect(draw(condition, settings.sizes()[0], random), w, settings.sizes()[0], new LinkedHashMap<>(), null,
                null, null);
        }
    }

    private boolean[] detect(final List<Observation> window, final long seed, final int n,
                             final Map<String, List<Long>> nanos, final Map<String, Integer> falseAlarmTests,
                             final int[] verdict, final Map<String, double[]> effects) {
        final float[][] embeddings = embeddings(window);
        final boolean[] flags = new boolean[METHODS.size()];
        final long start = System.nanoTime();
        final WindowAggregate aggregate = WindowAggregate.of(spec, window);
        final long aggregated = System.nanoTime();
        final Evaluation evaluation = full.evaluate(aggregate);
        final long evaluated = System.nanoTime();
        flags[0] = evaluation.verdict() == Verdict.DRIFT;
        flags[1] = embeddingOnly.evaluate(aggregate).verdict() == Verdict.DRIFT;
        final long embeddingEvaluated = System.nanoTime();
        flags[2] = meanDistance.drift(embeddings);
        final long distanced = System.nanoTime();
        flags[3] = permutationTest.test(embeddings, seed).pValue() < settings.alpha();
        final long permuted = System.nanoTime();
        record(nanos, METHODS.get(0), n, evaluated - start);
        record(nanos, METHODS.get(1), n, aggregated - start + embeddingEvaluated - evaluated);
        record(nanos, METHODS.get(2), n, distanced - embeddingEvaluated);
        record(nanos, METHODS.get(3), n, permuted - distanced);
        record(nanos, AGGREGATION, n, aggregated - start);
        record(nanos, EVALUATION, n, evaluated - aggregated);
        if (falseAlarmTests != null) {
            evaluation.drifted().stream().map(TestOutcome::test).distinct()
                .forEach(test -> falseAlarmTests.merge(test, 1, Integer::sum));
        }
        if (verdict != null) {
            verdict[SIGNIFICANT] += evaluation.tests().stream().anyMatch(TestOutcome::significant) ? 1 : 0;
            evaluation.drifted().stream().map(TestOutcome::severity).max(Comparator.naturalOrder())
                .ifPresent(severity -> verdict[severity.ordinal()]++);
        }
        if (effects != null) {
            for (final TestOutcome t : evaluation.tests()) {
                final double[] sum = effects.computeIfAbsent(t.test(), k -> new double[2]);
                sum[0] += t.effectSize();
                sum[1]++;
            }
        }
        return flags;
    }

    private static Map<String, Double> means(final Map<String, double[]> sums) {
        final Map<String, Double> means = new java.util.TreeMap<>();
        sums.forEach((test, sum) -> means.put(test, sum[0] / sum[1]));
        return Map.copyOf(means);
    }

    private static void record(final Map<String, List<Long>> nanos, final String method, final int n,
                               final long elapsed) {
        nanos.computeIfAbsent(method + "\u0000" + n, k -> new ArrayList<>()).add(elapsed);
    }

    private List<Observation> draw(final Condition condition, final int n, final Random random) {
        final List<Observation> pool = condition.pool();
        final List<Observation> window;
        if (condition.stratifyLabel() >= 0) {
            window = stratified(pool, condition.stratifyLabel(), n, random);
        } else if (n <= pool.size()) {
            final List<Observation> shuffled = new ArrayList<>(pool);
            Collections.shuffle(shuffled, random);
            window = shuffled.subList(0, n);
        } else {
            window = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                window.add(pool.get(random.nextInt(pool.size())));
            }
        }
        return window.stream().map(DetectionBenchmark::withoutTruth).toList();
    }

    private List<Observation> stratified(final List<Observation> pool, final int label, final int n,
                                         final Random random) {
        final double prevalence = profile.labels().prevalence(label);
        final Predicate<Observation> positive = o -> o.hasTruth() && o.known()[label] && o.positives()[label];
        final Predicate<Observation> negative = o -> o.hasTruth() && o.known()[label] && !o.positives()[label];
        final List<Observation> positives = new ArrayList<>(pool.stream().filter(positive).toList());
        final List<Observation> negatives = new ArrayList<>(pool.stream().filter(negative).toList());
        int k = 0;
        for (int i = 0; i < n; i++) {
            k += random.nextDouble() < prevalence ? 1 : 0;
        }
        if (k > positives.size() || n - k > negatives.size()) {
            throw new IllegalArgumentException("pool too small for label-matched windows of " + n
                + " (positives " + positives.size() + ", negatives " + negatives.size() + ")");
        }
        Collections.shuffle(positives, random);
        Collections.shuffle(negatives, random);
        final List<Observation> window = new ArrayList<>(positives.subList(0, k));
        window.addAll(negatives.subList(0, n - k));
        return window;
    }

    private static Observation withoutTruth(final Observation o) {
        return new Observation(o.studyId(), o.embedding(), o.scores(), o.quality(), o.metadata());
    }

    private static float[][] embeddings(final List<Observation> observations) {
        return observations.stream().map(Observation::embedding).toArray(float[][]::new);
    }

    private static List<Timing> timings(final Map<String, List<Long>> nanos) {
        final List<Timing> out = new ArrayList<>();
        nanos.forEach((key, values) -> {
            final String[] parts = key.split("\u0000");
            final long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
            out.add(new Timing(parts[0], Integer.parseInt(parts[1]), sorted[sorted.length / 2] / 1e3));
        });
        return out;
    }

    /** Median time of a detector at size n, from a result. */
    public static double medianMicros(final Result result, final String method, final int n) {
        return result.timings().stream().filter(t -> t.method().equals(method) && t.n() == n)
            .mapToDouble(Timing::medianMicros).findFirst().orElse(Double.NaN);
    }
}
