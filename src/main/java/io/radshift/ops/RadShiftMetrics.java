package io.radshift.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * RadShift's own metrics, named in one place.
 *
 * <p>Naming conventions (Micrometer names, rendered for Prometheus): prefix {@code radshift.}; base units
 * (seconds, bytes, ratios); counters end in {@code _total} once rendered; tags are bounded to {@code site},
 * {@code label}, {@code kind}, {@code test}, {@code window}, {@code provider}, {@code reason}, {@code verdict},
 * {@code state}, {@code bin}, {@code topic} and {@code partition}. A study id, an image or any patient attribute
 * never becomes a tag value: sites and labels come from configuration and the model bundle, reasons, kinds and
 * states from fixed vocabularies, histogram bins from configuration, topics and partitions from the monitoring
 * stage's input topics and their partition count.
 *
 * <p>Site ids come from the hospitals, so the {@code site} tag goes through {@link SiteTags}: a configured list or
 * the first sites up to a cap keep their own value, the rest share {@code _other} (each such update counts in
 * {@code radshift_metrics_sites_folded_total}), and every series of a site unseen for the stale period is removed.
 * For {@code _other} the counters sum over the folded sites, the gauges of a site's last closed window (studies,
 * test statistics and thresholds, score histograms) are not kept (the last of any folded site's windows says
 * nothing about any of them, and updating them for thousands of sites was a sixth of the stream thread's time at
 * 10,000 sites), and the incident gauges summarize the folded sites' open incidents ({@link FoldedIncidents}).
 */
public final class RadShiftMetrics {

    /** The longest time between two looks for stale sites. */
    private static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(1);

    private final MeterRegistry registry;
    private final SiteTags sites;
    private final Map<GaugeKey, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> evidenceKinds = new ConcurrentHashMap<>();
    private final FoldedIncidents folded = new FoldedIncidents();
    /** When stale sites are next looked for: often enough to honour the stale period, rarely enough to cost nothing. */
    private volatile Instant nextExpiry;

    /** Metrics with the {@link SiteTags#defaults() default} site bounds. */
    public RadShiftMetrics(final MeterRegistry registry) {
        this(registry, SiteTags.defaults());
    }

    /** Metrics whose site tags are bounded by {@code sites}. */
    public RadShiftMetrics(final MeterRegistry registry, final SiteTags sites) {
        this.registry = registry;
        this.sites = sites;
        this.nextExpiry = sites.clock().instant().plus(expiryInterval());
    }

    /** A gauge's identity in this class: its name and tags. */
    private record GaugeKey(String name, Tags tags) {
        boolean hasSite(final String site) {
            return tags.stream().anyMatch(t -> t.getKey().equals("site") && t.getValue().equals(site));
        }
    }

    /** Metrics that go nowhere, for offline commands and unit tests that do not look at them. */
    public static RadShiftMetrics discarding() {
        return new RadShiftMetrics(new SimpleMeterRegistry());
    }

    /** The underlying registry. */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Publishes readiness as a gauge, {@code radshift_ready} (1 ready, 0 not), read from the same supplier that
     * answers {@code /ready}. Prometheus cannot probe {@code /ready} by itself; with this gauge the
     * RadShiftPipelineDown rule also catches a process that is up but whose stream is stuck or in error.
     */
    public void readiness(final Supplier<OpsServer.StreamHealth> health) {
        Gauge.builder("radshift.ready", health, h -> h.get().ready() ? 1 : 0)
                .description("1 when the Kafka Streams topology is running and processing (/ready answers 200)")
                .strongReference(true).register(registry);
    }

    /** A study event reached the inference processor. */
    public void studyReceived(final String site) {
        Counter.builder("radshift.studies.received").description("Study events received")
                .tag("site", site(site)).register(registry).increment();
    }

    /** A study's image decoded and was scored. */
    public void studyScored(final String site) {
        Counter.builder("radshift.studies.scored").description("Studies decoded and scored by the model")
                .tag("site", site(site)).register(registry).increment();
    }

    /** A study or record went to the dead-letter topic; {@code reason} is a short code such as corrupt-image. */
    public void deadLettered(final String reason) {
        Counter.builder("radshift.studies.dead.lettered").description("Records sent to the dead-letter topic, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    /** One model call for a micro-batch. */
    public void inferenceBatch(final String provider, final int batchSize, final Duration latency) {
        Timer.builder("radshift.inference.latency").description("Model call latency per micro-batch")
                .tag("provider", provider).publishPercentileHistogram()
                .register(registry).record(latency);
        DistributionSummary.builder("radshift.inference.batch.size").description("Studies per model call")
                .baseUnit("studies").register(registry).record(batchSize);
    }

    /** Which execution provider runs the model: 1 for the one in use, 0 for the other. */
    public void executionProvider(final String provider) {
        for (String p : new String[] {"CUDA", "CPU"}) {
            gauge("radshift.inference.provider", "Execution provider in use (1) and not in use (0)",
                    Tags.of("provider", p), p.equalsIgnoreCase(provider) ? 1 : 0);
        }
    }

    /** A study arrived after its window closed (end plus grace) and was not counted in it. */
    public void lateDropped(final String site, final String window) {
        Counter.builder("radshift.studies.late.dropped").description("Studies dropped because their window had closed")
                .tags("site", site(site), "window", window).register(registry).increment();
    }

    /**
     * A scored study's scores were not kept for its ground truth: its site already holds
     * {@code detection.maxScoresPerSite} scores waiting for labels. The study still counts in its windows; labels
     * for it will find no scores.
     */
    public void scoresOverflow(final String site) {
        Counter.builder("radshift.study.scores.overflow")
                .description("Scored studies whose scores were not kept for ground truth: the site's cap was reached")
                .tags("site", site(site)).register(registry).increment();
    }

    /** Wall-clock delay between a window's end plus grace and its evaluation. */
    public void windowCloseLag(final String window, final Duration lag) {
        Timer.builder("radshift.window.close.lag").description("Delay from window end plus grace to its verdict")
                .tag("window", window).register(registry).record(lag);
    }

    /** A window was evaluated; {@code verdict} is OK, DRIFT or INSUFFICIENT_DATA. */
    public void windowEvaluated(final String site, final String window, final String verdict, final long n) {
        final String tag = site(site);
        Counter.builder("radshift.windows.evaluated").description("Closed windows evaluated, by verdict")
                .tags("site", tag, "window", window, "verdict", verdict).register(registry).increment();
        if (!isFolded(tag)) {
            gauge("radshift.window.studies", "Studies in the last closed window", Tags.of("site", tag, "window", window), n);
        }
    }

    /** The statistic and its threshold for one test of the last closed window. */
    public void driftStatistic(final String site, final String window, final String test, final String label,
                               final double statistic, final Double threshold) {
        final String tag = site(site);
        if (isFolded(tag)) {
            return;
        }
        final Tags tags = Tags.of("site", tag, "window", window, "test", test, "label", label == null ? "" : label);
        gauge("radshift.drift.statistic", "Test statistic of the last closed window", tags, statistic);
        if (threshold != null) {
            gauge("radshift.drift.threshold", "Calibrated threshold at the window's size", tags, threshold);
        }
    }

    /**
     * The score histogram of one label in the last closed window: one gauge per bin, tagged with the bin's upper
     * edge ({@code bin="0.1"} holds scores in [0, 0.1) for ten bins; the last bin, {@code "1"}, includes 1.0).
     *
     * <p>Bins are equal-width over [0, 1] and their number is configuration ({@code labels.histogramBins}), so the
     * series count stays bounded by sites x windows x labels x bins. Values are study counts, not cumulative: the
     * drift-by-site dashboard draws them as a heatmap after dividing by the window's total.
     *
     * @param bins study counts per bin, lowest scores first; at least one bin
     */
    public void scoreHistogram(final String site, final String window, final String label, final long[] bins) {
        if (bins.length == 0) {
            throw new IllegalArgumentException("a score histogram needs at least one bin");
        }
        final String tag = site(site);
        if (isFolded(tag)) {
            return;
        }
        for (int i = 0; i < bins.length; i++) {
            gauge("radshift.score.histogram", "Studies per score bin of the last closed window (bin = upper edge)",
                    Tags.of("site", tag, "window", window, "label", label, "bin", upperEdge(i, bins.length)), bins[i]);
        }
    }

    /** The upper edge of bin {@code index} of {@code count} equal-width bins, as a short decimal ("0.05", "1"). */
    static String upperEdge(final int index, final int count) {
        return BigDecimal.valueOf(index + 1L).divide(BigDecimal.valueOf(count), 4, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    /**
     * Where the incident of one (site, window scheme) stands after a window: {@code radshift_incident_firing} is 1
     * while a paging incident is open (an all-sites incident that a site's own incident explains does not page and
     * stays 0), {@code radshift_incident_severity} is 0 none / 1 warning / 2 critical while open, and
     * {@code radshift_incident_evidence{kind}} counts the contributing tests of each kind while open (kinds that
     * left go back to 0). Called for every alerting window, so the gauges recover one window after a restart. For
     * {@code _other} they summarize the open incidents of all folded sites: firing counts those that page, severity
     * is the highest, evidence sums by kind.
     *
     * @param evidenceByKind contributing tests per alert kind of the open incident; empty when none is open
     */
    public void incident(final String site, final String window, final boolean paging, final int severity,
                         final Map<String, Integer> evidenceByKind) {
        final String tag = site(site);
        if (isFolded(tag)) {
            otherIncidentGauges(window, folded.update(site, window, paging, severity, evidenceByKind));
        } else {
            incidentGauges(tag, window, paging ? 1 : 0, severity, evidenceByKind);
        }
    }

    private void otherIncidentGauges(final String window, final FoldedIncidents.Summary open) {
        incidentGauges(SiteTags.OTHER, window, open.paging(), open.severity(), open.evidenceByKind());
    }

    private void incidentGauges(final String tag, final String window, final int paging, final int severity,
                                final Map<String, Integer> evidenceByKind) {
        final Tags tags = Tags.of("site", tag, "window", window);
        gauge("radshift.incident.firing", "Paging incidents open for the site and window scheme (1 or 0; for _other, "
                + "the number among the folded sites)", tags, paging);
        gauge("radshift.incident.severity", "Severity of the open incident: 0 none, 1 warning, 2 critical", tags, severity);
        final Set<String> kinds = evidenceKinds.computeIfAbsent(tag + '\u001f' + window, k -> ConcurrentHashMap.newKeySet());
        kinds.addAll(evidenceByKind.keySet());
        for (String kind : kinds) {
            gauge("radshift.incident.evidence", "Contributing tests of the open incident, by kind", tags.and("kind", kind),
                    evidenceByKind.getOrDefault(kind, 0));
        }
    }

    /** An incident event was emitted; {@code state} is FIRING, UPDATE or RESOLVED. */
    public void incidentEvent(final String site, final String window, final String state) {
        Counter.builder("radshift.incident.events").description("Incident events emitted, by state")
                .tags("site", site(site), "window", window, "state", state).register(registry).increment();
    }

    /**
     * A site window reached the all-sites view after its all-sites window was evaluated: its studies are counted as
     * late for site {@code *} ({@code radshift_studies_late_dropped_total{site="*"}}), like the field
     * {@code lateDropped} of the next all-sites summary.
     */
    public void allSitesLate(final String window, final long studies) {
        Counter.builder("radshift.studies.late.dropped").description("Studies dropped because their window had closed")
                .tags("site", site(SiteTags.ALL_SITES), "window", window).register(registry).increment(studies);
    }

    /**
     * Records of one input partition of the monitoring stage not yet processed, {@code
     * radshift_input_lag_records{topic,partition}}: its end offset less the application's committed offset (for
     * {@code studies}, less also the studies still waiting in the inference stage's batch buffer), as read every
     * second by {@code app.ConsumedBacklog}. Committed offsets belong to the application, not to an instance, so
     * every instance reports every partition the same way; unlike the Kafka consumer's own lag metric it also
     * counts a partition that no instance has assigned (a task moving or restarting).
     */
    public void inputLag(final String topic, final int partition, final long records) {
        gauge("radshift.input.lag.records", "Input records of the partition not yet processed (end less committed offset)",
                Tags.of("topic", topic, "partition", Integer.toString(partition)), records);
    }

    /**
     * How far the time up to which a partition's input is processed ({@code window.Backlog}) lags the wall clock,
     * {@code radshift_input_processed_age_seconds{partition}}: about the age of its oldest unprocessed input record,
     * counted through the whole chain (studies, their inferences, labels, dead letters). A quiet site of the
     * partition counts its silence only up to that time, so while this grows its windows wait. It grows on while
     * the offsets cannot be read.
     */
    public void inputProcessedAge(final int partition, final Duration age) {
        gauge("radshift.input.processed.age.seconds",
                "How long ago the partition's input was last known to be processed through (all that had arrived)",
                Tags.of("partition", Integer.toString(partition)), age.toMillis() / 1000.0);
    }

    /**
     * The tag value of {@code site} ({@link SiteTags}); counts a site folded into {@code _other}, and now and then
     * removes every series of the sites gone stale.
     */
    private String site(final String site) {
        final String tag = sites.of(site);
        if (tag.equals(SiteTags.OTHER) && !site.equals(SiteTags.OTHER)) {
            Counter.builder("radshift.metrics.sites.folded")
                    .description("Site metric updates reported as site _other: the site is beyond metrics.sites or metrics.maxSites")
                    .register(registry).increment();
        }
        final Instant now = sites.clock().instant();
        if (now.isAfter(nextExpiry)) {
            nextExpiry = now.plus(expiryInterval());
            removeStaleSites();
        }
        return tag;
    }

    /**
     * A site whose state the monitor forgot after {@code detection.siteStateRetention} of silence: every series of
     * the site goes at once (a site folded into {@code _other} keeps that shared series), and its slot is free.
     */
    public void siteForgotten(final String site) {
        if (sites.forget(site)) {
            removeSeries(site);
        }
        for (final String window : folded.forget(site)) {
            otherIncidentGauges(window, folded.summary(window));
        }
    }

    private static boolean isFolded(final String tag) {
        return SiteTags.OTHER.equals(tag);
    }

    /** Removes every series of the sites not seen for the stale period, and frees their slots. */
    void removeStaleSites() {
        sites.expire().forEach(this::removeSeries);
    }

    private void removeSeries(final String stale) {
        for (Meter meter : registry.getMeters()) {
            if (stale.equals(meter.getId().getTag("site"))) {
                registry.remove(meter);
            }
        }
        gauges.keySet().removeIf(key -> key.hasSite(stale));
        evidenceKinds.keySet().removeIf(key -> key.startsWith(stale + '\u001f'));
    }

    private Duration expiryInterval() {
        final Duration tenth = sites.staleAfter().dividedBy(10);
        return tenth.compareTo(EXPIRY_INTERVAL) < 0 ? tenth : EXPIRY_INTERVAL;
    }

    private void gauge(final String name, final String description, final Tags tags, final double value) {
        final GaugeKey key = new GaugeKey(name, tags);
        gauges.computeIfAbsent(key, k -> {
            final AtomicReference<Double> holder = new AtomicReference<>(value);
            Gauge.builder(name, holder, AtomicReference::get).description(description).tags(tags).register(registry);
            return holder;
        }).set(value);
    }
}
