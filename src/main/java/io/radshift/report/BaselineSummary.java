package io.radshift.report;

import io.radshift.offline.LabelMap;
import io.radshift.offline.ScoredInputs;
import io.radshift.stats.profile.EmbeddingReference;
import io.radshift.stats.profile.LabelReference;
import io.radshift.stats.profile.NullDistribution;
import io.radshift.stats.profile.NoveltyDistribution;
import io.radshift.stats.profile.ReferenceProfile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human-readable summary {@code radshift baseline} prints after writing a profile. */
public final class BaselineSummary {

    /** Window sizes whose thresholds are shown. */
    public static final int[] SHOWN_SIZES = {50, 200};
    private static final double ALPHA = 0.05;
    private static final List<String> STATISTICS = List.of(ReferenceProfile.CENTROID_EUCLIDEAN2,
        ReferenceProfile.CENTROID_COSINE, ReferenceProfile.MMD2_RFF);

    private final ReferenceProfile profile;
    private final LabelMap labels;
    private final ScoredInputs scored;
    private final String grouping;

    public BaselineSummary(final ReferenceProfile profile, final LabelMap labels, final ScoredInputs scored,
                    final String grouping) {
        this.profile = profile;
        this.labels = labels;
        this.scored = scored;
        this.grouping = grouping;
    }

    public void print(final PrintWriter out, final Path file) {
        final EmbeddingReference embedding = profile.embedding();
        out.printf("Reference profile %s written to %s%n", profile.tags().profileId(), file);
        out.printf("  model          %s (bundle %s)%n", profile.tags().modelId(), profile.tags().bundleHash());
        out.printf("  studies        %d scored, %d not scorable; %s%n", scored.scored().size(),
            scored.failed().size(), grouping);
        out.printf("  split          fit %d / calibration %d studies%n", embedding.fitCount(),
            embedding.calibrationCount());
        out.printf("  label map      %s%s%n", labels.mapping().isEmpty() ? "(none)" : labels.mapping(),
            labels.unmapped().isEmpty() ? "" : "; no ground truth for " + labels.unmapped());
        out.printf("  prevalence     %s%n", prevalences());
        out.printf("  rare labels    %s (prevalence or predicted rate < %.2f)%n",
            profile.labels().rareLabels().isEmpty() ? "none" : String.join(", ", profile.labels().rareLabels()),
            profile.labels().rareThreshold());
        out.printf(Locale.ROOT, "  bandwidth      sigma = %.4f (median pairwise distance, fit split), %d RFF features%n",
            embedding.rffSigma(), embedding.rffFeatures());
        final NoveltyDistribution novelty = profile.explanation().novelty();
        out.printf(Locale.ROOT, "  explain        %d reference medoids; novelty median %.4f, 95th percentile %.4f "
            + "(held-out studies)%n", profile.explanation().medoids().size(), novelty.quantiles()[50],
            novelty.quantiles()[95]);
        out.printf(Locale.ROOT, "  thresholds at alpha %.2f (before multiple-testing correction):%n", ALPHA);
        out.printf("    %-22s%14s%14s%n", "statistic", "n=" + SHOWN_SIZES[0], "n=" + SHOWN_SIZES[1]);
        for (final String statistic : STATISTICS) {
            final NullDistribution nullDistribution = profile.nullDistribution(statistic);
            out.printf(Locale.ROOT, "    %-22s%14.6g%14.6g%n", statistic,
                nullDistribution.threshold(ALPHA, SHOWN_SIZES[0]), nullDistribution.threshold(ALPHA, SHOWN_SIZES[1]));
        }
        out.flush();
    }

    private String prevalences() {
        final LabelReference reference = profile.labels();
        final List<String> parts = new ArrayList<>();
        for (int i = 0; i < reference.labels().size(); i++) {
            if (reference.known()[i] > 0) {
                parts.add(String.format(Locale.ROOT, "%s %.3f (%d known)", reference.labels().get(i),
                    reference.prevalence(i), reference.known()[i]));
            }
        }
        return parts.isEmpty() ? "no ground truth" : String.join(", ", parts);
    }
}
