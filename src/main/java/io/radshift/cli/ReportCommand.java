package io.radshift.cli;

import io.radshift.config.ConfigLoader;
import io.radshift.config.RadShiftConfig;
import io.radshift.ingest.registry.RestSchemaRegistryClient;
import io.radshift.report.chart.HtmlPage;
import io.radshift.report.weekly.IsoWeek;
import io.radshift.report.weekly.WeeklyReport;
import io.radshift.report.weekly.WeeklyReportBuilder;
import io.radshift.report.weekly.WeeklyReportCsv;
import io.radshift.report.weekly.WeeklyReportHtml;
import io.radshift.report.weekly.WeeklyReportJson;
import io.radshift.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code radshift report}: the quality officers' weekly review of one ISO week as one self-contained HTML file
 * with inline SVG charts, and the same numbers as CSV and JSON beside it, read from the {@code drift-windows} and
 * {@code drift-alerts} topics.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Weekly quality review: reads the drift windows and incidents of one ISO week from Kafka "
            + "(committed records, from the beginning to the current end) and writes one self-contained HTML page "
            + "(charts as inline SVG, nothing loaded from the network) plus the same numbers as CSV and JSON beside it.",
            "Per site: volume by day; every drift test of the alerting windows against its threshold and tolerance "
                + "(open incidents shaded); predicted-positive rates against reference prevalence (rare labels "
                + "highlighted); rare labels' score histograms against the reference; ground-truth metrics; the "
                + "week's incidents with their lifecycle; the most novel (pseudonymous) study ids.",
            "A window belongs to the week when its end falls in it (after Monday 00:00, up to the next Monday "
                + "00:00) in the zone of the configuration's ISO-week window scheme (or --zone)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:report written", "2:error"})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--week", required = true, paramLabel = "YYYY-Www", description = "ISO week, e.g. 2026-W47.")
    private String week;

    @Option(names = "--site", paramLabel = "SITE", description = "Only this site (default: every site and the all-sites view *).")
    private String site;

    @Option(names = "--out", required = true, paramLabel = "FILE.html",
            description = "HTML file to write; FILE.csv and FILE.json are written beside it.")
    private Path out;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "topologies/demo.yaml",
            description = "Deployment configuration: Kafka, Schema Registry, topic names and window schemes "
                + "(default: ${DEFAULT-VALUE}).")
    private Path configFile;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: the configuration's).")
    private String bootstrap;

    @Option(names = "--registry", paramLabel = "URL", description = "Schema Registry URL (default: the configuration's).")
    private String registry;

    @Option(names = "--window", paramLabel = "NAME",
            description = "Alerting window scheme whose statistics are drawn (default: the configuration's first alerting scheme).")
    private String window;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Time zone of the week's days (default: the ISO-week scheme's zone, else UTC).")
    private ZoneId zone;

    @Option(names = "--timeout", defaultValue = "PT2M", paramLabel = "DURATION",
            description = "Give up when the topics are not read to their end within this time (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws Exception {
        final PrintWriter err = spec.commandLine().getErr();
        final RadShiftConfig loaded = new ConfigLoader().load(configFile);
        final RadShiftConfig config = loaded.withEndpoints(
            bootstrap == null ? loaded.kafka().bootstrapServers() : bootstrap,
            registry == null ? loaded.schemaRegistry().url() : registry);
        final Optional<RadShiftConfig.Window> weekly = config.windows().stream()
            .filter(w -> w.type().equals("iso-week")).findFirst();
        final String alerting = alertingScheme(config);
        final IsoWeek isoWeek = IsoWeek.parse(week, zone != null ? zone
            : weekly.map(RadShiftConfig.Window::zone).orElse(ZoneId.of("UTC")));
        final WeeklyReportBuilder builder = new WeeklyReportBuilder(isoWeek, alerting,
            weekly.map(RadShiftConfig.Window::name).orElse(null), Optional.ofNullable(site));
        final Topics topics = new Topics(config, RestSchemaRegistryClient.of(config.schemaRegistry()));
        final OutputsReader.Outputs outputs = new OutputsReader(topics, config.kafka().bootstrapServers()).read(
            w -> builder.wanted(w.getSiteId(), w.getWindowEnd()),
            a -> (site == null || site.equals(a.getSiteId())) && !a.getWindowEnd().isAfter(isoWeek.end()),
            timeout, ProgressBar.onStderr("reading " + topics.windows().name() + " and " + topics.alerts().name(), err));
        final WeeklyReport report = builder.build(outputs.windows(), outputs.alerts(),
            "Kafka " + config.kafka().bootstrapServers() + ", topics " + topics.windows().name() + " and "
                + topics.alerts().name(), Instant.now());
        final Path[] files = write(report);
        spec.commandLine().getOut().printf("report %s: %d site(s), %d windows and %d incident events of %d records "
                + "read%s; wrote %s, %s, %s%n", report.week(), report.sites().size(), outputs.windows().size(),
            outputs.alerts().size(), outputs.records(),
            outputs.undecodable() > 0 ? " (" + outputs.undecodable() + " undecodable records skipped)" : "",
            files[0], files[1], files[2]);
        return 0;
    }

    private String alertingScheme(final RadShiftConfig config) {
        if (window != null) {
            if (config.windows().stream().noneMatch(w -> w.name().equals(window))) {
                throw new IllegalArgumentException("--window " + window + " is not a window scheme of " + configFile);
            }
            return window;
        }
        return config.windows().stream().filter(RadShiftConfig.Window::alerting).map(RadShiftConfig.Window::name)
            .findFirst().orElseThrow(() -> new IllegalArgumentException(configFile + " has no alerting window scheme"));
    }

    /** Writes FILE.html, FILE.csv and FILE.json; returns their paths. */
    private Path[] write(final WeeklyReport report) throws IOException {
        return HtmlPage.write(out, WeeklyReportHtml.render(report), WeeklyReportCsv.render(report),
            WeeklyReportJson.render(report)).toArray(Path[]::new);
    }
}
