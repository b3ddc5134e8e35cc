package io.radshift.report.assess;

import io.radshift.report.chart.Chart;
import io.radshift.report.chart.Table;
import io.radshift.stats.Observation;
import io.radshift.stats.drift.Evaluation;
import io.radshift.stats.drift.EvaluatorConfig;
import io.radshift.stats.drift.TestOutcome;
import io.radshift.stats.drift.Verdict;
import io.radshift.stats.profile.EmbeddingMap;
import io.radshift.stats.profile.ReferenceProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds the {@link AssessmentPage} of an archive from what {@code radshift assess} computed: the windows'
 * evaluations against the profile and the scored studies themselves (for the embedding map, the quality
 * features, the predicted label mix and, where labels were given, the ground-truth metrics).
 */
public final class AssessmentPageBuilder {

    private final ReferenceProfile profile;
    private final EvaluatorConfig config;
    private final String source;

    /**
     * A builder for one profile and configuration.
     *
     * @param source which studies were assessed, in words (no patient data)
     */
    public AssessmentPageBuilder(final ReferenceProfile profile, final EvaluatorConfig config, final String source) {
        this.profile = profile;
        this.config = config;
        this.source = source;
    }

    /**
     * The page.
     *
     * @param archive     the scored studies, in input order
     * @param notScorable studies that could not be scored
     * @param evaluations the windows' evaluations, in order
     * @param windowSize  studies per window
     * @param generatedAt when the page is made
     */
    public AssessmentPage build(final List<Observation> archive, final long notScorable,
                                final List<Evaluation> evaluations, final int windowSize, final Instant generatedAt) {
        final List<Chart> charts = new ArrayList<>(EmbeddingSection.distanceCharts(evaluations));
        final List<Table> tables = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<String> summary = new ArrayList<>();
        final long drifted = evaluations.stream().filter(e -> e.verdict() == Verdict.DRIFT).count();
        summary.add(String.format(Locale.ROOT, "%,d studies assessed (%,d not scorable) in %d window(s) of %d: "
            + "%d with material drift.", archive.size() + notScorable, notScorable, evaluations.size(), windowSize,
            drifted));
        final Optional<EmbeddingMap> map = profile.embedding().embeddingMap();
        map.ifPresentOrElse(m -> charts.add(EmbeddingSection.map(m, archive, profile.embedding().rffSeed())),
            () -> notes.add("No embedding map: profile " + profile.tags().profileId() + " was built before profiles "
                + "kept one; rebuild it with radshift baseline to get the map."));
        final QualitySection quality = new QualitySection(profile.quality(), archive);
        charts.add(quality.chart());
        final LabelSection labels = new LabelSection(profile.labels(), archive);
        charts.add(labels.chart());
        truth(archive, charts, tables, notes, summary);
        tables.add(quality.table(evaluations));
        tables.add(labels.table(evaluations));
        tables.add(windowsTable(evaluations));
        return new AssessmentPage("RadShift pre-deployment assessment", source, profile.tags().profileId(),
            generatedAt.toString(), archive.size() + notScorable, notScorable, evaluations.size(), (int) drifted,
            drifted > 0 ? Verdict.DRIFT.name() : Verdict.OK.name(), summary, notes, charts, tables);
    }

    private void truth(final List<Observation> archive, final List<Chart> charts, final List<Table> tables,
                       final List<String> notes, final List<String> summary) {
        final Optional<TruthSection> truth = TruthSection.of(profile.labels(), archive, config.alpha());
        if (truth.isEmpty()) {
            notes.add("No labels were given for these studies (--label-map with a labelled manifest or folders): "
                + "no per-label metrics.");
            return;
        }
        final TruthSection t = truth.get();
        charts.add(t.chart());
        tables.add(t.perLabelTable());
        tables.add(t.rankingTable());
        if (!t.hasReference()) {
            notes.add("The profile kept no ground-truth metrics of its reference: the archive's are shown alone.");
            return;
        }
        final List<String> falls = t.rareFalls();
        summary.add(String.format(Locale.ROOT, "%,d labelled studies; recall compared on %d label(s) with positives "
                + "on both sides: %s.", t.labelledCount(), t.tested(),
            falls.isEmpty() ? "no rare label's recall falls below the reference's"
                : "rare label(s) whose recall falls below the reference's: " + String.join(", ", falls)));
    }

    private static Table windowsTable(final List<Evaluation> evaluations) {
        final List<List<String>> rows = new ArrayList<>();
        for (int w = 0; w < evaluations.size(); w++) {
            final Evaluation e = evaluations.get(w);
            rows.add(List.of(Integer.toString(w + 1), Long.toString(e.n()), e.verdict().name(),
                e.drifted().stream().map(AssessmentPageBuilder::key).collect(Collectors.joining(", "))));
        }
        return new Table("assess-windows", "Windows (consecutive studies in input order)",
            List.of("window", "studies", "verdict", "tests with material drift"), rows);
    }

    private static String key(final TestOutcome t) {
        return t.label() == null ? t.test() : t.test() + ":" + t.label();
    }
}
