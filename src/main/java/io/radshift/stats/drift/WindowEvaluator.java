package io.radshift.stats.drift;

import io.radshift.stats.QualityFeatures;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.math.Distributions;
import io.radshift.stats.math.EffectSizes;
import io.radshift.stats.math.GoodnessOfFit;
import io.radshift.stats.metrics.GroundTruthSummary;
import io.radshift.stats.profile.CentroidStatistics;
import io.radshift.stats.profile.GroupTolerance;
import io.radshift.stats.profile.LabelReference;
import io.radshift.stats.profile.MetadataReference;
import io.radshift.stats.profile.NullDistribution;
import io.radshift.stats.profile.QualityReference;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.WindowEffects;
import io.radshift.stats.sketch.RandomFourierFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Evaluates one closed {@link WindowAggregate} against a {@link ReferenceProfile}: whole-embedding tests with
 * n-calibrated nulls (centroid distance, RFF-MMD^2), exact binomial tests for label prior shift and rare-label
 * over-confidence, chi-squared tests for score histograms and metadata, z-tests for image quality; then Holm or
 * Benjamini-Hochberg across all tests of the window. Stateless and thread-safe.
 *
 * <p>Material drift, not merely significant drift: every outcome carries a debiased effect size ({@link
 * WindowEffects}; it does not grow by itself in small windows) and its practical tolerance ({@link Tolerances}:
 * the family's band, raised to the tolerance the profile derived from its own variation between groups of
 * patients). A test is {@code significant} when its adjusted p-value is at most alpha, and {@code drift} only
 * when it is significant AND its effect is beyond the tolerance; its severity then follows the size of the
 * effect (WARNING beyond the tolerance, CRITICAL beyond the critical tolerance), not the kind of test. The
 * verdict is DRIFT when some test drifts materially.
 *
 * <p>The quality, score-histogram and metadata tests take their p-value and threshold from the profile's
 * n-calibrated null of the statistic ({@link ReferenceProfile#qualityNull}, {@link
 * ReferenceProfile#scoreHistogramNull}, {@link ReferenceProfile#metadataNull}) when the profile has one that is
 * not degenerate at the window's n: their analytic nulls assume i.i.d. studies and an exact reference and, on
 * real same-hospital data with patient and batch structure, are too narrow, more so the larger the window.
 * Profiles built before these nulls existed (or a null whose mean or variance is 0 at this n, e.g. a label whose
 * scores fall in one bin) fall back to the analytic normal / chi-squared null. The outcome's detail
 * {@code nullCalibrated} says which was used (1 or 0). Their calibrated p-value is floored by the stored empirical
 * quantiles ({@link NullDistribution#pValueWithEmpiricalFloor}).
 */
public final class WindowEvaluator {

    /**
     * Labelled studies of a label a window needs before its label-prior test runs. Cohen's h from k labels has a
     * standard error of about 1 / sqrt(k): 0.2, the default tolerance itself, at 25. Below that the test cannot
     * tell a material shift from the luck of which studies were labelled, and 20-study windows with about ten
     * labels paged stable sites for it (BENCHMARKS.md, Alerts).
     */
    public static final int MIN_LABELLED = 25;

    private final ReferenceProfile profile;
    private final EvaluatorConfig config;
    private final long specFingerprint;
    private final Map<String, Double> derivedTolerances;

    /** An evaluator for windows aggregated with {@code profile.aggregateSpec()}. */
    public WindowEvaluator(final ReferenceProfile profile, final EvaluatorConfig config) {
        this.profile = profile;
        this.config = config;
        // Computed once: building the spec regenerates the RFF frequencies.
        this.specFingerprint = profile.aggregateSpec().fingerprint();
        this.derivedTolerances = profile.tolerances().stream()
            .collect(Collectors.toMap(GroupTolerance::key, GroupTolerance::tolerance, (a, b) -> a));
    }

    /** The level of this evaluator's tests (for a sliding window, alpha over the windows that share a study). */
    public double alpha() {
        return config.alpha();
    }

    /** Evaluates the window. */
    public Evaluation evaluate(final WindowAggregate window) {
        if (window.spec().fingerprint() != specFingerprint) {
            throw new IllegalArgumentException("window was aggregated with a spec of another profile");
        }
        final Optional<GroundTruthSummary> truth =
            window.truth().labelledCount() == 0 ? Optional.empty() : Optional.of(window.truth().summary());
        if (window.count() < config.minimumN()) {
            return new Evaluation(window.count(), Verdict.INSUFFICIENT_DATA, config.correction(), List.of(), truth);
        }
        final List<Candidate> raw = runTests(window);
        final List<TestOutcome> judged = judge(raw);
        final boolean drift = judged.stream().anyMatch(TestOutcome::drift);
        return new Evaluation(window.count(), drift ? Verdict.DRIFT : Verdict.OK, config.correction(), judged,
            truth);
    }

    /**
     * A test's raw outcome (no adjusted p-value yet), the family whose tolerance applies to its effect and the
     * standard error of the effect (NaN where none is known).
     */
    private record Candidate(TestOutcome outcome, EffectFamily family, double standardError) {
    }

    private List<Candidate> runTests(final WindowAggregate window) {
        final List<Candidate> outcomes = new ArrayList<>();
        if (config.tests().contains(DriftTest.CENTROID)) {
            outcomes.addAll(centroidTests(window));
        }
        if (config.tests().contains(DriftTest.MMD)) {
            outcomes.add(mmdTest(window));
        }
        if (config.tests().contains(DriftTest.LABEL_PRIOR)) {
            outcomes.addAll(labelPriorTests(window));
        }
        if (config.tests().contains(DriftTest.RARE_OVERCONFIDENCE)) {
            outcomes.addAll(rareOverconfidenceTests(window));
        }
        if (config.tests().contains(DriftTest.SCORE_HISTOGRAM)) {
            outcomes.addAll(histogramTests(window));
        }
        if (config.tests().contains(DriftTest.METADATA)) {
            outcomes.addAll(metadataTests(window));
        }
        if (config.tests().contains(DriftTest.QUALITY)) {
            outcomes.addAll(qualityTests(window));
        }
        return outcomes;
    }

    /** Holm / BH on the p-values as before; then significance, tolerance and severity of every test. */
    private List<TestOutcome> judge(final List<Candidate> raw) {
        final double[] p = raw.stream().mapToDouble(c -> c.outcome().pValue()).toArray();
        final double[] adjusted = MultipleTesting.adjust(p, config.correction());
        final List<TestOutcome> result = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            final TestOutcome outcome = raw.get(i).outcome();
            final EffectFamily family = raw.get(i).family();
            final Tolerance tolerance = config.tolerances().resolve(family, outcome.label(),
                derived(ReferenceProfile.effectKey(outcome.test(), outcome.label())));
            result.add(outcome.judged(adjusted[i], adjusted[i] <= config.alpha(), tolerance,
                family.magnitude(outcome.effectSize()), raw.get(i).standardError()));
        }
        return result;
    }

    private OptionalDouble derived(final String key) {
        final Double value = derivedTolerances.get(key);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private List<Candidate> centroidTests(final WindowAggregate window) {
        final long n = window.count();
        final double[] mean = window.meanEmbedding();
        final double[] reference = profile.embedding().mean();
        final NullDistribution euclidean = profile.nullDistribution(ReferenceProfile.CENTROID_EUCLIDEAN2);
        final double squared = CentroidStatistics.squaredEuclidean(mean, reference);
        final NullDistribution cosine = profile.nullDistribution(ReferenceProfile.CENTROID_COSINE);
        final double cos = CentroidStatistics.cosineDistance(mean, reference);
        // The centroid shift is the squared distance over the reference's total variance (WindowEffects).
        final double trace = Arrays.stream(profile.embedding().variance()).sum();
        return List.of(
            calibrated(WindowEffects.CENTROID_EUCLIDEAN, Math.sqrt(squared),
                Math.sqrt(euclidean.thresholdWithTailFit(config.alpha(), n)),
                euclidean.pValueWithTailFit(squared, n),
                WindowEffects.centroidShift(window, profile.embedding()), EffectFamily.CENTROID_EUCLIDEAN,
                euclidean, n, squared, trace > 0 ? trace : 1),
            calibrated(WindowEffects.CENTROID_COSINE, cos, cosine.thresholdWithTailFit(config.alpha(), n),
                cosine.pValueWithTailFit(cos, n),
                WindowEffects.cosineDistance(window, profile.embedding()), EffectFamily.CENTROID_COSINE,
                cosine, n, cos, 1));
    }

    private Candidate mmdTest(final WindowAggregate window) {
        final long n = window.count();
        final double mmd2 = RandomFourierFeatures.mmd2(window.rffSum(), n, profile.embedding().rffMean(), 1);
        final NullDistribution nullDistribution = profile.nullDistribution(ReferenceProfile.MMD2_RFF);
        return calibrated(WindowEffects.MMD2_RFF, mmd2,
            nullDistribution.thresholdWithTailFit(config.alpha(), n),
            nullDistribution.pValueWithTailFit(mmd2, n), WindowEffects.mmd2(window, profile.embedding()), EffectFamily.MMD,
            nullDistribution, n, mmd2, 1);
    }

    /**
     * An embedding test's candidate. The statistic is the plug-in one the null was calibrated for; its ratio to
     * the null mean at this n says how many "typical null windows" away the window is. The effect is the
     * debiased estimate, the calibrated statistic over {@code effectScale}; its standard error is the spread of
     * that estimate at the estimated effect ({@link #standardErrorAt}).
     */
    private static Candidate calibrated(final String name, final double statistic, final double threshold,
                                        final double p, final WindowEffects.Effect effect, final EffectFamily family,
                                        final NullDistribution nullDistribution, final long n,
                                        final double calibratedStatistic, final double effectScale) {
        final double nullMean = nullDistribution.mean(n);
        final double nullStandardError = Math.sqrt(nullDistribution.variance(n)) / effectScale;
        return new Candidate(new TestOutcome(name, null, statistic, threshold, p, null, effect.value(),
            family.effectName(), false, Map.of("nullMean", nullMean, "ratioToNullMean", calibratedStatistic / nullMean)),
            family, standardErrorAt(effect.value(), nullStandardError, nullMean / effectScale));
    }

    /**
     * The standard error of a squared-scale effect (a squared distance, a divergence, a PSI) at its estimate
     * {@code effect}, from its spread {@code nullStandardError} and mean {@code nullMean} in the null (both on the
     * effect's scale). Such a statistic is a quadratic form of the window's means: with no change its variance is
     * 2 tr(W^2); a shift delta adds the cross term 4 delta' W delta, which for a shift shaped like the data's own
     * variation is 4 effect tr(W^2) / tr(W). Hence var = nullVar (1 + 2 effect / nullMean); for a chi-squared
     * statistic (k degrees of freedom, non-centrality lambda) this is its exact variance 2k + 4 lambda. The null's
     * spread alone is a lower bound: at n = 200 a PSI of 0.15 over 10 bins spreads 2.8 times as wide as a PSI of 0,
     * and with the null's spread the incident margin ({@code Finding.clearsTolerance}) let cohorts whose effect
     * sits near the tolerance page stable sites (BENCHMARKS.md, Alerts). The effect put in is the estimate less one
     * null standard error: noise alone lifts half the null windows' estimates above 0, and taken at face value it
     * would widen their standard error by up to 1.7 times (a PSI of one degree of freedom). An estimate within one
     * null standard error of 0 keeps the null's spread.
     */
    static double standardErrorAt(final double effect, final double nullStandardError, final double nullMean) {
        final double signal = effect - nullStandardError;
        if (!(nullMean > 0) || !(signal > 0)) {
            return nullStandardError;
        }
        return nullStandardError * Math.sqrt(1 + 2 * signal / nullMean);
    }

    private List<Candidate> labelPriorTests(final WindowAggregate window) {
        final LabelReference labels = profile.labels();
        final List<Candidate> outcomes = new ArrayList<>();
        for (int i = 0; i < labels.labels().size(); i++) {
            final long known = window.truth().known(i);
            if (known < MIN_LABELLED || labels.known()[i] == 0) {
                continue;
            }
            final long positives = window.truth().positives(i);
            final double p0 = labels.prevalence(i);
            final double rate = (double) positives / known;
            final double[] ci = Distributions.wilsonInterval(positives, known, config.alpha());
            final WindowEffects.Effect effect = WindowEffects.labelPrior(window, i, labels);
            outcomes.add(new Candidate(new TestOutcome(WindowEffects.LABEL_PRIOR, labels.labels().get(i), rate, null,
                Distributions.binomialTwoSided(positives, known, p0), null,
                effect.value(), EffectFamily.LABEL_PRIOR.effectName(), false,
                Map.of("referencePrevalence", p0, "windowRateLower", ci[0], "windowRateUpper", ci[1],
                    "rateDifference", rate - p0, "known", (double) known)), EffectFamily.LABEL_PRIOR,
                Math.sqrt(effect.variance())));
        }
        return outcomes;
    }

    private List<Candidate> rareOverconfidenceTests(final WindowAggregate window) {
        final LabelReference labels = profile.labels();
        final long n = window.count();
        final List<Candidate> outcomes = new ArrayList<>();
        for (final String rare : labels.rareLabels()) {
            final int i = labels.labels().indexOf(rare);
            final long high = window.highConfidenceCount(i);
            final double reference = labels.highConfidenceRate(i);
            final double rate = (double) high / n;
            final double[] ci = Distributions.wilsonInterval(high, n, config.alpha());
            final WindowEffects.Effect effect = WindowEffects.rareOverconfidence(window, i, labels);
            outcomes.add(new Candidate(new TestOutcome(WindowEffects.RARE_OVERCONFIDENCE, rare, rate, null,
                Distributions.binomialUpperTail(high, n, reference), null, effect.value(),
                EffectFamily.RARE_OVERCONFIDENCE.effectName(), false,
                Map.of("referenceHighConfidenceRate", reference, "prevalence", labels.prevalence(i),
                    "excessOverPrevalence", rate - labels.prevalence(i), "rateDifference", rate - reference,
                    "windowRateLower", ci[0], "windowRateUpper", ci[1])), EffectFamily.RARE_OVERCONFIDENCE,
                Math.sqrt(effect.variance())));
        }
        return outcomes;
    }

    private List<Candidate> histogramTests(final WindowAggregate window) {
        final LabelReference labels = profile.labels();
        final List<Candidate> outcomes = new ArrayList<>();
        for (int i = 0; i < labels.labels().size(); i++) {
            final long[] observed = window.histogram(i);
            final long[] reference = labels.histograms()[i];
            final String label = labels.labels().get(i);
            final double psi = WindowEffects.scoreHistogram(window, i, labels).value();
            GoodnessOfFit.chiSquared(observed, reference).ifPresent(r -> {
                final ChiSquaredNull chi = chiSquaredNull(ReferenceProfile.scoreHistogramNull(label), r,
                    observed, reference);
                outcomes.add(new Candidate(new TestOutcome(WindowEffects.SCORE_HISTOGRAM, label, r.statistic(),
                    chi.threshold(), chi.pValue(), null, psi, EffectFamily.SCORE_HISTOGRAM.effectName(), false,
                    Map.of("df", (double) r.df(), "psiPlugIn", EffectSizes.smoothedPsi(observed, reference),
                        "cramersVBiasCorrected", EffectSizes.biasCorrectedCramersV(r.statistic(), r.df(),
                            window.count()), "nullCalibrated", chi.calibrated() ? 1.0 : 0.0)),
                    EffectFamily.SCORE_HISTOGRAM, chi.psiStandardError()));
            });
        }
        return outcomes;
    }

    /**
     * Threshold and p-value of a chi-squared statistic, whether they come from an n-calibrated null, and the
     * standard error of the window's PSI: for small shifts PSI is about the chi-squared divergence, chi2 / n.
     */
    private record ChiSquaredNull(double threshold, double pValue, boolean calibrated, double psiStandardError) {
    }

    /**
     * The calibrated null stores chi-squared / n (see ReferenceProfileBuilder); the analytic one is chi2(df), whose
     * variance is 2 df. The PSI's standard error is taken at the window's proportions ({@link #psiStandardError}).
     */
    private ChiSquaredNull chiSquaredNull(final String name, final GoodnessOfFit.Result result,
                                          final long[] observed, final long[] reference) {
        final long n = Arrays.stream(observed).sum();
        return usableNull(name, n)
            .map(d -> new ChiSquaredNull(d.threshold(config.alpha(), n) * n,
                d.pValueWithEmpiricalFloor(result.statistic() / n, n), true,
                psiStandardError(Math.sqrt(d.variance(n)), observed, reference)))
            .orElseGet(() -> new ChiSquaredNull(Distributions.chiSquaredUpperQuantile(config.alpha(), result.df()),
                result.pValue(), false, psiStandardError(Math.sqrt(2.0 * result.df()) / n, observed, reference)));
    }

    /**
     * The standard error of a window's debiased PSI: the null's spread and, added in variance, the first-order
     * spread at the window's proportions ({@link EffectSizes#psiFirstOrderVariance}), scaled to the part of the PSI
     * beyond one null standard error. The first-order term is what a shift adds (the 4 lambda of a non-central
     * chi-squared's variance 2k + 4 lambda), and the PSI of this shape of shift can spread differently from a
     * chi-squared divergence, so it is taken from the PSI itself rather than from {@link #standardErrorAt}. Scaling
     * keeps null windows, whose plug-in PSI is noise, at the null's spread.
     */
    private static double psiStandardError(final double nullStandardError, final long[] observed,
                                           final long[] reference) {
        final double plugIn = EffectSizes.smoothedPsi(observed, reference);
        final double signal = EffectSizes.debiasedPsi(observed, reference) - nullStandardError;
        if (!(signal > 0) || !(plugIn > 0)) {
            return nullStandardError;
        }
        final double firstOrder = EffectSizes.psiFirstOrderVariance(observed, reference) * Math.min(1, signal / plugIn);
        return Math.sqrt(nullStandardError * nullStandardError + firstOrder);
    }

    /** The profile's null of a statistic, when it has one that is not degenerate at window size n. */
    private Optional<NullDistribution> usableNull(final String name, final long n) {
        return profile.findNull(name).filter(d -> d.mean(n) > 0 && d.variance(n) > 0);
    }

    private List<Candidate> metadataTests(final WindowAggregate window) {
        final List<Candidate> outcomes = new ArrayList<>();
        for (final MetadataReference reference : profile.metadata()) {
            final long[][] cells = WindowEffects.metadataCells(window, reference);
            final double psi = WindowEffects.metadata(window, reference).value();
            GoodnessOfFit.chiSquared(cells[0], cells[1]).ifPresent(r -> {
                final ChiSquaredNull chi = chiSquaredNull(ReferenceProfile.metadataNull(reference.field()), r,
                    cells[0], cells[1]);
                outcomes.add(new Candidate(new TestOutcome(WindowEffects.METADATA, reference.field(), r.statistic(),
                    chi.threshold(), chi.pValue(), null, psi, EffectFamily.METADATA.effectName(), false,
                    Map.of("df", (double) r.df(), "unseenCategories", (double) cells[0][cells[0].length - 1],
                        "cramersVBiasCorrected", EffectSizes.biasCorrectedCramersV(r.statistic(), r.df(),
                            window.count()), "nullCalibrated", chi.calibrated() ? 1.0 : 0.0)),
                    EffectFamily.METADATA, chi.psiStandardError()));
            });
        }
        return outcomes;
    }

    private List<Candidate> qualityTests(final WindowAggregate window) {
        final QualityReference reference = profile.quality();
        final List<Candidate> outcomes = new ArrayList<>();
        for (int f = 0; f < QualityFeatures.COUNT; f++) {
            final long n = window.qualityCount(f);
            final double sd = reference.scale(f);
            if (n < 2 || !(sd > 0)) {
                continue;
            }
            final double difference = window.qualityMean(f) - reference.means()[f];
            // Standard error of a difference of two independent means with common sd.
            final double standardError = sd * Math.sqrt(1.0 / n + 1.0 / reference.counts()[f]);
            final double z = difference / standardError;
            final String name = QualityFeatures.NAMES.get(f);
            final Optional<NullDistribution> calibrated =
                usableNull(ReferenceProfile.qualityNull(name), window.count());
            // The calibrated null is of the squared mean difference; its threshold is reported on the |z| scale.
            final double threshold = calibrated
                .map(d -> Math.sqrt(d.threshold(config.alpha(), window.count())) / standardError)
                .orElseGet(() -> Distributions.normalUpperQuantile(config.alpha() / 2));
            final double p = calibrated.map(d -> d.pValueWithEmpiricalFloor(difference * difference, window.count()))
                .orElseGet(() -> Distributions.normalTwoSided(z));
            final WindowEffects.Effect effect = WindowEffects.qualityShift(window, f, reference);
            outcomes.add(new Candidate(new TestOutcome(ReferenceProfile.qualityNull(name), name, z, threshold, p,
                null, effect.value(), EffectFamily.QUALITY.effectName(),
                false, Map.of("windowMean", window.qualityMean(f), "referenceMean", reference.means()[f],
                    "standardisedMeanDifferencePlugIn", difference / sd,
                    "nullCalibrated", calibrated.isPresent() ? 1.0 : 0.0)), EffectFamily.QUALITY,
                Math.sqrt(effect.variance())));
        }
        return outcomes;
    }
}
