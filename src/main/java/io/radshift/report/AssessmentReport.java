package io.radshift.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.radshift.offline.ScoredInputs;
import io.radshift.offline.StudyScorer;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.drift.EvaluatorConfig;
import io.radshift.stats.drift.Evaluation;
import io.radshift.stats.drift.TestOutcome;
import io.radshift.stats.drift.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of {@code radshift assess}: a verdict table for people and a JSON document for tools.
 *
 * <p>JSON layout: {@code {"profile": {id, modelId, bundleHash, createdAt, file}, "bundle": {dir, modelId, hash},
 * "source", "windowSize", "alpha", "correction", "minimumN", "windows": [{"index", "n", "verdict", "tests":
 * [{"test", "label", "statistic", "threshold", "pValue", "adjustedPValue", "effectSize", "effectSizeName",
 * "drift"}]}], "summary": {"studies", "scored", "notScorable", "windows", "driftedWindows",
 * "insufficientWindows", "verdict", "flagged": {"test[:label]": windows}}}}. Indexes start at 1; numbers that
 * are undefined (no threshold, NaN) are null.
 */
public final class AssessmentReport {

    private final ReferenceProfile profile;
    private final Path profileFile;
    private final StudyScorer scorer;
    private final Path bundleDir;
    private final String source;
    private final int windowSize;
    private final EvaluatorConfig config;
    private final ScoredInputs scored;
    private final List<Evaluation> evaluations;

    public AssessmentReport(final ReferenceProfile profile, final Path profileFile, final StudyScorer scorer,
                     final Path bundleDir, final String source, final int windowSize, final EvaluatorConfig config,
                     final ScoredInputs scored, final List<Evaluation> evaluations) {
        this.profile = profile;
        this.profileFile = profileFile;
        this.scorer = scorer;
        this.bundleDir = bundleDir;
        this.source = source;
        this.windowSize = windowSize;
        this.config = config;
        this.scored = scored;
        this.evaluations = List.copyOf(evaluations);
    }

    /** Prints one block per window: verdict line, then one row per test, drifting rows marked with '*'. */
    public void printTable(final PrintWriter out) {
        out.printf("Assessed %d studies (%d not scorable) from %s against profile %s, windows of %d, alpha %s, %s%n",
            scored.scored().size() + scored.failed().size(), scored.failed().size(), source,
            profile.tags().profileId(), windowSize, config.alpha(), config.correction().wireName());
        for (int w = 0; w < evaluations.size(); w++) {
            final Evaluation e = evaluations.get(w);
            out.printf("%nwindow %d  n=%d  %s%n", w + 1, e.n(), e.verdict());
            if (e.tests().isEmpty()) {
                continue;
            }
            out.printf("    %-26s %-26s %12s %12s %10s %10s %12s  %s%n", "test", "label", "statistic", "threshold",
                "p", "adj. p", "effect", "effect size");
            for (final TestOutcome t : e.tests()) {
                out.printf(Locale.ROOT, "  %s %-26s %-26s %12.5g %12s %10s %10s %12.4g  %s%n", t.drift() ? "*" : " ",
                    t.test(), t.label() == null ? "-" : t.label(), t.statistic(), number(t.threshold()),
                    number(t.pValue()), number(t.adjustedPValue()), t.effectSize(), t.effectSizeName());
            }
        }
        final long drifted = count(Verdict.DRIFT);
        out.printf("%nSummary: %d of %d window(s) drifted (%d with insufficient data)%s%n", drifted,
            evaluations.size(), count(Verdict.INSUFFICIENT_DATA), drifted == 0 ? "" : "; flagged tests " + flagged());
        out.flush();
    }

    private static String number(final Double value) {
        return value == null || !Double.isFinite(value) ? "-" : String.format(Locale.ROOT, "%.4g", value);
    }

    private long count(final Verdict verdict) {
        return evaluations.stream().filter(e -> e.verdict() == verdict).count();
    }

    /** Windows each drifting test:label pair fired in. */
    Map<String, Integer> flagged() {
        final Map<String, Integer> out = new TreeMap<>();
        evaluations.forEach(e -> e.drifted().forEach(t ->
            out.merge(t.label() == null ? t.test() : t.test() + ":" + t.label(), 1, Integer::sum)));
        return out;
    }

    /** The JSON document. */
    ObjectNode toJson(final ObjectMapper mapper) {
        final ObjectNode root = mapper.createObjectNode();
        final ObjectNode profileNode = root.putObject("profile");
        profileNode.put("id", profile.tags().profileId());
        profileNode.put("modelId", profile.tags().modelId());
        profileNode.put("bundleHash", profile.tags().bundleHash());
        profileNode.put("createdAt", profile.tags().createdAtMillis());
        profileNode.put("file", profileFile.toString());
        final ObjectNode bundleNode = root.putObject("bundle");
        bundleNode.put("dir", bundleDir.toString());
        bundleNode.put("modelId", scorer.modelId());
        bundleNode.put("hash", scorer.bundleHash());
        root.put("source", source);
        root.put("windowSize", windowSize);
        root.put("alpha", config.alpha());
        root.put("correction", config.correction().wireName());
        root.put("minimumN", config.minimumN());
        final ArrayNode windows = root.putArray("windows");
        for (int w = 0; w < evaluations.size(); w++) {
            windows.add(windowJson(mapper, w + 1, evaluations.get(w)));
        }
        root.set("summary", summaryJson(mapper));
        return root;
    }

    private static ObjectNode windowJson(final ObjectMapper mapper, final int index, final Evaluation e) {
        final ObjectNode node = mapper.createObjectNode();
        node.put("index", index);
        node.put("n", e.n());
        node.put("verdict", e.verdict().name());
        final ArrayNode tests = node.putArray("tests");
        for (final TestOutcome t : e.tests()) {
            final ObjectNode test = tests.addObject();
            test.put("test", t.test());
            test.put("label", t.label());
            putNumber(test, "statistic", t.statistic());
            putNumber(test, "threshold", t.threshold());
            putNumber(test, "pValue", t.pValue());
            putNumber(test, "adjustedPValue", t.adjustedPValue());
            putNumber(test, "effectSize", t.effectSize());
            test.put("effectSizeName", t.effectSizeName());
            test.put("drift", t.drift());
        }
        return node;
    }

    private ObjectNode summaryJson(final ObjectMapper mapper) {
        final ObjectNode summary = mapper.createObjectNode();
        summary.put("studies", scored.scored().size() + scored.failed().size());
        summary.put("scored", scored.scored().size());
        summary.put("notScorable", scored.failed().size());
        summary.put("windows", evaluations.size());
        summary.put("driftedWindows", count(Verdict.DRIFT));
        summary.put("insufficientWindows", count(Verdict.INSUFFICIENT_DATA));
        summary.put("verdict", count(Verdict.DRIFT) > 0 ? Verdict.DRIFT.name() : Verdict.OK.name());
        final ObjectNode flagged = summary.putObject("flagged");
        flagged().forEach(flagged::put);
        return summary;
    }

    private static void putNumber(final ObjectNode node, final String field, final Double value) {
        if (value == null || !Double.isFinite(value)) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    /** Writes the JSON document, pretty-printed. */
    public void writeJson(final Path file) throws IOException {
        final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        mapper.writeValue(file.toFile(), toJson(mapper));
    }
}
