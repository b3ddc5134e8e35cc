package io.radshift.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One RadShift deployment, as written in {@code topologies/*.yaml}: where Kafka and the Schema Registry are,
 * the topic names, the model bundle, the reference profile, the windows, and the detection thresholds.
 *
 * <p>Every section has defaults, so a file only states what differs. Load it with {@link ConfigLoader}, which
 * reports unknown keys, wrong types and missing files with the path of the offending key.
 */
public record RadShiftConfig(Kafka kafka, Registry schemaRegistry, TopicNames topics, Model model, Reference reference,
                             Labels labels, List<Window> windows, Detection detection, Alerts alerts, Metrics metrics,
                             Streams streams) {

    /** The largest Java array: a byte limit above it would fail only when the first such image arrives. */
    static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;
    /** The alert lifecycle keeps the last fireWindow verdicts per (site, window): bounded state. */
    static final int MAX_FIRE_WINDOW = 1000;
    /** The longest duration a setting may have (100 years): event-time arithmetic in milliseconds stays far from overflow. */
    static final Duration MAX_DURATION = Duration.ofDays(36_525);

    public RadShiftConfig {
        kafka = Objects.requireNonNullElseGet(kafka, () -> new Kafka(null, null, null, null, null));
        schemaRegistry = Objects.requireNonNullElseGet(schemaRegistry, () -> new Registry(null, null, null));
        topics = Objects.requireNonNullElseGet(topics, () -> new TopicNames(null, null, null, null, null, null, null, null));
        model = Objects.requireNonNullElseGet(model, () -> new Model(null, null, null, null, null, null, null, null, null));
        reference = Objects.requireNonNullElseGet(reference, () -> new Reference(null));
        labels = Objects.requireNonNullElseGet(labels, () -> new Labels(null, null, null, null, null));
        windows = windows == null || windows.isEmpty() ? Window.defaults() : List.copyOf(windows);
        detection = Objects.requireNonNullElseGet(detection, () -> new Detection(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
        alerts = Objects.requireNonNullElseGet(alerts, () -> new Alerts(null));
        metrics = Objects.requireNonNullElseGet(metrics, () -> new Metrics(null));
        streams = Objects.requireNonNullElseGet(streams, () -> new Streams(null));
        streams.checkWithin(kafka);
        if (windows.stream().map(Window::name).distinct().count() != windows.size()) {
            throw new IllegalArgumentException("window names must be unique");
        }
        for (final Window w : windows) {
            if (detection.siteStateRetention().compareTo(w.size().plus(w.grace())) < 0) {
                throw new IllegalArgumentException("detection.siteStateRetention (" + detection.siteStateRetention()
                        + ") must be at least window " + w.name() + "'s size plus grace, so a quiet site's last windows close first");
            }
        }
    }

    /** A deployment with the default Kafka Streams settings ({@link Streams}). */
    public RadShiftConfig(final Kafka kafka, final Registry schemaRegistry, final TopicNames topics, final Model model,
                          final Reference reference, final Labels labels, final List<Window> windows,
                          final Detection detection, final Alerts alerts, final Metrics metrics) {
        this(kafka, schemaRegistry, topics, model, reference, labels, windows, detection, alerts, metrics, null);
    }

    /** The same deployment pointed at another Kafka cluster and Schema Registry (the demo's embedded ones). */
    public RadShiftConfig withEndpoints(final String bootstrapServers, final String registryUrl) {
        return new RadShiftConfig(new Kafka(bootstrapServers, kafka.applicationId(), kafka.stateDir(), kafka.properties(), kafka.security()),
                new Registry(registryUrl, schemaRegistry.basicAuthUserInfo(), schemaRegistry.autoRegister(),
                        schemaRegistry.startupAttempts(), schemaRegistry.startupBackoff()),
                topics, model, reference, labels, windows, detection, alerts, metrics, streams);
    }

    /** The same deployment with its Kafka Streams state in another folder. */
    public RadShiftConfig withStateDir(final Path stateDir) {
        return new RadShiftConfig(new Kafka(kafka.bootstrapServers(), kafka.applicationId(), stateDir, kafka.properties(), kafka.security()),
                schemaRegistry, topics, model, reference, labels, windows, detection, alerts, metrics, streams);
    }

    /**
     * Kafka connection. {@code security} is how every client encrypts and authenticates ({@link KafkaSecurity});
     * {@code properties} carries other client settings (timeouts, {@code ssl.endpoint.identification.algorithm},
     * {@code sasl.login.*}) but none that {@code security} owns, and no password: those would sit in the file.
     */
    public record Kafka(String bootstrapServers, String applicationId, Path stateDir, Map<String, String> properties,
                        KafkaSecurity security) {
        public Kafka {
            bootstrapServers = Objects.requireNonNullElse(bootstrapServers, "localhost:9092");
            applicationId = Objects.requireNonNullElse(applicationId, "radshift");
            stateDir = Objects.requireNonNullElseGet(stateDir, () -> Path.of(System.getProperty("java.io.tmpdir"), "radshift-state"));
            properties = properties == null ? Map.of() : Map.copyOf(properties);
            properties.keySet().forEach(Kafka::checkNotSecurityOwned);
            security = Objects.requireNonNullElseGet(security, KafkaSecurity::plaintext);
        }

        /** A plaintext connection with extra client settings. */
        public Kafka(final String bootstrapServers, final String applicationId, final Path stateDir, final Map<String, String> properties) {
            this(bootstrapServers, applicationId, stateDir, properties, null);
        }

        /**
         * The settings every Kafka client of this deployment starts from: {@code bootstrap.servers}, the extra
         * {@code properties} and the {@code security} settings, secrets read now. Every producer, consumer, admin
         * client and the Streams application is built from this map, so none can miss the security settings.
         *
         * @throws ConfigException when a secret cannot be read
         */
        public Map<String, String> clientProperties() {
            final Map<String, String> p = new java.util.HashMap<>(properties);
            p.putAll(security.clientProperties());
            p.put("bootstrap.servers", bootstrapServers);
            return p;
        }

        private static void checkNotSecurityOwned(final String key) {
            final String k = key.toLowerCase(java.util.Locale.ROOT);
            if (k.equals("security.protocol") || k.equals("sasl.mechanism") || k.startsWith("ssl.truststore.")
                    || k.startsWith("ssl.keystore.") || k.equals("ssl.key.password") || k.contains("password") || k.contains("jaas")) {
                throw new IllegalArgumentException("kafka.properties cannot set '" + key + "': use the kafka.security "
                        + "section, which reads passwords and JAAS settings from a file or the environment");
            }
        }
    }

    /**
     * Confluent-compatible Schema Registry. {@code basicAuthUserInfo} is {@code user:password} when the registry
     * needs it: a {@link Secret}, read from a file or an environment variable. At start RadShift tries to reach it
     * {@code startupAttempts} times, waiting {@code startupBackoff} before the second attempt and twice as long before
     * each further one (at most 8 times as long), then fails with one line.
     */
    public record Registry(String url, Secret basicAuthUserInfo, Boolean autoRegister, Integer startupAttempts,
                           Duration startupBackoff) {
        public Registry {
            url = Objects.requireNonNullElse(url, "http://localhost:8081");
            autoRegister = Objects.requireNonNullElse(autoRegister, Boolean.TRUE);
            startupAttempts = Objects.requireNonNullElse(startupAttempts, 6);
            startupBackoff = Objects.requireNonNullElse(startupBackoff, Duration.ofSeconds(1));
            if (startupAttempts < 1) {
                throw new IllegalArgumentException("schemaRegistry.startupAttempts must be at least 1");
            }
        }

        /** A registry with the default start-up retries. */
        public Registry(final String url, final Secret basicAuthUserInfo, final Boolean autoRegister) {
            this(url, basicAuthUserInfo, autoRegister, null, null);
        }
    }

    /**
     * How Kafka Streams runs RadShift. {@code commitInterval} is how often the exactly-once transaction commits: the
     * input offsets, state changelogs and outputs of everything processed since the last commit become visible to
     * read-committed consumers (the next stage, the on-call) only then, so every exactly-once hop on the way from a
     * study to an alert waits up to one interval. Shorter means lower latency and more transactions (each one writes
     * commit markers to every output, changelog and offsets partition it touched and costs a round trip to the
     * transaction coordinator); longer means fewer, larger transactions and more throughput. The default, 1 s, suits
     * windows of hours; a deployment that needs an alert within about a second of a window's close sets
     * {@code 100ms} (Kafka Streams' own default under exactly-once). It must stay below the producer's
     * {@code transaction.timeout.ms} (Streams' default 10 s, or {@code kafka.properties}' value), or every
     * transaction would time out.
     */
    public record Streams(Duration commitInterval) {

        /** Kafka Streams' transaction timeout under exactly-once when {@code kafka.properties} does not set one. */
        static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

        public Streams {
            commitInterval = positive("streams.commitInterval", Objects.requireNonNullElse(commitInterval, Duration.ofSeconds(1)));
        }

        /** Refuses a commit interval that the producer's transaction timeout would cut short. */
        void checkWithin(final Kafka kafka) {
            final Duration timeout = transactionTimeout(kafka.properties());
            if (commitInterval.compareTo(timeout) > 0) {
                throw new IllegalArgumentException("streams.commitInterval (" + commitInterval.toMillis() + " ms) must not exceed "
                        + "the exactly-once transaction timeout (" + timeout.toMillis() + " ms, kafka.properties "
                        + "transaction.timeout.ms), or every transaction would time out");
            }
        }

        /** The producer's transaction timeout: {@code kafka.properties}' (plain or {@code producer.}-prefixed) or Streams' default. */
        private static Duration transactionTimeout(final Map<String, String> properties) {
            final String key = properties.containsKey("producer.transaction.timeout.ms") ? "producer.transaction.timeout.ms"
                    : "transaction.timeout.ms";
            final String configured = properties.get(key);
            if (configured == null) {
                return DEFAULT_TRANSACTION_TIMEOUT;
            }
            try {
                return Duration.ofMillis(Long.parseLong(configured.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("kafka.properties " + key + " must be a number of milliseconds, got '"
                        + configured + "'", e);
            }
        }
    }

    /** Topic names (defined once here) and the partition count used when RadShift creates them. */
    public record TopicNames(String studies, String studyLabels, String inferences, String windows, String alerts,
                         String deadLetter, Integer partitions, Short replicationFactor) {
        public TopicNames {
            studies = Objects.requireNonNullElse(studies, "studies");
            studyLabels = Objects.requireNonNullElse(studyLabels, "study-labels");
            inferences = Objects.requireNonNullElse(inferences, "study-inferences");
            windows = Objects.requireNonNullElse(windows, "drift-windows");
            alerts = Objects.requireNonNullElse(alerts, "drift-alerts");
            deadLetter = Objects.requireNonNullElse(deadLetter, "radshift-dead-letter");
            partitions = positive("topics.partitions", Objects.requireNonNullElse(partitions, 6));
            replicationFactor = Objects.requireNonNullElse(replicationFactor, (short) 1);
            positive("topics.replicationFactor", replicationFactor);
        }
    }

    /**
     * The model bundle and how to run it. {@code provider} is {@code cpu} (the default) or {@code cuda}, which needs
     * the GPU build and falls back to CPU there when CUDA cannot load.
     */
    public record Model(Path bundle, String provider, Integer deviceId, Integer intraOpThreads, Integer batchSize,
                        Duration maxBatchLatency, Long maxImageBytes, Long maxImagePixels, List<String> imageUriRoots) {
        public Model {
            provider = Objects.requireNonNullElse(provider, "cpu").toLowerCase(java.util.Locale.ROOT);
            if (!provider.equals("cuda") && !provider.equals("cpu")) {
                throw new IllegalArgumentException("model.provider must be cuda or cpu, got '" + provider + "'");
            }
            deviceId = Objects.requireNonNullElse(deviceId, 0);
            if (deviceId < 0) {
                throw new IllegalArgumentException("model.deviceId must be 0 or more, got " + deviceId);
            }
            intraOpThreads = positive("model.intraOpThreads", Objects.requireNonNullElse(intraOpThreads, 2));
            batchSize = positive("model.batchSize", Objects.requireNonNullElse(batchSize, 32));
            maxBatchLatency = positive("model.maxBatchLatency", Objects.requireNonNullElse(maxBatchLatency, Duration.ofMillis(500)));
            maxImageBytes = between("model.maxImageBytes", Objects.requireNonNullElse(maxImageBytes, 32L * 1024 * 1024), 1, MAX_ARRAY_BYTES);
            maxImagePixels = between("model.maxImagePixels", Objects.requireNonNullElse(maxImagePixels, 50_000_000L), 1, MAX_ARRAY_BYTES / Float.BYTES);
            imageUriRoots = imageUriRoots == null ? List.of()
                    : ImageUriRoots.parse(imageUriRoots).stream().map(java.net.URI::toString).toList();
        }

        /** {@link #imageUriRoots()} as URIs: where a study's imageUri may be read from (none: inline images only). */
        public List<java.net.URI> imageRoots() {
            return imageUriRoots.stream().map(java.net.URI::create).toList();
        }
    }

    /** The reference (training) profile built by {@code radshift baseline}. */
    public record Reference(Path profile) {
    }

    /**
     * The label set and what counts as rare and as confident. {@code names} empty means the bundle's labels.
     * {@code highConfidence} is tau: a score at or above it is a high-confidence positive.
     */
    public record Labels(List<String> names, Double rarePrevalence, Double highConfidence, Integer histogramBins,
                         Double decisionThreshold) {
        public Labels {
            names = names == null ? List.of() : List.copyOf(names);
            rarePrevalence = probability("labels.rarePrevalence", Objects.requireNonNullElse(rarePrevalence, 0.05));
            highConfidence = probability("labels.highConfidence", Objects.requireNonNullElse(highConfidence, 0.9));
            histogramBins = positive("labels.histogramBins", Objects.requireNonNullElse(histogramBins, 10));
            decisionThreshold = probability("labels.decisionThreshold", Objects.requireNonNullElse(decisionThreshold, 0.5));
        }
    }

    /**
     * A window definition. {@code sliding}: windows of {@code size} advancing by {@code advance} (hopping panes);
     * {@code tumbling}: non-overlapping windows of {@code size}; {@code iso-week}: calendar ISO weeks in {@code zone}.
     * Late studies are accepted until window end plus {@code grace}. Windows with {@code alerting} feed the alert
     * lifecycle (default: all but iso-week, whose summaries are for the weekly review).
     */
    public record Window(String name, String type, Duration size, Duration advance, Duration grace, ZoneId zone,
                         Boolean alerting) {
        public Window {
            name = Objects.requireNonNull(name, "every window needs a name");
            type = Objects.requireNonNullElse(type, "sliding");
            if (!List.of("sliding", "tumbling", "iso-week").contains(type)) {
                throw new IllegalArgumentException("window " + name + ": type must be sliding, tumbling or iso-week, got '" + type + "'");
            }
            size = type.equals("iso-week") ? Duration.ofDays(7) : Objects.requireNonNull(size, "window " + name + " needs a size");
            advance = type.equals("sliding") ? Objects.requireNonNullElse(advance, Duration.ofHours(1)) : size;
            grace = Objects.requireNonNullElse(grace, Duration.ofMinutes(10));
            if (grace.isNegative()) {
                throw new IllegalArgumentException("window " + name + ": grace must not be negative, got " + grace);
            }
            wholeMillis("window " + name + ": grace", grace);
            zone = Objects.requireNonNullElse(zone, ZoneId.of("UTC"));
            alerting = Objects.requireNonNullElse(alerting, !type.equals("iso-week"));
            if (size.isZero() || size.isNegative() || advance.isZero() || advance.isNegative() || advance.compareTo(size) > 0) {
                throw new IllegalArgumentException("window " + name + ": need 0 < advance <= size");
            }
            positive("window " + name + ": size", size);
            positive("window " + name + ": advance", advance);
            if (size.toMillis() % advance.toMillis() != 0) {
                throw new IllegalArgumentException("window " + name + ": size " + size + " must be a multiple of advance " + advance);
            }
        }

        static List<Window> defaults() {
            return List.of(new Window("oncall-24h", "sliding", Duration.ofHours(24), Duration.ofHours(1), null, null, null),
                    new Window("weekly", "iso-week", null, null, Duration.ofHours(1), null, null));
        }
    }

    /**
     * Detection thresholds: family-wise alpha per window, correction ({@code holm} or {@code bh}), minimum
     * window size for a verdict, alert persistence (fire after {@code fireAfter} of the last {@code fireWindow}
     * windows), site-silent timeout, ground-truth join retention, the dead-letter rate that raises input-quality,
     * the growth of the over-confidence gap (mean score of predicted positives minus their precision) over the
     * reference's own gap that raises calibration (its tolerance: twice the gap is critical),
     * how long the whole stream may be idle before event time advances with the wall clock, and the practical
     * tolerances of the tests' effect sizes ({@code tolerances}: a significant test is drift only when its effect
     * is beyond them), how far ahead of the wall clock a study may be dated before it is refused, and how long
     * a site may stay silent (on its own event-time clock) before its window state is removed, how many scored
     * studies per site may wait for their ground truth ({@code maxScoresPerSite}: the {@code study-scores} store
     * would otherwise grow with volume times {@code groundTruthRetention}; studies beyond it are counted in
     * {@code radshift_study_scores_overflow_total} and their scores not kept), and how decisive one window's evidence
     * must be to open an incident without waiting for {@code fireAfter} windows ({@code fireAtOnce}: a material test
     * whose adjusted p-value is that many times below the window's level; 0 turns it off).
     */
    public record Detection(Double alpha, String correction, Integer minStudies, Integer fireAfter, Integer fireWindow,
                            Duration siteSilentAfter, Duration groundTruthRetention, Double maxDeadLetterRate,
                            Double maxOverconfidenceGap, Duration idleTimeout, Tolerances tolerances,
                            Duration maxFutureSkew, Duration siteStateRetention, Integer maxScoresPerSite,
                            Double fireAtOnce) {
        public Detection {
            alpha = probability("detection.alpha", Objects.requireNonNullElse(alpha, 0.01));
            correction = Objects.requireNonNullElse(correction, "holm").toLowerCase(java.util.Locale.ROOT);
            if (!correction.equals("holm") && !correction.equals("bh")) {
                throw new IllegalArgumentException("detection.correction must be holm or bh, got '" + correction + "'");
            }
            minStudies = positive("detection.minStudies", Objects.requireNonNullElse(minStudies, 30));
            fireAfter = positive("detection.fireAfter", Objects.requireNonNullElse(fireAfter, 2));
            fireWindow = (int) between("detection.fireWindow", Objects.requireNonNullElse(fireWindow, 3), 1, MAX_FIRE_WINDOW);
            if (fireAfter > fireWindow) {
                throw new IllegalArgumentException("detection.fireAfter (" + fireAfter + ") exceeds detection.fireWindow (" + fireWindow + ")");
            }
            siteSilentAfter = positive("detection.siteSilentAfter", Objects.requireNonNullElse(siteSilentAfter, Duration.ofHours(6)));
            groundTruthRetention = positive("detection.groundTruthRetention", Objects.requireNonNullElse(groundTruthRetention, Duration.ofDays(30)));
            maxDeadLetterRate = probability("detection.maxDeadLetterRate", Objects.requireNonNullElse(maxDeadLetterRate, 0.05));
            maxOverconfidenceGap = probability("detection.maxOverconfidenceGap", Objects.requireNonNullElse(maxOverconfidenceGap, 0.15));
            idleTimeout = positive("detection.idleTimeout", Objects.requireNonNullElse(idleTimeout, Duration.ofSeconds(5)));
            maxFutureSkew = positive("detection.maxFutureSkew", Objects.requireNonNullElse(maxFutureSkew, Duration.ofHours(1)));
            tolerances = Objects.requireNonNullElseGet(tolerances, () -> new Tolerances(null, null, null, null, null, null, null, null));
            maxScoresPerSite = positive("detection.maxScoresPerSite", Objects.requireNonNullElse(maxScoresPerSite, 100_000));
            siteStateRetention = positive("detection.siteStateRetention", Objects.requireNonNullElse(siteStateRetention, Duration.ofDays(30)));
            fireAtOnce = Objects.requireNonNullElse(fireAtOnce, 10.0);
            if (!(fireAtOnce == 0 || fireAtOnce >= 1)) {
                throw new IllegalArgumentException("detection.fireAtOnce must be 0 (off) or at least 1, got " + fireAtOnce);
            }
            if (siteStateRetention.compareTo(siteSilentAfter) <= 0) {
                throw new IllegalArgumentException("detection.siteStateRetention (" + siteStateRetention
                        + ") must exceed detection.siteSilentAfter (" + siteSilentAfter + "), or a silent site would be forgotten before it is reported");
            }
        }

        /** Detection settings with the default tolerances. */
        public Detection(final Double alpha, final String correction, final Integer minStudies, final Integer fireAfter,
                         final Integer fireWindow, final Duration siteSilentAfter, final Duration groundTruthRetention,
                         final Double maxDeadLetterRate, final Double maxOverconfidenceGap, final Duration idleTimeout) {
            this(alpha, correction, minStudies, fireAfter, fireWindow, siteSilentAfter, groundTruthRetention,
                    maxDeadLetterRate, maxOverconfidenceGap, idleTimeout, null, null, null, null, null);
        }
    }

    /**
     * {@code detection.tolerances}: the practical tolerance of each family of tests' effect size; a family left out
     * keeps its defaults (README, "How detection works"). Families: centroid distance ({@code centroidEuclidean},
     * squared centroid shift over the total variance), centroid direction ({@code centroidCosine}, cosine
     * distance), {@code mmd} (MMD^2), {@code labelPrior} and {@code rareOverconfidence} (Cohen's h),
     * {@code scoreHistogram} and {@code metadata} (PSI), {@code quality} (standardised mean difference).
     */
    public record Tolerances(FamilyTolerance centroidEuclidean, FamilyTolerance centroidCosine, FamilyTolerance mmd,
                             FamilyTolerance labelPrior, FamilyTolerance rareOverconfidence,
                             FamilyTolerance scoreHistogram, FamilyTolerance metadata, FamilyTolerance quality) {

        /** The families by their key, only those configured. */
        public Map<String, FamilyTolerance> configured() {
            final Map<String, FamilyTolerance> all = new java.util.LinkedHashMap<>();
            all.put("centroidEuclidean", centroidEuclidean);
            all.put("centroidCosine", centroidCosine);
            all.put("mmd", mmd);
            all.put("labelPrior", labelPrior);
            all.put("rareOverconfidence", rareOverconfidence);
            all.put("scoreHistogram", scoreHistogram);
            all.put("metadata", metadata);
            all.put("quality", quality);
            all.values().removeIf(Objects::isNull);
            return all;
        }
    }

    /**
     * One family's tolerances: {@code tolerance} (an effect beyond it is material), {@code critical} (beyond it the
     * severity is critical; when left out, the default or the tolerance, whichever is larger), whether the
     * reference profile's own variation between groups of patients may raise them ({@code fromReference}, default
     * true), and per-label overrides keyed by label, metadata field or quality feature.
     */
    public record FamilyTolerance(Double tolerance, Double critical, Boolean fromReference, Map<String, LabelTolerance> labels) {
        public FamilyTolerance {
            checkTolerances(tolerance, critical);
            fromReference = Objects.requireNonNullElse(fromReference, Boolean.TRUE);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /** A per-label tolerance; {@code critical} defaults to the family's (or the tolerance, if larger). */
    public record LabelTolerance(Double tolerance, Double critical) {
        public LabelTolerance {
            if (tolerance == null) {
                throw new IllegalArgumentException("a per-label tolerance needs 'tolerance'");
            }
            checkTolerances(tolerance, critical);
        }
    }

    private static void checkTolerances(final Double tolerance, final Double critical) {
        if (tolerance != null && !(tolerance >= 0 && Double.isFinite(tolerance))) {
            throw new IllegalArgumentException("tolerance must be a finite number >= 0, got " + tolerance);
        }
        if (critical != null && !(critical >= 0 && Double.isFinite(critical))) {
            throw new IllegalArgumentException("critical must be a finite number >= 0, got " + critical);
        }
        if (tolerance != null && critical != null && critical < tolerance) {
            throw new IllegalArgumentException("critical (" + critical + ") must not be below tolerance (" + tolerance + ")");
        }
    }

    /** Alert payload settings. */
    public record Alerts(String runbookUrl) {
        public Alerts {
            runbookUrl = Objects.requireNonNullElse(runbookUrl, "https://github.com/radshift/radshift/blob/main/docs/runbook.md");
        }
    }

    /**
     * The HTTP endpoint serving /metrics, /health and /ready: its port (0 = any free port), the address it binds
     * ({@code 127.0.0.1} unless configured: a container sets {@code 0.0.0.0} so Prometheus can reach it), an
     * optional bearer token that /metrics then requires (a {@link Secret}; /health and /ready stay open for probes),
     * and the bounds of the {@code site} tag: {@code sites} lists the sites that get series of their own (empty: the
     * first {@code maxSites} seen); others are reported as site {@code _other}; a site unseen for
     * {@code siteStaleAfter} loses its series and its slot. The same server answers the query API under
     * {@code /api/v1} behind the same token; {@code apiWindowRetention} is how far back before a site's newest window
     * it keeps that site's window summaries.
     */
    public record Metrics(Integer port, String bindAddress, Secret bearerToken, List<String> sites, Integer maxSites,
                          Duration siteStaleAfter, Duration apiWindowRetention) {
        public Metrics {
            port = Objects.requireNonNullElse(port, 9464);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("metrics.port must be 0-65535, got " + port);
            }
            bindAddress = Objects.requireNonNullElse(bindAddress, "127.0.0.1");
            if (!bindAddress.matches("[A-Za-z0-9.:_-]+")) {
                throw new IllegalArgumentException("metrics.bindAddress must be a host name or IP address such as "
                        + "127.0.0.1 or 0.0.0.0, got '" + bindAddress + "'");
            }
            sites = sites == null ? List.of() : List.copyOf(sites);
            if (sites.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("metrics.sites must not hold a blank site id");
            }
            maxSites = positive("metrics.maxSites", Objects.requireNonNullElse(maxSites, 100));
            siteStaleAfter = positive("metrics.siteStaleAfter", Objects.requireNonNullElse(siteStaleAfter, Duration.ofDays(7)));
            // How far back the query API answers windows: five weeks keeps the last four ISO weeks whole.
            apiWindowRetention = positive("metrics.apiWindowRetention", Objects.requireNonNullElse(apiWindowRetention, Duration.ofDays(35)));
        }

        /** Port {@code port} on 127.0.0.1, without a token, with the default site bounds. */
        public Metrics(final Integer port) {
            this(port, null, null, null, null, null, null);
        }
    }

    private static Duration positive(final String key, final Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be a positive duration, got " + value);
        }
        return wholeMillis(key, value);
    }

    /**
     * Event time is kept in milliseconds: a duration under a millisecond, or with a fraction of one, would be
     * truncated later (a window advancing by 0 ms divides by zero), and one beyond {@link #MAX_DURATION} would
     * overflow window-end-plus-grace arithmetic and close every window at once.
     */
    private static Duration wholeMillis(final String key, final Duration value) {
        if (value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(key + " must be at most " + MAX_DURATION.toDays() + " days, got " + value);
        }
        if (value.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException(key + " must be a whole number of milliseconds, got " + value);
        }
        return value;
    }

    private static long between(final String key, final long value, final long min, final long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private static int positive(final String key, final int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
        return value;
    }

    private static double probability(final String key, final double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(key + " must be strictly between 0 and 1, got " + value);
        }
        return value;
    }
}
