package io.radshift.tools.bench;

import ai.onnxruntime.OrtException;
import io.radshift.config.RadShiftConfig;
import io.radshift.data.Manifest;
import io.radshift.inference.bundle.ModelBundle;
import io.radshift.offline.LabelMap;
import io.radshift.offline.StudyInput;
import io.radshift.stats.Observation;
import io.radshift.stats.profile.ProfileSettings;
import io.radshift.stats.profile.ReferenceProfile;
import io.radshift.stats.profile.ReferenceProfileBuilder;
import io.radshift.tools.demo.model.PhantomStudySampler;
import io.radshift.tools.embedded.EmbeddedKafka;
import io.radshift.window.StudyObservations;
import io.radshift.window.WindowScheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code radshift bench alerts}: does RadShift stay quiet on stable sites and page once, on time, for a site
 * that changes? Replays {@code days} simulated days of every site through the real application
 * ({@link AlertReplay}) and counts pages, window verdicts and detection delays ({@link AlertQuality}).
 *
 * <p>Two replays, one per reference profile:
 * <ul>
 *   <li><b>real X-rays</b> (when the shared chest X-rays are present): reference = kermany/train (fit and
 *   calibration split by patient); stable sites draw kermany val/test images of patients with no image in
 *   kermany/train, label-mix matched to the reference's pneumonia prevalence, one site per window size n; a
 *   scanner-change site whose images, from a third of the span on, pass through
 *   {@link AcquisitionShift#gammaContrast} (gamma 1.25, contrast 0.85); and a site that mixes another
 *   hospital's X-rays in from half the span on.</li>
 *   <li><b>phantoms</b> (always): reference = phantom studies drawn like the demo bundle's reference set; stable
 *   sites, one per n; a site where the rare finding Pneumothorax becomes ten times as common from a third of
 *   the span on; and a scanner-change site (the demo's hospital-c scanner) from half the span on.</li>
 * </ul>
 * Every site is scored once per image through {@link PreScorer} and resampled with replacement; a site's
 * volume gives its nominal window size n (studies per alerting window).
 */
public final class AlertsBenchmark {

    /** The rare finding whose prevalence the phantom replay changes (3% of the phantom reference). */
    public static final String RARE_FINDING = "Pneumothorax";
    /** The scanner of the phantom scanner-change site: the demo's hospital-c scanner. */
    public static final PhantomStudySampler.Scanner CHANGED_SCANNER = new PhantomStudySampler.Scanner(0.6, 1.4, 0.03);
    /** The real-image scanner change. */
    public static final AcquisitionShift REAL_SCANNER = AcquisitionShift.gammaContrast(1.25, 0.85);
    /** Parallel chunks of a phantom pool. */
    static final int PHANTOM_CHUNKS = 8;
    /** First study of every replay: a Monday, so ISO weeks line up. */
    public static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    /**
     * Settings.
     *
     * @param data         the shared chest X-rays (folder with manifest.csv); empty: phantom replay only
     * @param days         analysed span per site in days
     * @param sizes        nominal window sizes of the stable sites (one stable site per size and replay)
     * @param changingN    nominal window size of the changing sites
     * @param mixSource    manifest source mixed in at the real replay's hospital-mix site
     * @param mixFraction  share of that source's images from the change on
     * @param phantomPool  phantom studies per pool (reference, stable, each change)
     * @param seed         seed of pools, arrivals and draws
     * @param stallTimeout give up when the pipeline closes no window for this long
     */
    public record Settings(Optional<Path> data, int days, int[] sizes, int changingN, String mixSource,
                           double mixFraction, int phantomPool, long seed, Duration stallTimeout) {

        /** Checks the span and sizes. */
        public Settings {
            if (days < 3) {
                throw new IllegalArgumentException("--days must be at least 3, got " + days);
            }
            if (sizes.length == 0 || Arrays.stream(sizes).anyMatch(n -> n < 1) || changingN < 1) {
                throw new IllegalArgumentException("window sizes must be positive");
            }
            sizes = sizes.clone();
        }
    }


    /**
     * One replay's outcome.
     *
     * @param name       replay name
     * @param reference  what the reference profile was built from
     * @param studies    studies sent
     * @param labels     label records sent
     * @param wall       wall-clock time of the replay
     * @param sites      per-site results, the all-sites view last
     */
    public record ReplayReport(String name, String reference, long studies, long labels, Duration wall,
                               List<AlertQuality.SiteResult> sites) {
    }

    /**
     * The benchmark's outcome.
     *
     * @param settings     the settings
     * @param config       the measured deployment
     * @param bundleId     model id and hash
     * @param replays      the replays
     * @param summary      pooled report
     */
    public record Result(Settings settings, RadShiftConfig config, String bundleId, List<ReplayReport> replays,
                         AlertQuality.Summary summary) {
    }

    private final RadShiftConfig config;
    private final ModelBundle bundle;
    private final Settings settings;
    private final BenchListener listener;
    private final WindowScheme scheme;

    /** A benchmark of {@code config} (endpoints, state folder and metrics port are the benchmark's own). */
    public AlertsBenchmark(final RadShiftConfig config, final ModelBundle bundle, final Settings settings,
                           final BenchListener listener) {
        this.config = config;
        this.bundle = bundle;
        this.settings = settings;
        this.listener = listener;
        this.scheme = WindowScheme.of(AlertReplay.alertingWindow(config));
    }

    /** Scores the pools, runs the replays and computes the report. */
    public Result run() throws Exception {
        final List<String> references = new ArrayList<>();
        final List<AlertReplay.Plan> plans = plans(references);
        final AlertReplay replay = new AlertReplay(config, bundle, settings.stallTimeout());
        final List<ReplayReport> reports = new ArrayList<>();
        final List<AlertQuality.SiteResult> all = new ArrayList<>();
        for (int p = 0; p < plans.size(); p++) {
            final AlertReplay.Plan plan = plans.get(p);
            listener.note(String.format(Locale.ROOT, "Replaying %d days of %d sites (%s) through the pipeline...",
                plan.days(), plan.sites().size(), plan.name()));
            final AlertReplay.Result result = replay.run(plan, listener.task("windows (" + plan.name() + ")"));
            final List<AlertQuality.SiteResult> sites = analyse(plan, result);
            all.addAll(sites);
            reports.add(new ReplayReport(plan.name(), references.get(p), result.studies(), result.labels(),
                result.wall(), sites));
        }
        return new Result(settings, config, bundle.modelId() + " (" + bundle.contentHash() + ")", reports,
            AlertQuality.summarise(all, config.detection().alpha()));
    }

    /**
     * Scores the pools and writes every plan's alerting windows, judged without Kafka ({@link OfflineWindows}), to
     * {@code out} as JSON lines; returns how many.
     */
    public long writeOfflineWindows(final Path out) throws Exception {
        long written = 0;
        for (final AlertReplay.Plan plan : plans(new ArrayList<>())) {
            listener.note("Judging the windows of " + plan.name() + " without Kafka...");
            written += OfflineWindows.write(plan, config, out);
        }
        return written;
    }

    /** The replays' plans, their pools scored; what each reference was built from is added to {@code references}. */
    private List<AlertReplay.Plan> plans(final List<String> references) throws Exception {
        final List<AlertReplay.Plan> plans = new ArrayList<>();
        final Path scratch = Files.createTempDirectory("radshift-bench-alerts-");
        try {
            try (PreScorer scorer = new PreScorer(bundle)) {
                if (settings.data().isPresent()) {
                    plans.add(realPlan(scorer, settings.data().get(), scratch, references));
                } else {
                    listener.note("No real X-rays (--phantoms-only, or none found): running the phantom replay only.");
                }
                plans.add(phantomPlan(scorer, references));
                if (!scorer.failures().isEmpty()) {
                    listener.note("Images that could not be scored (left out): " + scorer.failures());
                }
            }
        } finally {
            EmbeddedKafka.deleteRecursively(scratch);
        }
        return plans;
    }

    private List<AlertQuality.SiteResult> analyse(final AlertReplay.Plan plan, final AlertReplay.Result result) {
        final List<BenchSite> sites = new ArrayList<>(plan.sites().stream().map(AlertReplay.Site::site).toList());
        final Instant firstChange = sites.stream().map(BenchSite::changeAt).filter(java.util.Objects::nonNull)
            .min(Instant::compareTo).orElse(null);
        sites.add(new BenchSite(plan.name(), BenchSite.ALL_SITES, 0, firstChange, "all sites of this replay"));
        return sites.stream().map(site -> AlertQuality.site(site, result.alerts(), result.windows(),
            result.studyTimes().getOrDefault(site.site(), List.of()), scheme, plan.start(), plan.end())).toList();
    }

    private AlertReplay.Plan realPlan(final PreScorer scorer, final Path data, final Path scratch,
                                      final List<String> references) throws IOException, OrtException {
        final String name = "real X-rays";
        final Manifest manifest = Manifest.read(data.resolve("manifest.csv"));
        final List<StudyInput> train = KermanyProtocol.reference(manifest);
        final List<StudyInput> unseen = KermanyProtocol.unseenPatients(manifest);
        final List<StudyInput> other = KermanyProtocol.site(manifest, settings.mixSource());
        if (train.isEmpty() || unseen.isEmpty() || other.isEmpty()) {
            throw new IllegalArgumentException(data + "/manifest.csv lacks kermany train, kermany val/test or "
                + settings.mixSource() + " images");
        }
        final LabelMap labels = LabelMap.resolve(KermanyProtocol.LABEL_MAP, KermanyProtocol.LABEL_MAP.keySet(),
            bundle.labels());
        final ReferenceProfile profile = profile(score(scorer, train, labels, "kermany/train (reference)"));
        final int stratify = bundle.labels().indexOf(KermanyProtocol.STRATIFY_LABEL);
        final double prevalence = profile.labels().prevalence(stratify);
        final List<PooledStudy> unseenPool = score(scorer, unseen, labels, "kermany unseen patients");
        final List<PooledStudy> shiftedPool = score(scorer, shifted(unseen, scratch), labels,
            "kermany unseen + " + REAL_SCANNER.name());
        final List<PooledStudy> otherPool = score(scorer, other, labels, settings.mixSource());
        final StudyDraw same = StudyDraw.labelMatched(unseenPool, stratify, prevalence);
        final List<AlertReplay.Site> sites = new ArrayList<>();
        for (final int n : settings.sizes()) {
            sites.add(site(new BenchSite(name, "kermany-n" + n, n, null, String.format(Locale.ROOT,
                "kermany unseen patients, pneumonia %.0f%% as in the reference", 100 * prevalence)), same, null));
        }
        sites.add(site(new BenchSite(name, "kermany-scanner", settings.changingN(), change(3), "kermany unseen, "
                + REAL_SCANNER.name() + " from day " + changeDay(3)), same,
            StudyDraw.labelMatched(shiftedPool, stratify, prevalence)));
        sites.add(site(new BenchSite(name, "kermany-" + settings.mixSource(), settings.changingN(), change(2),
                String.format(Locale.ROOT, "kermany unseen, %.0f%% %s X-rays mixed in from day %s",
                    100 * settings.mixFraction(), settings.mixSource(), changeDay(2))), same,
            StudyDraw.mixed(same, StudyDraw.uniform(otherPool), settings.mixFraction())));
        references.add(String.format(Locale.ROOT, "kermany/train, %d images of %d patients",
            profile.labels().studies(), train.stream().map(i -> i.patient().orElse(i.studyId())).distinct().count()));
        return new AlertReplay.Plan(name, profile, sites, START, settings.days(), settings.seed());
    }

    private AlertReplay.Plan phantomPlan(final PreScorer scorer, final List<String> references) throws OrtException {
        final String name = "phantoms";
        final long seed = settings.seed();
        final int pool = settings.phantomPool();
        final ReferenceProfile profile = profile(phantoms(scorer, PhantomStudySampler::reference, seed + 1, pool,
            "phantom reference"));
        final List<PooledStudy> stable = phantoms(scorer, PhantomStudySampler::reference, seed + 2, pool,
            "phantom stable pool");
        final double rare = 10 * PhantomStudySampler.referencePrevalence(RARE_FINDING);
        final List<PooledStudy> rarePool = phantoms(scorer,
            s -> PhantomStudySampler.reference(s).withPrevalence(RARE_FINDING, rare), seed + 3, pool / 2,
            "phantom " + RARE_FINDING + " x10 pool");
        final List<PooledStudy> scannerPool = phantoms(scorer,
            s -> PhantomStudySampler.reference(s).withScanner(CHANGED_SCANNER), seed + 4, pool / 2,
            "phantom scanner pool");
        final StudyDraw same = StudyDraw.uniform(stable);
        final List<AlertReplay.Site> sites = new ArrayList<>();
        for (final int n : settings.sizes()) {
            sites.add(site(new BenchSite(name, "phantom-n" + n, n, null, "phantoms as the reference"), same, null));
        }
        sites.add(site(new BenchSite(name, "phantom-rare", settings.changingN(), change(3), String.format(Locale.ROOT,
            "%s %.0f%% instead of %.0f%% from day %s", RARE_FINDING, 100 * rare,
            100 * PhantomStudySampler.referencePrevalence(RARE_FINDING), changeDay(3))), same,
            StudyDraw.uniform(rarePool)));
        sites.add(site(new BenchSite(name, "phantom-scanner", settings.changingN(), change(2), String.format(
            Locale.ROOT, "scanner: contrast x%.1f, gamma %.1f, noise +%.2f from day %s", CHANGED_SCANNER.contrast(),
            CHANGED_SCANNER.gamma(), CHANGED_SCANNER.extraNoise(), changeDay(2))), same,
            StudyDraw.uniform(scannerPool)));
        references.add(String.format(Locale.ROOT, "%d phantom studies (demo reference distribution)", pool));
        return new AlertReplay.Plan(name, profile, sites, START, settings.days(), seed + 1);
    }

    /** A site whose volume gives {@code windowN} studies per alerting window. */
    private AlertReplay.Site site(final BenchSite site, final StudyDraw before, final StudyDraw after) {
        final long windowMs = scheme.firstWindowEndContaining(0) - scheme.windowStart(scheme.firstWindowEndContaining(0));
        return new AlertReplay.Site(site, site.windowN() * (double) Duration.ofDays(1).toMillis() / windowMs,
            before, after);
    }

    /** The change after 1/{@code part} of the span, at 09:00. */
    private Instant change(final int part) {
        return START.plus(Duration.ofDays(settings.days() / part)).plus(Duration.ofHours(9));
    }

    private String changeDay(final int part) {
        return (settings.days() / part) + " 09:00";
    }

    private ReferenceProfile profile(final List<PooledStudy> studies) {
        final ReferenceProfileBuilder builder = new ReferenceProfileBuilder(bundle.labels(), bundle.modelId(),
            bundle.contentHash(), ProfileSettings.defaults().withSeed(settings.seed()));
        for (final PooledStudy s : studies) {
            final Observation o = StudyObservations.of(s.inference());
            builder.add(new Observation(o.studyId(), o.embedding(), o.scores(), o.quality(), o.metadata(),
                s.positives(), s.known()), s.group());
        }
        return builder.build();
    }

    private List<PooledStudy> score(final PreScorer scorer, final List<StudyInput> inputs, final LabelMap labels,
                                    final String task) throws OrtException {
        final List<PreScorer.Input> items = inputs.stream().map(input -> {
            final Optional<LabelMap.Truth> truth = labels.truth(input.label());
            return new PreScorer.Input(input.file(), null, truth.map(LabelMap.Truth::positives).orElse(null),
                truth.map(LabelMap.Truth::known).orElse(null), input.patient().orElse(input.studyId()));
        }).toList();
        return scorer.score(items, listener.task("scoring " + task)::update);
    }

    /**
     * Draws {@code count} phantom studies in {@link #PHANTOM_CHUNKS} parallel chunks, chunk c from
     * {@code sampler.apply(seed + c)} (a fixed chunk count keeps the draw the same on every machine), and scores them.
     */
    private List<PooledStudy> phantoms(final PreScorer scorer, final LongFunction<PhantomStudySampler> sampler,
                                       final long seed, final int count, final String task) throws OrtException {
        final AlertReplay.Progress progress = listener.task("drawing " + task);
        final boolean[] known = new boolean[bundle.labels().size()];
        Arrays.fill(known, true);
        final AtomicInteger drawn = new AtomicInteger();
        final List<List<PreScorer.Input>> chunks = IntStream.range(0, PHANTOM_CHUNKS).parallel().mapToObj(c -> {
            final PhantomStudySampler chunkSampler = sampler.apply(seed * PHANTOM_CHUNKS + c);
            final int size = count / PHANTOM_CHUNKS + (c < count % PHANTOM_CHUNKS ? 1 : 0);
            final List<PreScorer.Input> items = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                final PhantomStudySampler.PhantomStudy study = chunkSampler.next();
                items.add(new PreScorer.Input(null, study.png(), study.positives(bundle.labels()), known,
                    task + "-" + c + "-" + i));
                final int done = drawn.incrementAndGet();
                if (done % 100 == 0 || done == count) {
                    synchronized (progress) {
                        progress.update(done, count);
                    }
                }
            }
            return items;
        }).toList();
        return scorer.score(chunks.stream().flatMap(List::stream).toList(), listener.task("scoring " + task)::update);
    }

    private static List<StudyInput> shifted(final List<StudyInput> inputs, final Path scratch) throws IOException {
        final Path dir = Files.createDirectories(scratch.resolve("scanner"));
        final List<StudyInput> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            // One folder per image: val and test may hold equal file names.
            final StudyInput input = inputs.get(i);
            out.add(new StudyInput(REAL_SCANNER.apply(input.file(), Files.createDirectories(dir.resolve(
                Integer.toString(i)))), input.studyId(), input.patient(), input.label(), input.metadata()));
        }
        return out;
    }

    /** Stable-site sizes in the order given, for the report. */
    public static String sizes(final int[] sizes) {
        return Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    }
}
