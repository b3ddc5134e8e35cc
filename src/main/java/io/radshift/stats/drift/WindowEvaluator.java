package io.radshift.stats.drift;

import io.radshift.stats.math.GoodnessOfFit;
import io.radshift.stats.math.Distributions;

import io.radshift.stats.QualityFeatures;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.metrics.GroundTruthSummary;
import io.radshift.stats.profile.CentroidStatistics;
import io.radshift.stats.profile.LabelReference;
import io.radshift.stats.profile.MetadataReference;
import io.radshift.stats.profile.NullDistribution;
import io.radshift.stats.profile.QualityReference;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.sketch.CategoryCounts;
import io.radshift.stats.sketch.RandomFourierFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates one closed {@link WindowAggregate} against a {@link ReferenceProfile}: whole-embedding tests with
 * n-calibrated nulls (centroid distance, RFF-MMD^2), exact binomial tests for label prior shift and rare-label
 * over-confidence, chi-squared tests for score histograms and metadata, z-tests for image quality; then Holm or
 * Benjamini-Hochberg across all tests of the window. Every outcome carries an effect size. Stateless and
 * thread-safe.
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

    private final ReferenceProfile profile;
    private final EvaluatorConfig config;
    private final long specFingerprint;

    /** An evaluator for windows aggregated with {@code profile.aggregateSpec()}. */
    public WindowEvaluator(final ReferenceProfile profile, final EvaluatorConfig config) {
        this.profile = profile;
        this.config = config;
        // Computed once: building the spec regenerates the RFF frequencies.
        this.specFingerprint = profile.aggregateSpec().fingerprint();
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
        final List<TestOutcome> raw = runTests(window);
        final List<TestOutcome> adjusted = adjust(raw);
        final boolean drift = adjusted.stream().anyMatch(TestOutcome::drift);
        return new Evaluation(window.count(), drift ? Verdict.DRIFT : Verdict.OK, config.correction(), adjusted,
            truth);
    }

    private List<TestOutcome> runTests(final WindowAggregate window) {
        final List<TestOutcome> outcomes = new ArrayList<>();
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

    private List<TestOutcome> adjust(final List<TestOutcome> raw) {
        final double[] p = raw.stream().mapToDouble(TestOutcome::pValue).toArray();
        final double[] adjusted = MultipleTesting.adjust(p, config.correction());
        final List<TestOutcome> result = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            result.add(raw.get(i).adjusted(adjusted[i], adjusted[i] <= config.alpha()));
        }
        return result;
    }

    private List<TestOutcome> centroidTests(final WindowAggregate window) {
        final long n = window.count();
        final double[] mean = window.meanEmbedding();
        final double[] reference = profile.embedding().mean();
        final NullDistribution euclidean = profile.nullDistribution(ReferenceProfile.CENTROID_EUCLIDEAN2);
        final double squared = CentroidStatistics.squaredEuclidean(mean, reference);
        final NullDistribution cosine = profile.nullDistribution(ReferenceProfile.CENTROID_COSINE);
        final double cos = CentroidStatistics.cosineDistance(mean, reference);
        return List.of(
            calibrated("centroid-euclidean", Math.sqrt(squared),
                Math.sqrt(euclidean.threshold(config.alpha(), n)), euclidean.pValue(squared, n),
                "euclidean-distance", euclidean.mean(n), squared),
            calibrated("centroid-cosine", cos, cosine.threshold(config.alpha(), n), cosine.pValue(cos, n),
                "cosine-distance", cosine.mean(n), cos));
    }

    private TestOutcome mmdTest(final WindowAggregate window) {
        final long n = window.count();
        final double mmd2 = RandomFourierFeatures.mmd2(window.rffSum(), n, profile.embedding().rffMean(), 1);
        final NullDistribution nullDistribution = profile.nullDistribution(ReferenceProfile.MMD2_RFF);
        return calibrated("mmd2-rff", mmd2, nullDistribution.threshold(config.alpha(), n),
            nullDistribution.pValue(mmd2, n), "mmd2", nullDistribution.mean(n), mmd2);
    }

    private static TestOutcome calibrated(final String name, final double statistic, final double threshold,
                                          final double p, final String effectName, final double nullMean,
                                          final double calibratedStatistic) {
        // The effect size is the statistic itself; its ratio to the null mean at this n says how many
        // "typical null windows" away the window is.
        return new TestOutcome(name, null, statistic, threshold, p, null, statistic, effectName, false,
            Map.of("nullMean", nullMean, "ratioToNullMean", calibratedStatistic / nullMean));
    }

    private List<TestOutcome> labelPriorTests(final WindowAggregate window) {
        final LabelReference labels = profile.labels();
        final List<TestOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < labels.labels().size(); i++) {
            final long known = window.truth().known(i);
            if (known == 0 || labels.known()[i] == 0) {
                continue;
            }
            final long positives = window.truth().positives(i);
            final double p0 = labels.prevalence(i);
            final double rate = (double) positives / known;
            final double[] ci = Distributions.wilsonInterval(positives, known, config.alpha());
            outcomes.add(new TestOutcome("label-prior", labels.labels().get(i), rate, null,
                Distributions.binomialTwoSided(positives, known, p0), null, rate - p0, "rate-difference", false,
                Map.of("referencePrevalence", p0, "windowRateLower", ci[0], "windowRateUpper", ci[1],
                    "effectLower", ci[0] - p0, "effectUpper", ci[1] - p0, "known", (double) known)));
        }
        return outcomes;
    }

    private List<TestOutcome> rareOverconfidenceTests(final WindowAggregate window) {
        final LabelReference labels = profile.labels();
        final long n = window.count();
        final List<TestOutcome> outcomes = new ArrayList<>();
        for (final String rare : labels.rareLabels()) {
            final int i = labels.labels().indexOf(rare);
            final long high = window.highConfidenceCount(i);
            final double reference = labels.highConfidenceRate(i);
            final double rate = (double) high / n;
            final double[] ci = Distributions.wilsonInterval(high, n, config.alpha());
            outcomes.add(new TestOutcome("rare-overconfidence", rare, rate, null,
                Distributions.binomialUpperTail(high, n, reference), null, rate - reference, "rate-difference",
                false, Map.of("referenceHighConfidenceRate", reference, "prevalence", labels.prevalence(i),
                    "excessOverPrevalence", rate - labels.prevalence(i), "effectLower", ci[0] - reference,
                    "effectUpper", ci[1] - reference)));
        }
        return outcomes;
    }

    private List<TestOutcome> histogramTests(final WindowAggregate window) {
        final LabelReference labels = profile.labels();
        final List<TestOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < labels.labels().size(); i++) {
            final long[] observed = window.histogram(i);
            final long[] reference = labels.histograms()[i];
            final double psi = GoodnessOfFit.psi(observed, reference);
            final String label = labels.labels().get(i);
            GoodnessOfFit.chiSquared(observed, reference).ifPresent(r -> {
                final ChiSquaredNull chi = chiSquaredNull(ReferenceProfile.scoreHistogramNull(label), r,
                    window.count());
                outcomes.add(new TestOutcome("score-chi2", label, r.statistic(), chi.threshold(), chi.pValue(), null,
                    psi, "psi", false, Map.of("df", (double) r.df(), "cramersV", r.cramersV(),
                        "nullCalibrated", chi.calibrated() ? 1.0 : 0.0)));
            });
        }
        return outcomes;
    }

    /** Threshold and p-value of a chi-squared statistic, and whether they come from an n-calibrated null. */
    private record ChiSquaredNull(double threshold, double pValue, boolean calibrated) {
    }

    /** The calibrated null stores chi-squared / n (see ReferenceProfileBuilder); the analytic one is chi2(df). */
    private ChiSquaredNull chiSquaredNull(final String name, final GoodnessOfFit.Result result, final long n) {
        return usableNull(name, n)
            .map(d -> new ChiSquaredNull(d.threshold(config.alpha(), n) * n, d.pValueWithEmpiricalFloor(result.statistic() / n, n),
                true))
            .orElseGet(() -> new ChiSquaredNull(Distributions.chiSquaredUpperQuantile(config.alpha(), result.df()),
                result.pValue(), false));
    }

    /** The profile's null of a statistic, when it has one that is not degenerate at window size n. */
    private Optional<NullDistribution> usableNull(final String name, final long n) {
        return profile.findNull(name).filter(d -> d.mean(n) > 0 && d.variance(n) > 0);
    }

    private List<TestOutcome> metadataTests(final WindowAggregate window) {
        final List<TestOutcome> outcomes = new ArrayList<>();
        for (final MetadataReference reference : profile.metadata()) {
            final CategoryCounts counts = window.metadata(reference.field());
            final int k = reference.categories().size();
            final long[] observed = new long[k + 1];
            final long[] expected = new long[k + 1];
            for (int c = 0; c < k; c++) {
                observed[c] = counts.knownCount(c);
                expected[c] = reference.counts()[c];
            }
            observed[k] = counts.unseenTotal();
            expected[k] = reference.otherCount();
            GoodnessOfFit.chiSquared(observed, expected).ifPresent(r -> {
                final ChiSquaredNull chi = chiSquaredNull(ReferenceProfile.metadataNull(reference.field()), r,
                    window.count());
                outcomes.add(new TestOutcome("metadata-chi2", reference.field(), r.statistic(), chi.threshold(),
                    chi.pValue(), null, r.cramersV(), "cramers-v", false, Map.of("df", (double) r.df(),
                        "unseenCategories", (double) observed[k], "nullCalibrated", chi.calibrated() ? 1.0 : 0.0)));
            });
        }
        return outcomes;
    }

    private List<TestOutcome> qualityTests(final WindowAggregate window) {
        final QualityReference reference = profile.quality();
        final List<TestOutcome> outcomes = new ArrayList<>();
        for (int f = 0; f < QualityFeatures.COUNT; f++) {
            final long n = window.qualityCount(f);
            final double sd = reference.sds()[f];
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
                .orElse(Distributions.normalUpperQuantile(config.alpha() / 2));
            final double p = calibrated.map(d -> d.pValueWithEmpiricalFloor(difference * difference, window.count()))
                .orElse(Distributions.normalTwoSided(z));
            outcomes.add(new TestOutcome(ReferenceProfile.qualityNull(name), name, z, threshold, p, null,
                difference / sd, "standardised-mean-difference", false,
                Map.of("windowMean", window.qualityMean(f), "referenceMean", reference.means()[f],
                    "nullCalibrated", calibrated.isPresent() ? 1.0 : 0.0)));
        }
        return outcomes;
    }
}
