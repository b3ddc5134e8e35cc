package io.radshift.report.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radshift.report.chart.Chart;
import io.radshift.report.chart.Series;
import io.radshift.report.chart.Table;
import io.radshift.stats.AggregateSpec;
import io.radshift.stats.Observation;
import io.radshift.stats.SyntheticStudies;
import io.radshift.stats.WindowAggregate;
import io.radshift.stats.drift.DriftTest;
import io.radshift.stats.drift.Evaluation;
import io.radshift.stats.drift.EvaluatorConfig;
import io.radshift.stats.drift.MultipleTesting;
import io.radshift.stats.drift.WindowEvaluator;
import io.radshift.stats.math.Distributions;
import io.radshift.stats.metrics.LabelMetricsValue;
import io.radshift.stats.profile.EmbeddingMap;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pre-deployment page of a synthetic archive whose embeddings drifted and whose model misses every one of 60
 * positives of the rare label: every number on the page is checked against a value computed here independently.
 */
class AssessmentPageBuilderTest {

    /**
     * Effusion (35.5 % of the reference studies where it is known) made rare by a rare-label prevalence threshold of 36.5 %: the synthetic model
     * finds about a quarter of its reference positives, while its truly rare labels it never finds (no fall possible).
     */
    private static final int RARE = SyntheticStudies.LABELS.indexOf("effusion");
    private static final double ALPHA = 0.05;
    private static ReferenceProfile profile;
    private static List<Observation> archive;
    private static List<Evaluation> evaluations;
    private static AssessmentPage page;

    @BeforeAll
    static void assess() {
        final SyntheticStudies studies = new SyntheticStudies(16, 3);
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(SyntheticStudies.LABELS, "toy", "hash",
            rareBelowAThird());
        studies.draw(2000, SyntheticStudies.Shift.NONE, new SplittableRandom(1), "ref").forEach(builder::add);
        profile = builder.build("profile-1", 0L);
        archive = studies.draw(150, SyntheticStudies.Shift.EMBEDDING, new SplittableRandom(2), "site");
        for (int i = 0; i < 60; i++) {
            final Observation o = archive.get(i);
            o.scores()[RARE] = 0.05f;
            o.positives()[RARE] = true;
            o.known()[RARE] = true;
        }
        final EvaluatorConfig config = new EvaluatorConfig(ALPHA, 20, MultipleTesting.Correction.HOLM,
            EnumSet.allOf(DriftTest.class));
        final WindowEvaluator evaluator = new WindowEvaluator(profile, config);
        final AggregateSpec spec = profile.aggregateSpec();
        evaluations = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            evaluations.add(evaluator.evaluate(WindowAggregate.of(spec, archive.subList(50 * w, 50 * w + 50))));
        }
        page = new AssessmentPageBuilder(profile, config, "test archive").build(archive, 4, evaluations, 50,
            Instant.parse("2026-12-02T12:00:00Z"));
    }

    private static ProfileSettings rareBelowAThird() {
        final ProfileSettings d = ProfileSettings.defaults();
        return new ProfileSettings(d.rffFeatures(), d.seed(), d.calibrationFraction(), d.histogramBins(), d.tau(),
            d.decisionThreshold(), 0.365, d.metadataFields(), d.maxCategories(), d.nullSizes(), 200,
            d.bandwidthSubsample(), d.sketch());
    }

    private static Chart chart(final String id) {
        return page.charts().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private static Table table(final String id) {
        return page.tables().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    private static String cell(final Table table, final String rowKey, final String column) {
        return table.rows().stream().filter(r -> r.get(0).equals(rowKey)).findFirst().orElseThrow()
            .get(table.columns().indexOf(column));
    }

    @Test
    void theSummaryCountsStudiesAndDriftedWindows() {
        final long drifted = evaluations.stream().filter(e -> e.verdict().name().equals("DRIFT")).count();
        assertThat(drifted).as("the embedding shift drifts").isPositive();
        assertThat(page.studies()).isEqualTo(154);
        assertThat(page.notScorable()).isEqualTo(4);
        assertThat(page.driftedWindows()).isEqualTo(drifted);
        assertThat(page.verdict()).isEqualTo("DRIFT");
        assertThat(page.summary().get(0)).isEqualTo("154 studies assessed (4 not scorable) in 3 window(s) of 50: "
            + drifted + " with material drift.");
    }

    @Test
    void distanceChartsShowEachWindowsStatisticAgainstItsCalibratedThreshold() {
        final Chart mmd = chart("assess-distance-mmd2-rff");
        assertThat(mmd.x().categories()).containsExactly("1", "2", "3");
        for (int w = 0; w < 3; w++) {
            final var outcome = evaluations.get(w).tests().stream()
                .filter(t -> t.test().equals("mmd2-rff") && t.label() == null).findFirst().orElseThrow();
            assertThat(mmd.series().get(0).points().get(w).y()).isEqualTo(outcome.statistic());
            assertThat(mmd.series().get(1).points().get(w).y()).isEqualTo(outcome.threshold());
            assertThat(outcome.statistic()).isGreaterThan(outcome.threshold());
        }
        assertThat(mmd.series().get(1).style()).isEqualTo(Series.Style.LIMIT);
        assertThat(mmd.y().caption()).isEqualTo("statistic [squared MMD, RBF kernel]");
    }

    @Test
    void theMapShowsTheReferenceSampleAndTheArchiveOnTheReferenceAxes() {
        final Chart map = chart("assess-embedding-map");
        final EmbeddingMap reference = profile.embedding().embeddingMap().orElseThrow();
        assertThat(map.series().get(0).points()).hasSize(EmbeddingMap.MAX_POINTS);
        assertThat(map.series().get(0).points().get(7).x()).isEqualTo(reference.points()[7][0]);
        assertThat(map.series().get(1).points()).hasSize(150);
        final double[] first = reference.project(archive.get(0).embedding());
        assertThat(map.series().get(1).points().get(0).x()).isEqualTo(first[0]);
        double meanX = 0;
        for (final Observation o : archive) {
            meanX += reference.project(o.embedding())[0] / archive.size();
        }
        assertThat(map.series().get(3).name()).isEqualTo("archive mean");
        assertThat(map.series().get(3).points().get(0).x()).isCloseTo(meanX, within(1e-12));
        assertThat(map.x().title()).startsWith("reference principal axis 1 (")
            .endsWith(String.format("(%.0f%% of its variance)", 100 * reference.explained(0)));
        // Every dot lies inside the axes' ranges.
        assertThat(map.series()).allSatisfy(s -> assertThat(s.points()).allSatisfy(p -> {
            assertThat(p.x()).isBetween(map.x().min(), map.x().max());
            assertThat(p.y()).isBetween(map.y().min(), map.y().max());
        }));
    }

    @Test
    void qualityAndLabelMixAreTheArchivesOwnNumbers() {
        double contrast = 0;
        for (final Observation o : archive) {
            contrast += o.quality()[1] / archive.size();
        }
        final double expected = (contrast - profile.quality().means()[1]) / profile.quality().scale(1);
        assertThat(expected).as("within the clipped range").isBetween(-QualitySection.CLIP, QualitySection.CLIP);
        assertThat(chart("assess-quality").series().get(0).points().get(1).y()).isCloseTo(expected, within(1e-12));
        assertThat(Double.parseDouble(cell(table("assess-quality-table"), "contrast", "shift [reference sd]")))
            .isCloseTo(expected, within(1e-4));
        final long predictedOpacity = archive.stream().filter(o -> o.scores()[1] >= 0.5).count();
        assertThat(chart("assess-label-mix").series().get(0).points().get(1).y())
            .isCloseTo(predictedOpacity / 150.0, within(1e-12));
        assertThat(chart("assess-label-mix").x().highlighted()).containsExactlyInAnyOrderElementsOf(profile.labels().rareLabels());
        assertThat(cell(table("assess-label-mix-table"), "opacity", "reference predicted positive"))
            .isEqualTo(String.format("%.4f", (double) profile.labels().predictedPositive()[1] / 2000));
    }

    @Test
    void aRareLabelWhoseRecallFallsIsMarkedWithItsExactTest() {
        final LabelMetricsValue reference = profile.labels().referenceTruth().orElseThrow().perLabel().get(RARE);
        final long referenceDetected = Math.round(reference.recall() * reference.support());
        assertThat(referenceDetected).as("the reference model finds some rare positives").isPositive();
        final long positives = archive.stream().filter(o -> o.known()[RARE] && o.positives()[RARE]).count();
        final long detected = archive.stream().filter(o -> o.known()[RARE] && o.positives()[RARE]
            && o.scores()[RARE] >= 0.5).count();
        final double p = Distributions.fisherExactLower(detected, positives, referenceDetected, reference.support());
        final Table truth = table("assess-ground-truth-table");
        assertThat(profile.labels().rareLabels()).contains("effusion");
        assertThat(cell(truth, "effusion", "positives")).isEqualTo(Long.toString(positives));
        assertThat(Double.parseDouble(cell(truth, "effusion", "one-sided p (recall lower)"))).isCloseTo(p, within(p * 1e-3));
        assertThat(p).isLessThan(ALPHA / 4);
        assertThat(cell(truth, "effusion", "recall falls (not tested: no positives on a side)")).isEqualTo("YES (rare label)");
        assertThat(cell(truth, "effusion", "rare")).isEqualTo("yes");
        final Chart chart = chart("assess-ground-truth");
        final Series falls = chart.series().get(chart.series().size() - 1);
        assertThat(falls.style()).isEqualTo(Series.Style.POINT);
        assertThat(falls.points()).extracting(Series.Point::x).contains((double) RARE);
        assertThat(page.summary()).anyMatch(s -> s.endsWith("rare label(s) whose recall falls below the reference's: effusion."));
    }

    @Test
    void theHtmlCsvAndJsonCarryTheSameNumbersAndNothingFromTheNetwork() throws Exception {
        final String html = AssessmentPageFiles.html(page);
        assertThat(html).contains("<title>RadShift pre-deployment assessment</title>", "Embedding map",
            "class=\"point\"", "\u2605 effusion", "YES (rare label)");
        assertThat(html).doesNotContain("<script", "<img", "<link", "src=", "url(", "site0", "site149");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http:", "https:");
        final List<String> csv = AssessmentPageFiles.csv(page).lines().toList();
        assertThat(csv.get(0)).isEqualTo("site,element,id,series,x,value");
        final double mmd = chart("assess-distance-mmd2-rff").series().get(0).points().get(2).y();
        assertThat(csv).contains(String.format(java.util.Locale.ROOT, "archive,chart,assess-distance-mmd2-rff,this archive,3,%.6g", mmd));
        assertThat(csv.stream().filter(l -> l.startsWith("archive,chart,assess-embedding-map,this archive"))).hasSize(150);
        final JsonNode json = new ObjectMapper().readTree(AssessmentPageFiles.json(page));
        assertThat(json.get("studies").asLong()).isEqualTo(154);
        final JsonNode mapJson = json.get("charts").findValues("id").stream().filter(n -> n.asText().equals("assess-embedding-map"))
            .findFirst().orElseThrow();
        assertThat(mapJson).isNotNull();
        assertThat(json.toString()).doesNotContain("NaN", "Infinity", "site0");
    }
}
