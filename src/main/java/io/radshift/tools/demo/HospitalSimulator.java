package io.radshift.tools.demo;

import io.radshift.avro.AcquisitionMetadata;
import io.radshift.avro.LabelTruth;
import io.radshift.avro.StudyEvent;
import io.radshift.avro.StudyLabels;
import io.radshift.avro.TruthValue;
import io.radshift.ingest.Pseudonymizer;
import io.radshift.ingest.StudyPublisher;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for hospitals in the demo: several sites send chest X-rays (phantoms or real images, see
 * {@link StudySource}) at a realistic volume (hundreds of studies a day) on a compressed clock, with delayed ground
 * truth for part of the studies that have it. A site's scenario can change after a while (a scanner change, a
 * shift in how common a rare finding is, another hospital's images mixed in), which RadShift must flag for that
 * site only.
 */
public final class HospitalSimulator implements AutoCloseable {

    /**
     * One simulated hospital.
     *
     * @param site          site id
     * @param studiesPerDay mean volume
     * @param before        how studies are drawn at first
     * @param after         how studies are drawn after {@code changeAfter}; null for a stable site
     * @param changeAfter   simulated time from the start until the change
     * @param story         one line for the console, e.g. "scanner change on day 3"
     */
    public record Site(String site, int studiesPerDay, StudySource before, StudySource after,
                       Duration changeAfter, String story) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(HospitalSimulator.class);
    private static final double LABELLED_FRACTION = 0.5;
    private static final Duration LABEL_DELAY = Duration.ofHours(12);

    private final List<Site> sites;
    private final StudyPublisher publisher;
    private final List<String> labels;
    private final Instant simulatedStart;
    private final double speed;
    private final Pseudonymizer pseudonymizer;
    private final Random random = new Random(7);
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final PriorityQueue<StudyLabels> pendingLabels =
            new PriorityQueue<>((a, b) -> a.getEventTime().compareTo(b.getEventTime()));
    private final Thread thread;
    private volatile boolean running = true;
    private long wallStart;

    /**
     * @param simulatedStart event time at which the simulation starts
     * @param speed          simulated milliseconds per wall-clock millisecond
     */
    public HospitalSimulator(final List<Site> sites, final StudyPublisher publisher, final List<String> labels,
                             final Instant simulatedStart, final double speed) {
        this.sites = List.copyOf(sites);
        this.publisher = publisher;
        this.labels = List.copyOf(labels);
        this.simulatedStart = simulatedStart;
        this.speed = speed;
        final byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        this.pseudonymizer = new Pseudonymizer(key);
        this.thread = new Thread(this::run, "radshift-hospital-simulator");
        this.thread.setDaemon(true);
    }

    /** Starts sending. */
    public void start() {
        wallStart = System.currentTimeMillis();
        thread.start();
    }

    /** The simulated time now. */
    public Instant simulatedNow() {
        return simulatedStart.plusMillis((long) ((System.currentTimeMillis() - wallStart) * speed));
    }

    /** Studies sent per site so far. */
    public Map<String, Long> sentPerSite() {
        final Map<String, Long> out = new java.util.TreeMap<>();
        sent.forEach((site, count) -> out.put(site, count.get()));
        return out;
    }

    /** Acquisition metadata drawn from the same mix for the reference and every site: 70% PA views, half women. */
    public static AcquisitionMetadata metadata(final Random random) {
        return AcquisitionMetadata.newBuilder().setModality("DX").setViewPosition(random.nextDouble() < 0.7 ? "PA" : "AP")
                .setSex(random.nextBoolean() ? "F" : "M").setPhotometricInterpretation("MONOCHROME2").build();
    }

    private void run() {
        final long[] next = new long[sites.size()];
        java.util.Arrays.fill(next, simulatedStart.toEpochMilli());
        long counter = 0;
        while (running) {
            final long now = simulatedNow().toEpochMilli();
            for (int s = 0; s < sites.size(); s++) {
                final Site site = sites.get(s);
                final long interval = Duration.ofDays(1).toMillis() / site.studiesPerDay();
                while (next[s] <= now && running) {
                    send(site, next[s], counter++);
                    next[s] += (long) (interval * (0.5 + random.nextDouble()));
                }
            }
            releaseLabels(now);
            sleep();
        }
    }

    private void send(final Site site, final long eventTime, final long counter) {
        final boolean changed = site.after() != null && eventTime >= simulatedStart.plus(site.changeAfter()).toEpochMilli();
        final SimulatedStudy study = (changed ? site.after() : site.before()).next();
        final String studyId = pseudonymizer.studyId(site.site(), "accession-" + counter);
        publisher.send(StudyEvent.newBuilder()
                .setStudyId(studyId).setSiteId(site.site()).setEventTime(Instant.ofEpochMilli(eventTime))
                .setImage(ByteBuffer.wrap(study.image())).setImageFormat(study.format())
                .setMetadata(metadata(random)).build());
        sent.computeIfAbsent(site.site(), k -> new AtomicLong()).incrementAndGet();
        if (study.hasTruth() && random.nextDouble() < LABELLED_FRACTION) {
            synchronized (pendingLabels) {
                pendingLabels.add(truth(site.site(), studyId, eventTime + LABEL_DELAY.toMillis(), study));
            }
        }
    }

    private StudyLabels truth(final String site, final String studyId, final long at, final SimulatedStudy study) {
        final List<LabelTruth> truths = new ArrayList<>(labels.size());
        for (int l = 0; l < labels.size(); l++) {
            if (study.known()[l]) {
                truths.add(new LabelTruth(labels.get(l), study.positives()[l] ? TruthValue.POSITIVE : TruthValue.NEGATIVE));
            }
        }
        return new StudyLabels(studyId, site, Instant.ofEpochMilli(at), truths, "simulated-report-labeller");
    }

    private void releaseLabels(final long now) {
        synchronized (pendingLabels) {
            while (!pendingLabels.isEmpty() && pendingLabels.peek().getEventTime().toEpochMilli() <= now) {
                publisher.send(pendingLabels.poll());
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.flush();
        LOG.info("hospital simulator stopped after {}", sentPerSite());
    }
}
