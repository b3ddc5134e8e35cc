package io.radshift.tools.bench;

import io.radshift.avro.StudyEvent;
import io.radshift.ingest.Pseudonymizer;
import io.radshift.ingest.StudyPublisher;
import io.radshift.tools.demo.DemoScenario;
import io.radshift.tools.demo.HospitalSimulator;
import io.radshift.tools.demo.SimulatedStudy;
import io.radshift.window.WindowScheme;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The fixed set of studies of the chaos benchmark: the demo's four phantom hospitals (hospital-c changes scanner on
 * day 3, hospital-d sees a rare finding ten times more often from day 2), evenly spaced in event time, so that the
 * same seed gives the same studies, the same windows and the same alerts in every run. After the last day each site
 * sends one sentinel study a day later, which moves the watermark past every window of the days before: those
 * windows close in every run, and their expected study counts follow from the event times alone.
 */
final class ChaosStudies {

    /** One published study: its site and event time. */
    record Sent(String site, long eventTime) {
    }

    /** Where the studies start: a fixed Monday, long enough ago that no study is dated in the future. */
    static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    private final int perSiteDay;
    private final int days;
    private final long seed;

    ChaosStudies(final int perSiteDay, final int days, final long seed) {
        this.perSiteDay = perSiteDay;
        this.days = days;
        this.seed = seed;
    }

    /** Studies sent per site, sentinel included. */
    int perSite() {
        return perSiteDay * days + 1;
    }

    /** The event time of the sentinels: every window ending an hour or more before it closes. */
    long sentinelTime() {
        return START.plus(Duration.ofDays(days + 1L)).toEpochMilli();
    }

    /**
     * Sends every study, sites interleaved in event-time order, and returns what was sent.
     *
     * @param progress told (sent, total) now and then
     */
    List<Sent> publish(final StudyPublisher publisher, final List<String> labels, final BiConsumer<Integer, Integer> progress) {
        final List<HospitalSimulator.Site> sites = DemoScenario.sites(perSiteDay, seed, labels);
        final Pseudonymizer pseudonyms = new Pseudonymizer(("radshift-chaos-" + seed).getBytes(StandardCharsets.UTF_8));
        final Random metadata = new Random(seed);
        final long step = Duration.ofDays(1).toMillis() / perSiteDay;
        final int total = perSite() * sites.size();
        final List<Sent> sent = new ArrayList<>(total);
        for (int i = 0; i < perSite(); i++) {
            final long eventTime = i == perSite() - 1 ? sentinelTime() : START.toEpochMilli() + i * step;
            for (HospitalSimulator.Site site : sites) {
                final boolean changed = site.after() != null
                        && eventTime >= START.plus(site.changeAfter()).toEpochMilli();
                final SimulatedStudy study = (changed ? site.after() : site.before()).next();
                publisher.send(StudyEvent.newBuilder()
                        .setStudyId(pseudonyms.studyId(site.site(), "chaos-" + i))
                        .setSiteId(site.site()).setEventTime(Instant.ofEpochMilli(eventTime))
                        .setImage(ByteBuffer.wrap(study.image())).setImageFormat(study.format())
                        .setMetadata(HospitalSimulator.metadata(metadata)).build());
                sent.add(new Sent(site.site(), eventTime));
            }
            progress.accept(sent.size(), total);
        }
        publisher.flush();
        return List.copyOf(sent);
    }

    /**
     * The study count every window of {@code scheme} must have once the sentinels are in: per window of each site
     * that closes (its end plus grace at or before the sentinels' time), keyed as {@link WindowKey}.
     */
    static Map<WindowKey, Long> expectedCounts(final List<Sent> sent, final WindowScheme.Sliding scheme, final long sentinelTime) {
        final Map<WindowKey, Long> counts = new TreeMap<>();
        for (Sent study : sent) {
            long end = scheme.paneStart(study.eventTime()) + scheme.advanceMs();
            while (scheme.windowStart(end) <= study.eventTime()) {
                if (end + scheme.graceMs() <= sentinelTime) {
                    counts.merge(new WindowKey(study.site(), scheme.name(), end), 1L, Long::sum);
                }
                end = scheme.nextWindowEnd(end);
            }
        }
        return counts;
    }
}
