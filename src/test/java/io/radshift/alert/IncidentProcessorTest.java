package io.radshift.alert;

import static io.radshift.alert.Summaries.clean;
import static io.radshift.alert.Summaries.end;
import static io.radshift.alert.Summaries.material;
import static io.radshift.alert.Summaries.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.radshift.avro.AlertKind;
import io.radshift.avro.AlertState;
import io.radshift.avro.DriftAlert;
import io.radshift.avro.EffectSeverity;
import io.radshift.avro.Evidence;
import io.radshift.avro.Severity;
import io.radshift.avro.TestResult;
import io.radshift.avro.WindowSummary;
import io.radshift.avro.WindowVerdict;
import io.radshift.ops.RadShiftMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The incident lifecycle processor on its own, with real (in-memory) state stores. */
class IncidentProcessorTest {

    private static final String ONCALL = "oncall";
    private static final TestResult MMD = material("mmd2-rff", null, 0.05, 0.01, 1e-6, EffectSeverity.WARNING);
    private static final TestResult COSINE = material("centroid-cosine", null, 0.02, 0.01, 1e-5, EffectSeverity.WARNING);
    private static final TestResult PSI = material("score-psi", "Edema", 0.3, 0.1, 1e-4, EffectSeverity.WARNING);
    private static final TestResult PSI_CRITICAL = material("score-psi", "Edema", 0.6, 0.1, 1e-5, EffectSeverity.CRITICAL);
    private static final TestResult SILENT = material("site-silent", null, 2.0, null, null, EffectSeverity.WARNING);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final RadShiftMetrics metrics = new RadShiftMetrics(registry);
    private final MockProcessorContext<String, IncidentOutcome> context = new MockProcessorContext<>();
    private KeyValueStore<String, byte[]> siteStore;
    private KeyValueStore<String, byte[]> allSitesStore;
    private KeyValueStore<String, byte[]> index;

    @BeforeEach
    void stores() {
        context.setCurrentSystemTimeMs(Summaries.MONDAY.toEpochMilli());
        siteStore = store(IncidentProcessor.SITE_STORE);
        allSitesStore = store(IncidentProcessor.ALL_SITES_STORE);
        index = store(SiteIncidentIndex.STORE);
    }

    @Test
    void oneFiringNamesTheTestsRankedByEffectWithTheNovelStudiesThenUpdatesAndOneResolved() {
        final IncidentProcessor processor = siteProcessor();
        final List<DriftAlert> events = feed(processor,
                window("C", ONCALL, 1, MMD, clean("score-psi", "Edema")),
                window("C", ONCALL, 2, PSI, clean("mmd2-rff", null)),
                window("C", "weekly", 2, MMD, PSI),               // not an alerting scheme: ignored
                window("C", ONCALL, 3, MMD, PSI_CRITICAL),
                window("C", ONCALL, 4, clean("mmd2-rff", null)),
                window("C", ONCALL, 5, clean("mmd2-rff", null)),
                window("C", ONCALL, 6, clean("mmd2-rff", null)),
                window("C", ONCALL, 7, clean("mmd2-rff", null)));
        assertThat(events).extracting(DriftAlert::getState)
                .containsExactly(AlertState.FIRING, AlertState.UPDATE, AlertState.RESOLVED);

        final DriftAlert firing = events.get(0);
        assertThat(firing.getWindowEnd()).isEqualTo(end(2));
        assertThat(firing.getEpisodeStart()).isEqualTo(end(2));
        assertThat(firing.getAlertId()).isEqualTo("C/oncall/" + end(2));
        assertThat(firing.getPaging()).isTrue();
        assertThat(firing.getChange()).isNull();
        assertThat(firing.getTopNovelStudyIds()).containsExactly("C-novel-2");
        // MMD is 5 tolerances beyond, PSI 3: MMD is the top evidence although its effect is smaller.
        assertThat(firing.getEvidence()).extracting(Evidence::getTest).containsExactly("mmd2-rff", "score-psi");
        assertThat(firing.getKind()).isEqualTo(AlertKind.EMBEDDING_DRIFT);
        assertThat(firing.getLabel()).isNull();
        assertThat(firing.getEffectSize()).isEqualTo(0.05);
        assertThat(firing.getStatistic()).isEqualTo(0.5);
        assertThat(firing.getSeverity()).isEqualTo(Severity.WARNING);
        assertThat(firing.getEvidence().get(1)).satisfies(e -> {
            assertThat(e.getLabel()).isEqualTo("Edema");
            assertThat(e.getEffectTolerance()).isEqualTo(0.1);
            assertThat(e.getAdjustedPValue()).isEqualTo(1e-4);
            assertThat(e.getKind()).isEqualTo(AlertKind.SCORE_HISTOGRAM_SHIFT);
        });
        assertThat(firing.getSummary()).contains("FIRING", "site C", "2 tests (EMBEDDING_DRIFT 1, SCORE_HISTOGRAM_SHIFT 1)",
                "top EMBEDDING_DRIFT mmd2-rff").doesNotContain("novel");

        final DriftAlert update = events.get(1);
        assertThat(update.getAlertId()).isEqualTo(firing.getAlertId());
        assertThat(update.getChange()).isEqualTo("severity WARNING -> CRITICAL");
        assertThat(update.getSeverity()).isEqualTo(Severity.CRITICAL);
        // 0.6 / 0.1 = 6 tolerances now outranks MMD's 5.
        assertThat(update.getEvidence()).extracting(Evidence::getTest, Evidence::getSeverity)
                .containsExactly(tuple("score-psi", Severity.CRITICAL),
                        tuple("mmd2-rff", Severity.WARNING));

        final DriftAlert resolved = events.get(2);
        assertThat(resolved.getAlertId()).isEqualTo(firing.getAlertId());
        assertThat(resolved.getWindowEnd()).isEqualTo(end(6));
        assertThat(resolved.getEvidence()).isEmpty();
        assertThat(registry.get("radshift.incident.events").tags("site", "C", "window", ONCALL).counters())
                .hasSize(3).allSatisfy(c -> assertThat(c.count()).isEqualTo(1.0));
    }

    /**
     * Kermany's stable n = 50 site: its saturated fraction read 0.59 against the tolerance 0.5 in three windows
     * running, a standard error of 0.13 away from it. Material in each window, but not evidence enough to page;
     * the same effect measured ten times as precisely is.
     */
    @Test
    void aMaterialEffectWithinOneStandardErrorOfItsToleranceOpensNoIncident() {
        final IncidentProcessor processor = siteProcessor();
        final List<DriftAlert> noisy = feed(processor,
                window("K", ONCALL, 1, saturated(0.13)), window("K", ONCALL, 2, saturated(0.13)),
                window("K", ONCALL, 3, saturated(0.13)));
        assertThat(noisy).isEmpty();
        assertThat(Finding.clearsTolerance(saturated(0.13))).isFalse();

        final List<DriftAlert> precise = feed(processor,
                window("P", ONCALL, 1, saturated(0.013)), window("P", ONCALL, 2, saturated(0.013)));
        assertThat(precise).extracting(DriftAlert::getState).containsExactly(AlertState.FIRING);
        // Results without a standard error (operating limits, older summaries) count as they are.
        assertThat(Finding.clearsTolerance(SILENT)).isTrue();
        assertThat(Finding.clearsTolerance(MMD)).isTrue();
    }

    /** Hysteresis on the effect: the margin opens an incident; being material keeps it open. */
    @Test
    void anOpenIncidentStaysOpenWhileItsEvidenceIsMaterialWithoutTheMargin() {
        final IncidentProcessor processor = siteProcessor();
        final List<DriftAlert> events = feed(processor,
                window("P", ONCALL, 1, saturated(0.013)), window("P", ONCALL, 2, saturated(0.013)),
                window("P", ONCALL, 3, saturated(0.13)), window("P", ONCALL, 4, saturated(0.13)),
                window("P", ONCALL, 5, saturated(0.13)), window("P", ONCALL, 6, saturated(0.13)));
        assertThat(events).extracting(DriftAlert::getState).containsExactly(AlertState.FIRING);
        assertThat(gauge("radshift.incident.firing", "P")).isEqualTo(1.0);
        final List<DriftAlert> gone = feed(processor, window("P", ONCALL, 7), window("P", ONCALL, 8),
                window("P", ONCALL, 9));
        assertThat(gone).extracting(DriftAlert::getState).containsExactly(AlertState.RESOLVED);
    }

    private static TestResult saturated(final double standardError) {
        final TestResult result = material("quality-saturatedFraction", "saturatedFraction", 0.59, 0.5, 1e-5,
                EffectSeverity.WARNING);
        result.setEffectStandardError(standardError);
        return result;
    }

    @Test
    void decisiveEvidenceOpensTheIncidentInItsFirstWindowAndWeakerEvidenceWaitsForTheSecond() {
        // Level 1e-5 for the on-call scheme: MMD (adjusted p 1e-6) is decisive, PSI (1e-4) is merely material.
        final IncidentProcessor processor = new IncidentProcessor(IncidentProcessor.SITE_STORE, Set.of(ONCALL), 2, 3,
                Map.of(ONCALL, 1e-5), "docs/runbook.md", PagingRule.ALWAYS, metrics);
        assertThat(feed(processor, window("C", ONCALL, 1, MMD))).extracting(DriftAlert::getState)
                .containsExactly(AlertState.FIRING);
        assertThat(feed(processor, window("D", ONCALL, 1, PSI))).isEmpty();
        assertThat(feed(processor, window("D", ONCALL, 2, PSI))).extracting(DriftAlert::getState)
                .containsExactly(AlertState.FIRING);
    }

    @Test
    void theGaugesFollowTheOpenIncident() {
        final IncidentProcessor processor = siteProcessor();
        feed(processor, window("C", ONCALL, 1, MMD, COSINE), window("C", ONCALL, 2, MMD, COSINE, PSI_CRITICAL));
        assertThat(gauge("radshift.incident.firing", "C")).isEqualTo(1.0);
        assertThat(gauge("radshift.incident.severity", "C")).isEqualTo(2.0);
        assertThat(registry.get("radshift.incident.evidence").tags("site", "C", "window", ONCALL, "kind", "EMBEDDING_DRIFT")
                .gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("radshift.incident.evidence").tags("site", "C", "window", ONCALL, "kind", "SCORE_HISTOGRAM_SHIFT")
                .gauge().value()).isEqualTo(1.0);
        feed(processor, window("C", ONCALL, 3), window("C", ONCALL, 4), window("C", ONCALL, 5));
        assertThat(gauge("radshift.incident.firing", "C")).isEqualTo(0.0);
        assertThat(gauge("radshift.incident.severity", "C")).isEqualTo(0.0);
        assertThat(registry.get("radshift.incident.evidence").gauges()).allSatisfy(g -> assertThat(g.value()).isZero());
    }

    @Test
    void aRestartResumesTheIncidentFromItsStoreWithoutASecondFiring() {
        final List<DriftAlert> before = feed(siteProcessor(), window("C", ONCALL, 1, MMD), window("C", ONCALL, 2, MMD));
        assertThat(before).extracting(DriftAlert::getState).containsExactly(AlertState.FIRING);
        // A new processor instance on the same store, as after a restart that restored it from its changelog.
        final List<DriftAlert> after = feed(siteProcessor(), window("C", ONCALL, 3, MMD), window("C", ONCALL, 4),
                window("C", ONCALL, 5), window("C", ONCALL, 6));
        assertThat(after).extracting(DriftAlert::getState).containsExactly(AlertState.RESOLVED);
        assertThat(after.get(0).getAlertId()).isEqualTo(before.get(0).getAlertId());
    }

    @Test
    void aSilentSiteJoinsItsIncidentAsSiteSilentEvidenceAndSmallWindowsChangeNothingElse() {
        final IncidentProcessor processor = siteProcessor();
        final List<DriftAlert> events = feed(processor,
                window("B", ONCALL, 1, WindowVerdict.INSUFFICIENT_DATA, 0, List.of(), SILENT),
                window("B", ONCALL, 2, WindowVerdict.INSUFFICIENT_DATA, 0, List.of(), SILENT),
                // The site is back but its windows are still small: not evaluated, the incident stays open.
                window("B", ONCALL, 3, WindowVerdict.INSUFFICIENT_DATA, 5, List.of(), clean("site-silent", null)),
                window("B", ONCALL, 4, WindowVerdict.INSUFFICIENT_DATA, 12, List.of(), clean("site-silent", null)));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getState()).isEqualTo(AlertState.FIRING);
            assertThat(e.getKind()).isEqualTo(AlertKind.SITE_SILENT);
            assertThat(e.getEvidence()).extracting(Evidence::getKind).containsExactly(AlertKind.SITE_SILENT);
        });
        assertThat(gauge("radshift.incident.firing", "B")).isEqualTo(1.0);
        final List<DriftAlert> back = feed(processor, window("B", ONCALL, 5, clean("site-silent", null)),
                window("B", ONCALL, 6, clean("site-silent", null)), window("B", ONCALL, 7, clean("site-silent", null)));
        assertThat(back).extracting(DriftAlert::getState).containsExactly(AlertState.RESOLVED);
    }

    @Test
    void everyAlertingWindowReportsWhereTheSiteIncidentStands() {
        final IncidentProcessor processor = siteProcessor();
        processor.init(context);
        processor.process(record(window("C", ONCALL, 1, MMD)));
        processor.process(record(window("C", ONCALL, 2, MMD)));
        processor.process(record(window("C", ONCALL, 3)));
        assertThat(context.forwarded()).extracting(f -> f.record().value().status())
                .extracting(IncidentStatus::open, IncidentStatus::material)
                .containsExactly(tuple(false, true),
                        tuple(true, true),
                        tuple(true, false));
        assertThat(context.forwarded().get(2).record().value().status().kinds()).containsExactly(AlertKind.EMBEDDING_DRIFT);
        assertThat(context.forwarded()).allSatisfy(f -> assertThat(f.record().key()).isEqualTo("C"));
    }

    @Test
    void anAllSitesIncidentThatAnOpenSiteIncidentExplainsIsRecordedWithoutPaging() {
        track(status("C", 2, true, true, AlertKind.EMBEDDING_DRIFT, AlertKind.SCORE_HISTOGRAM_SHIFT));
        final List<DriftAlert> events = feed(allSitesProcessor(), window("*", ONCALL, 2, MMD), window("*", ONCALL, 3, MMD));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getState()).isEqualTo(AlertState.FIRING);
            assertThat(e.getPaging()).isFalse();
            assertThat(e.getSummary()).contains("not paging: explained by the incidents of C");
        });
        assertThat(gauge("radshift.incident.firing", "*")).isEqualTo(0.0);
        assertThat(gauge("radshift.incident.severity", "*")).isEqualTo(1.0);
    }

    /** A site whose studies changed explains a pooled change even when its own windows showed another kind. */
    @Test
    void aSiteIncidentOfAnotherDataDriftKindExplainsTheAllSitesIncident() {
        track(status("R", 2, true, true, AlertKind.CALIBRATION));
        final List<DriftAlert> events = feed(allSitesProcessor(), window("*", ONCALL, 2, MMD), window("*", ONCALL, 3, MMD));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getPaging()).isFalse();
            assertThat(e.getSummary()).contains("not paging: explained by the incidents of R");
        });
    }

    @Test
    void anAllSitesIncidentPagesWhenNoSiteExplainsIt() {
        // B's incident is open, but only because B is silent: that does not explain an embedding drift of all sites.
        track(status("B", 3, true, true, AlertKind.SITE_SILENT));
        // D was material two windows ago but is not open and not material now.
        track(status("D", 1, false, true, AlertKind.EMBEDDING_DRIFT));
        // C's incident is open in another window scheme.
        track(new IncidentStatus("C", "other", end(3).toEpochMilli(), true, true, Set.of(AlertKind.EMBEDDING_DRIFT)));
        final List<DriftAlert> events = feed(allSitesProcessor(), window("*", ONCALL, 2, MMD), window("*", ONCALL, 3, MMD));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getPaging()).isTrue();
            assertThat(e.getSummary()).doesNotContain("not paging");
        });
        assertThat(gauge("radshift.incident.firing", "*")).isEqualTo(1.0);
    }

    /**
     * With confirmation (windows of 4 h advancing by 1 h), an unexplained pooled excursion of a few windows opens
     * nothing, and lasting evidence opens one paging incident once it held in windows 4 h apart.
     */
    @Test
    void anUnexplainedAllSitesIncidentOpensOnlyOnceItsEvidenceHeldAcrossAWindowLength() {
        final IncidentProcessor processor = confirmingAllSitesProcessor();
        assertThat(feed(processor, window("*", ONCALL, 1, MMD), window("*", ONCALL, 2, MMD), window("*", ONCALL, 3, MMD),
                window("*", ONCALL, 4), window("*", ONCALL, 5), window("*", ONCALL, 6), window("*", ONCALL, 7)))
                .as("a three-hour excursion").isEmpty();
        assertThat(gauge("radshift.incident.firing", "*")).isEqualTo(0.0);

        final List<WindowSummary> later = new ArrayList<>();
        for (int hour = 8; hour <= 21; hour++) {
            later.add(hour < 16 ? window("*", ONCALL, hour) : window("*", ONCALL, hour, MMD));
        }
        final List<DriftAlert> lasting = feed(processor, later.toArray(WindowSummary[]::new));
        assertThat(lasting).singleElement().satisfies(e -> {
            assertThat(e.getState()).isEqualTo(AlertState.FIRING);
            assertThat(e.getPaging()).isTrue();
            assertThat(e.getWindowEnd()).isEqualTo(end(20));
        });
        assertThat(gauge("radshift.incident.firing", "*")).isEqualTo(1.0);
    }

    @Test
    void anExplainedAllSitesIncidentIsNotHeldBackByConfirmation() {
        track(status("C", 2, true, true, AlertKind.EMBEDDING_DRIFT));
        final List<DriftAlert> events = feed(confirmingAllSitesProcessor(), window("*", ONCALL, 2, MMD),
                window("*", ONCALL, 3, MMD));
        assertThat(events).singleElement().satisfies(e -> assertThat(e.getPaging()).isFalse());
    }

    @Test
    void aSiteMaterialInTheSameWindowExplainsTheAllSitesIncidentBeforeItsOwnOpens() {
        track(status("D", 2, false, true, AlertKind.EMBEDDING_DRIFT));
        track(status("D", 3, false, true, AlertKind.EMBEDDING_DRIFT));
        final List<DriftAlert> events = feed(allSitesProcessor(), window("*", ONCALL, 2, MMD), window("*", ONCALL, 3, MMD));
        assertThat(events).singleElement().satisfies(e -> assertThat(e.getPaging()).isFalse());
    }

    /**
     * Sites run ahead of the all-sites view: when it evaluates the window in which C's incident opened, C's
     * incident has already resolved several windows later. C's status as of that window decides.
     */
    @Test
    void theSiteStatusAsOfTheAllSitesWindowDecidesNotTheSitesLatest() {
        track(status("C", 2, false, true, AlertKind.EMBEDDING_DRIFT));
        track(status("C", 3, true, true, AlertKind.EMBEDDING_DRIFT));
        track(status("C", 8, true, false, AlertKind.EMBEDDING_DRIFT));
        track(status("C", 9, false, false));
        final List<DriftAlert> events = feed(allSitesProcessor(), window("*", ONCALL, 2, MMD), window("*", ONCALL, 3, MMD));
        assertThat(events).singleElement().satisfies(e -> assertThat(e.getPaging()).isFalse());
        // Statuses older than C's status as of hour 3 are forgotten; the later ones are kept for later windows.
        assertThat(indexKeys()).containsExactly("C@" + end(3).toEpochMilli(), "C@" + end(8).toEpochMilli(),
                "C@" + end(9).toEpochMilli());
    }

    private List<String> indexKeys() {
        final List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = index.all()) {
            all.forEachRemaining(kv -> {
                final IncidentStatus s = IncidentStatus.fromBytes(kv.value);
                keys.add(s.site() + "@" + s.windowEnd());
            });
        }
        return keys;
    }

    private IncidentProcessor siteProcessor() {
        return new IncidentProcessor(IncidentProcessor.SITE_STORE, Set.of(ONCALL), 2, 3, Map.of(), "docs/runbook.md",
                PagingRule.ALWAYS, metrics);
    }

    private IncidentProcessor allSitesProcessor() {
        return new IncidentProcessor(IncidentProcessor.ALL_SITES_STORE, Set.of(ONCALL), 2, 3, Map.of(), "docs/runbook.md",
                new SiteIncidentIndex(), metrics);
    }

    private IncidentProcessor confirmingAllSitesProcessor() {
        return new IncidentProcessor(IncidentProcessor.ALL_SITES_STORE, Set.of(ONCALL), 2, 3, Map.of(), "docs/runbook.md",
                new SiteIncidentIndex(new FleetConfirmation(Map.of(ONCALL, 4))), metrics);
    }

    private void track(final IncidentStatus status) {
        final MockProcessorContext<Void, Void> trackerContext = new MockProcessorContext<>();
        trackerContext.addStateStore(index);
        final SiteIncidentTracker tracker = new SiteIncidentTracker();
        tracker.init(trackerContext);
        tracker.process(new Record<>("*", status, status.windowEnd()));
    }

    private static IncidentStatus status(final String site, final int hour, final boolean open, final boolean material,
                                         final AlertKind... kinds) {
        return new IncidentStatus(site, ONCALL, end(hour).toEpochMilli(), open, material, Set.of(kinds));
    }

    private List<DriftAlert> feed(final IncidentProcessor processor, final WindowSummary... windows) {
        context.resetForwards();
        processor.init(context);
        for (WindowSummary w : windows) {
            processor.process(record(w));
        }
        return context.forwarded().stream().map(f -> f.record().value().event()).filter(Objects::nonNull).toList();
    }

    private static Record<String, WindowSummary> record(final WindowSummary w) {
        return new Record<>(w.getSiteId(), w, w.getWindowEnd().toEpochMilli());
    }

    private double gauge(final String name, final String site) {
        return registry.get(name).tags("site", site, "window", ONCALL).gauge().value();
    }

    private KeyValueStore<String, byte[]> store(final String name) {
        final KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
