package io.radshift.alert;

import io.radshift.avro.AlertKind;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.Severity;
import io.radshift.avro.TestResult;
import io.radshift.avro.WindowSummary;
import io.radshift.avro.WindowVerdict;
import io.radshift.ops.RadShiftMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns window summaries into incidents: one incident per (site, window scheme) that everything material joins,
 * with one FIRING when it opens, UPDATE events when its evidence or severity changes and one RESOLVED when it
 * ends ({@link IncidentState}). Emits an {@link IncidentOutcome} for every alerting window: the event, if any, and
 * where the incident stands (which the all-sites view needs).
 *
 * <p>Only window schemes configured as alerting feed incidents (the weekly windows are for review). A window with
 * too few studies is not evaluated, except for its operational checks (site silence, dead-letter rate): those are
 * judged on every window, so a silent site joins its incident as SITE_SILENT evidence. The state lives in a
 * changelogged store and changes atomically with the emitted events under exactly-once, so a restart never
 * repeats or loses an event. The same processor serves the sites (every incident pages) and the all-sites view
 * ({@link SiteIncidentIndex} decides whether it pages), each with a store of its own.
 *
 * <p>A site's incidents go when its window state goes: once a minute the sites' processor drops the incidents (and
 * the metric series) of every site that no longer has a clock in the {@code site-clocks} store, because the window
 * aggregator forgot it after {@code detection.siteStateRetention} of silence. No event is emitted for that: the
 * site's SITE_SILENT incident was paged long before, and a RESOLVED would claim the site recovered. A site that
 * returns starts with no incident, as it starts with fresh windows.
 */
public final class IncidentProcessor implements Processor<String, WindowSummary, String, IncidentOutcome> {

    /** Store of the sites' incidents, {@code site␟windowKind} to {@link IncidentState} bytes. */
    public static final String SITE_STORE = "incidents";
    /** Store of the all-sites view's incidents. */
    public static final String ALL_SITES_STORE = "all-sites-incidents";

    private static final char SEPARATOR = '\u001f';
    private static final Duration FORGET_CHECK = Duration.ofMinutes(1);
    private static final Set<AlertKind> JUDGED_ON_EVERY_WINDOW = Set.of(AlertKind.SITE_SILENT, AlertKind.INPUT_QUALITY);

    private final String storeName;
    private final Set<String> alertingWindows;
    private final int fireAfter;
    private final int fireWindow;
    private final Map<String, Double> decisiveLevels;
    private final String runbookUrl;
    private final PagingRule pagingRule;
    private final RadShiftMetrics metrics;
    private final String clocksStore;
    private final Map<String, Integer> windowsPerStudy;
    private ProcessorContext<String, IncidentOutcome> context;
    private KeyValueStore<String, byte[]> incidents;

    /**
     * @param storeName       {@link #SITE_STORE} or {@link #ALL_SITES_STORE}
     * @param alertingWindows window schemes that feed incidents
     * @param fireAfter       k: open after k of the last m evaluated windows had material evidence
     * @param fireWindow      m; resolve when none of the last m had any
     * @param decisiveLevels  per window scheme, the adjusted p-value at or below which one material test opens the
     *                        incident at once ({@code detection.fireAtOnce}); a scheme left out always waits for k
     * @param runbookUrl      link carried by every event
     * @param pagingRule      whether an opening incident pages
     * @param metrics         incident gauges and event counters
     */
    public IncidentProcessor(final String storeName, final Set<String> alertingWindows, final int fireAfter,
                             final int fireWindow, final Map<String, Double> decisiveLevels, final String runbookUrl,
                             final PagingRule pagingRule, final RadShiftMetrics metrics) {
        this(storeName, alertingWindows, fireAfter, fireWindow, decisiveLevels, runbookUrl, pagingRule, metrics, null,
                Map.of());
    }

    /**
     * As above; the incidents of a site that has no clock in {@code clocksStore} any more are forgotten (null: never,
     * as for the all-sites view, whose task holds no site clocks), and an incident resolves after a window length
     * without material evidence ({@link AlertEpisode#resolveWindow}, from {@code windowsPerStudy} per scheme; a
     * scheme left out resolves after {@code fireWindow}).
     */
    public IncidentProcessor(final String storeName, final Set<String> alertingWindows, final int fireAfter,
                             final int fireWindow, final Map<String, Double> decisiveLevels, final String runbookUrl,
                             final PagingRule pagingRule, final RadShiftMetrics metrics, final String clocksStore,
                             final Map<String, Integer> windowsPerStudy) {
        this.windowsPerStudy = Map.copyOf(windowsPerStudy);
        this.clocksStore = clocksStore;
        this.storeName = storeName;
        this.alertingWindows = Set.copyOf(alertingWindows);
        this.fireAfter = fireAfter;
        this.fireWindow = fireWindow;
        this.decisiveLevels = Map.copyOf(decisiveLevels);
        this.runbookUrl = runbookUrl;
        this.pagingRule = pagingRule;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, IncidentOutcome> ctx) {
        this.context = ctx;
        this.incidents = ctx.getStateStore(storeName);
        pagingRule.init(ctx);
        if (clocksStore != null) {
            final KeyValueStore<String, byte[]> clocks = ctx.getStateStore(clocksStore);
            ctx.schedule(FORGET_CHECK, PunctuationType.WALL_CLOCK_TIME, wallNow -> forgetSitesWithoutClock(clocks));
        }
    }

    /** Drops, without an event, the incidents and metric series of sites whose window state was forgotten. */
    private void forgetSitesWithoutClock(final KeyValueStore<String, byte[]> clocks) {
        final List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = incidents.all()) {
            all.forEachRemaining(kv -> {
                if (clocks.get(kv.key.substring(0, kv.key.indexOf(SEPARATOR))) == null) {
                    gone.add(kv.key);
                }
            });
        }
        for (String key : gone) {
            incidents.delete(key);
            metrics.siteForgotten(key.substring(0, key.indexOf(SEPARATOR)));
        }
    }

    @Override
    public void process(final Record<String, WindowSummary> record) {
        final WindowSummary summary = record.value();
        if (!alertingWindows.contains(summary.getWindowKind())) {
            return;
        }
        final String key = summary.getSiteId() + SEPARATOR + summary.getWindowKind();
        final long end = summary.getWindowEnd().toEpochMilli();
        final IncidentState current = load(key);
        final List<Finding> material = material(summary, current.open());
        final Decision decision = decide(summary, current, material);
        final IncidentState next = decision.step().next();
        incidents.put(key, next.toBytes());
        pagingRule.evaluated(summary.getWindowKind(), end);
        publishMetrics(summary, next);
        final IncidentStatus status = new IncidentStatus(summary.getSiteId(), summary.getWindowKind(), end,
                next.open(), !material.isEmpty(), next.evidenceByKind().keySet());
        context.forward(new Record<>(summary.getSiteId(), new IncidentOutcome(status, event(summary, decision)), end));
    }

    /** A window's step, with the paging decision and the sites that explain the incident when it opens. */
    private record Decision(IncidentState.Step step, List<String> explainedBy) {
    }

    private IncidentState load(final String key) {
        final byte[] stored = incidents.get(key);
        return stored == null ? IncidentState.NEW : IncidentState.fromBytes(stored);
    }

    private Decision decide(final WindowSummary summary, final IncidentState current, final List<Finding> material) {
        final boolean evaluated = summary.getVerdict() != WindowVerdict.INSUFFICIENT_DATA || !material.isEmpty();
        final long end = summary.getWindowEnd().toEpochMilli();
        final IncidentState.Step step = current.apply(material, decisive(summary.getWindowKind(), material), evaluated,
                end, fireAfter, fireWindow,
                AlertEpisode.resolveWindow(fireWindow, windowsPerStudy.getOrDefault(summary.getWindowKind(), 1)));
        if (step.change() != IncidentState.Change.FIRED) {
            return new Decision(step, List.of());
        }
        final List<String> explainedBy = pagingRule.explainedBy(summary.getWindowKind(), end,
                step.next().evidenceByKind().keySet());
        if (explainedBy.isEmpty() && !pagingRule.mayOpenUnexplained(summary.getWindowKind(), step.next().gate(), fireWindow)) {
            final IncidentState held = new IncidentState(step.next().gate().heldBack(), step.next().evidence(), false);
            return new Decision(new IncidentState.Step(current, held, IncidentState.Change.NONE, step.joined(),
                    step.left()), List.of());
        }
        return new Decision(step.withNext(step.next().withPaging(explainedBy.isEmpty())), explainedBy);
    }

    /** Whether some material finding is significant at the scheme's decisive level. */
    private boolean decisive(final String windowKind, final List<Finding> material) {
        final Double level = decisiveLevels.get(windowKind);
        return level != null && material.stream()
                .anyMatch(f -> f.adjustedPValue() != null && f.adjustedPValue() <= level);
    }

    /** The FIRING, UPDATE or RESOLVED event of the window, or null when it changed nothing an on-call sees. */
    private DriftAlert event(final WindowSummary summary, final Decision decision) {
        if (decision.step().change() == IncidentState.Change.NONE) {
            return null;
        }
        final DriftAlert event = IncidentAlerts.of(summary, decision.step(), decision.explainedBy(), runbookUrl,
                context.currentSystemTimeMs());
        metrics.incidentEvent(summary.getSiteId(), summary.getWindowKind(), event.getState().name());
        return event;
    }

    /**
     * The window's material findings. To open an incident a finding must clear its tolerance by a standard error
     * ({@link Finding#clearsTolerance}); to keep an open one, being material is enough. That is hysteresis on the
     * effect, as the k-of-m gate is on time: a change whose effect sits a little beyond its tolerance (a rare finding
     * ten times as common: PSI 0.2-0.3 against 0.1 with a standard error of 0.1) otherwise missed the margin in three
     * windows in a row now and then, resolved and paged again days later (four pages for one lasting change over
     * 120 days of {@code bench alerts --days 180}). In a window with too few studies only the operational checks
     * judged on every window count (the statistical tests did not run).
     */
    private static List<Finding> material(final WindowSummary summary, final boolean open) {
        final boolean evaluated = summary.getVerdict() != WindowVerdict.INSUFFICIENT_DATA;
        return summary.getTests().stream().filter(TestResult::getDrift).filter(t -> open || Finding.clearsTolerance(t))
                .filter(t -> evaluated || JUDGED_ON_EVERY_WINDOW.contains(AlertKinds.of(t.getTest())))
                .map(Finding::of).toList();
    }

    private void publishMetrics(final WindowSummary summary, final IncidentState incident) {
        final Map<String, Integer> evidence = new TreeMap<>();
        if (incident.open()) {
            incident.evidenceByKind().forEach((kind, count) -> evidence.put(kind.name(), count));
        }
        final int severity = !incident.open() ? 0 : incident.severity().orElse(Severity.WARNING) == Severity.CRITICAL ? 2 : 1;
        metrics.incident(summary.getSiteId(), summary.getWindowKind(), incident.open() && incident.paging(), severity,
                evidence);
    }
}
