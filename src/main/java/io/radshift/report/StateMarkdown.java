package io.radshift.report;

import io.radshift.tools.bench.StateBenchmark;
import io.radshift.tools.bench.StateSizes;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Renders a {@link StateBenchmark.Result} as the Markdown of BENCHMARKS.md's State section. */
public final class StateMarkdown {

    private StateMarkdown() {
    }

    /** The run line, the checkpoint table (one bytes column per window scheme) and the restore table. */
    public static String render(final StateBenchmark.Result result) {
        final StateBenchmark.Settings s = result.settings();
        final StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
            "%,d sites, %,d studies at %.1f studies per site and day of event time, fed in %d s.%n%n",
            s.sites(), s.studies(), s.studiesPerSiteDay(), result.feedWall().toSeconds()));
        final Set<String> schemes = new TreeSet<>();
        result.checkpoints().forEach(c -> schemes.addAll(c.state().byScheme().keySet()));
        out.append("| studies | event time | heap after GC MB | bytes per (site, window) | without pane journals | longest journal |");
        schemes.forEach(k -> out.append(" bytes per site, ").append(k).append(" |"));
        out.append(" study-scores entries | scrape KB | scrape series | all-sites records behind | all-sites catch-up s |\n"
            + "|---:|---|---:|---:|---:|---:|");
        schemes.forEach(k -> out.append("---:|"));
        out.append("---:|---:|---:|---:|---:|\n");
        for (final StateBenchmark.Checkpoint c : result.checkpoints()) {
            out.append(String.format(Locale.ROOT, "| %,d | %s | %.1f | %.0f | %.0f | %d |", c.studies(), c.eventTime(),
                c.heapBytes() / 1e6, c.state().bytesPerSiteWindow(), c.state().bytesPerSiteWindowWithoutJournals(),
                c.state().longestJournal()));
            for (final String k : schemes) {
                final StateSizes.Scheme scheme = c.state().byScheme().get(k);
                out.append(String.format(Locale.ROOT, " %.0f |", scheme == null ? 0.0 : scheme.perPair()));
            }
            out.append(String.format(Locale.ROOT, " %,d | %.1f | %d | %,d | %.1f |%n", c.state().studyScores(),
                c.scrapeBytes() / 1024.0, c.scrapeSeries(), c.allSites().behind(), c.allSites().catchUp().toMillis() / 1000.0));
        }
        if (!result.restores().isEmpty()) {
            out.append("\n| sites | studies | changelog records restored | restore s | restart to RUNNING s |\n")
                .append("|---:|---:|---:|---:|---:|\n");
            result.restores().forEach(r -> out.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %.2f | %.2f |%n",
                r.sites(), r.studies(), r.restoredRecords(), r.restore().toMillis() / 1000.0,
                r.untilRunning().toMillis() / 1000.0)));
        }
        return out.append("\nGrows with studies: ").append(result.growsWithStudies()).append('\n').toString();
    }
}
